// Which script a character is in, and the classes of characters the font plan and the emitters
// treat alike. No dependencies: the emitters' shared code imports it.

/** Chinese, Japanese and Korean characters and their punctuation: the theme's CJK font draws these. */
export const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
/** Emoji and pictographs: the symbols font draws these when it is installed. */
export const SYMBOL = /[\p{Extended_Pictographic}\u{1F000}-\u{1FAFF}]/u;
/** Characters that draw nothing of their own: spaces, controls, joiners, variation selectors, direction marks. */
export const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

/** Scripts by the name fontconfig's Noto families carry ("Noto Sans Arabic"); the first that matches names a character's. */
const SCRIPT_NAMES = [
  'Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali', 'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu',
  'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar', 'Georgian', 'Armenian', 'Ethiopic', 'Cherokee',
  'Khmer', 'Mongolian', 'Hangul', 'Hiragana', 'Katakana', 'Han', 'Greek', 'Cyrillic', 'Latin', 'Canadian_Aboriginal',
  'Tifinagh', 'Javanese', 'Balinese', 'Yi', 'Vai', 'Adlam', 'Samaritan', 'Mandaic',
];
/** Compiled when first asked (only for text the theme's fonts lack): Unicode property patterns take a while to build. */
let scripts: (readonly [string, RegExp])[] | undefined;
export const RTL_SCRIPTS = new Set(['Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Nko', 'Samaritan', 'Mandaic', 'Adlam']);

/** A character's script, by its Unicode Script property ("Common" for digits and punctuation). */
export function scriptOf(ch: string): string {
  scripts ??= SCRIPT_NAMES.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
  return scripts.find(([, re]) => re.test(ch))?.[0] ?? 'Common';
}
