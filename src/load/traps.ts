// The YAML traps authors fall into, explained where they are met: a colon or an @ in unquoted text, a
// tab for indentation, an apostrophe inside '…', and a comma inside a { … } mapping, which ends the text
// and turns the rest into a key of its own ({ text: safer, and cheaper } is text "safer" and a key
// "and cheaper"). Each hint shows the line written the way that works.
import type { Document, Node, Pair } from 'yaml';

/** The words of this module, in one place (for the message catalogue of later editions). */
const TEXT = {
  colon: (fixed: string) => `text with ": " in it needs quotes: ${fixed}`,
  quote: 'close the quote at the end of the text, or write the text without quotes',
  tab: 'indent with spaces: YAML does not allow tabs for indentation',
  reserved: (c: string, fixed: string) => `text that starts with ${c} needs quotes: ${fixed}`,
  apostrophe: (fixed: string) => `inside '…' an apostrophe is written twice (''), or use double quotes: ${fixed}`,
  flowComma: (fixed: string) => `inside { … } a comma ends the text, and the words after it became a key of their own; put the text in quotes: ${fixed}`,
  general: 'check indentation, quotes and colons on this line',
  duplicateKey: 'each key may appear once in a mapping',
} as const;

/** A hint for a YAML syntax error (yaml's error code), from the line it is on. */
export function syntaxHint(code: string, line: string): string {
  const m = /^(\s*(?:- )?)([^:#]+?):\s+(.*?)\s*$/.exec(line);
  const quoted = (value: string) => (m ? `${m[1].trimStart()}${m[2]}: "${value.replace(/^["']|["']$/g, '').replaceAll('"', '\\"')}"` : `"${value}"`);
  switch (code) {
    case 'DUPLICATE_KEY': return TEXT.duplicateKey;
    case 'BLOCK_AS_IMPLICIT_KEY': return m ? TEXT.colon(quoted(m[3])) : TEXT.general;
    case 'TAB_AS_INDENT': return TEXT.tab;
    case 'MISSING_CHAR': return /["']/.test(line) ? TEXT.quote : TEXT.general;
    case 'BAD_SCALAR_START': return m ? TEXT.reserved(m[3][0], quoted(m[3])) : TEXT.general;
    case 'UNEXPECTED_TOKEN': return m && /^'.*'.*'/.test(m[3]) ? TEXT.apostrophe(quoted(m[3])) : TEXT.general;
    default: return TEXT.general;
  }
}

type YamlHelpers = Pick<typeof import('yaml'), 'isMap' | 'isScalar' | 'isSeq'>;

/**
 * The comma trap at a key path: the mapping there (or holding the key there) is a { … } one, and one
 * of its keys has no value at all, as the words after a comma do. The hint gives the text as written.
 */
export function flowCommaHint(doc: Document, text: string, keyPath: ReadonlyArray<string | number>, y: YamlHelpers): string | undefined {
  const maps: Node[] = [];
  let node: unknown = doc.contents;
  for (const key of keyPath) {
    if (y.isMap(node)) {
      maps.push(node);
      const pair = node.items.find((p) => (y.isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      node = pair.value;
    } else if (y.isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else break;
  }
  if (y.isMap(node)) maps.push(node);
  // The innermost mapping first: that is where the problem is.
  for (const map of maps.reverse()) {
    if (!y.isMap(map) || !map.flow) continue;
    const items = map.items as Pair[];
    const i = items.findIndex((p, k) => k > 0 && p.value === null && y.isScalar(p.key));
    if (i < 0) continue;
    const before = items[i - 1];
    const start = (before.value as Node | null)?.range?.[0];
    const end = (items[i].key as Node).range?.[1];
    if (start === undefined || end === undefined || !y.isScalar(before.key)) continue;
    const written = text.slice(start, end).trim();
    return TEXT.flowComma(`${String(before.key.value)}: "${written.replaceAll('"', '\\"')}"`);
  }
  return undefined;
}
