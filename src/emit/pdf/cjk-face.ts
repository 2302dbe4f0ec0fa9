// The report's Chinese faces (Noto Sans CJK), made cheaper to draw with than fontkit makes them:
// - shaping: fontkit runs every GSUB and GPOS lookup of the face over each run it lays out, ~1 ms for a
//   few ideographs, the same glyphs and advances their character map and metrics give. A run of
//   ideographs and CJK punctuation alone is set from those (no feature of the face applies to them
//   without a language or vertical setting, which the report never asks for); anything else is shaped;
// - subsetting: HarfBuzz's subsetter (cff-subset.ts).
import type * as fontkit from 'fontkit';
import { cffSubsetFor } from './cff-subset.ts';

/** Ideographs, CJK symbols and punctuation, and full-width forms: set one glyph per character. */
const UNSHAPED = /^[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+$/;

/** The CJK face, changed once (the instance the font plan and the deck's measuring use too). */
export function cjkFace(font: fontkit.Font, file: string): fontkit.Font {
  if (changed.has(font)) return font;
  changed.add(font);
  // Decided when pdfkit first draws with the face (it asks for a subset then): a report with no
  // Chinese text never reads the collection's CFF table.
  const subsettable = font as unknown as { createSubset: () => unknown };
  const fontkitSubset = subsettable.createSubset.bind(font);
  let harfBuzzSubset: (() => unknown) | null | undefined;
  subsettable.createSubset = () => (harfBuzzSubset ??= cffSubsetFor(font, file) ?? null)?.() ?? fontkitSubset();
  const shape = font.layout.bind(font);
  font.layout = ((text: string, features?: string[] | Record<string, boolean>) =>
    features || !UNSHAPED.test(text) ? shape(text, features) : unshapedRun(font, text));
  return font;
}
const changed = new WeakSet<fontkit.Font>();

/** What font.layout gives for text no feature changes: a glyph per character at its advance (pdfkit reads these fields). */
function unshapedRun(font: fontkit.Font, text: string): unknown {
  const glyphs = font.glyphsForString(text);
  let advanceWidth = 0;
  const positions = glyphs.map((g) => {
    advanceWidth += g.advanceWidth;
    return { xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
  });
  return { glyphs, positions, advanceWidth, direction: 'ltr' };
}
