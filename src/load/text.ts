// Characters no output can carry faithfully: C0 and C1 control characters (NUL, BEL, ESC…) other than
// tab and line breaks, DEL, the non-characters U+FFFE/U+FFFF and unpaired surrogates. XML 1.0 forbids
// most of them (a deck holding one is no longer well-formed), and the rest are invisible in every
// output. They are refused where the user wrote them, never dropped or replaced.

const UNSAFE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const NAMES: Record<number, string> = { 0: 'NUL', 7: 'BEL', 8: 'backspace', 0x0b: 'vertical tab', 0x0c: 'form feed', 0x1b: 'ESC', 0x7f: 'DEL' };

export const UNSAFE_TEXT_HINT = 'remove the character; write what it stands for in words (it cannot be shown in a slide or a page)';

/** The first character of `text` that no output can show, as its index and a name ("U+0000 (NUL)"). */
export function unsafeCharacter(text: string): { index: number; name: string } | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : code <= 0x9f ? 'a control character' : 'a non-character');
  return { index: m.index, name: `${hex} (${name})` };
}

/** "contains U+001B (ESC)": the message for a value holding one. */
export function unsafeCharacterMessage(found: { name: string }): string {
  return `contains the invisible character ${found.name}`;
}
