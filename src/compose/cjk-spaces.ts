// Spaces after full-width punctuation. A Chinese (or Japanese) punctuation mark is drawn with its own
// space, so a space typed after it, before more CJK text, opens a visible gap ("。** 两者" from
// "**标题。** 两者"): set Chinese has none there. Dropped as xeCJK and CSS's text-autospace drop it;
// a space before Latin text or a number stays, as does any space between ideographs.
import { CJK } from '../fonts/scripts.ts';
import type { Run } from '../types.ts';

/** Full-width and ideographic punctuation: 。，、；：？！（）《》「」『』【】… */
const FULL_WIDTH_PUNCTUATION = /[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/;
const WITHIN_RUN = new RegExp(`(${FULL_WIDTH_PUNCTUATION.source})[ \\t]+(?=${CJK.source})`, 'g');

/** The runs with every space between full-width punctuation and CJK text removed, across runs too (a bold lead-in's end). */
export function closeSpacesAfterCjkPunctuation<R extends Run>(runs: R[]): R[] {
  const texts = runs.map((r) => r.text.replace(WITHIN_RUN, '$1'));
  let before = '';
  texts.forEach((text, i) => {
    if (FULL_WIDTH_PUNCTUATION.test(before) && /^[ \t]/.test(text)) {
      const rest = text.replace(/^[ \t]+/, '');
      const next = rest ? rest[0] : texts.slice(i + 1).join('').trimStart()[0];
      if (next && CJK.test(next)) texts[i] = rest;
    }
    if (texts[i]) before = texts[i].slice(-1);
  });
  return runs.map((r, i) => (texts[i] === r.text ? r : { ...r, text: texts[i] }));
}
