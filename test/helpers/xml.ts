// A cheap well-formedness check for the XML parts of an Office package: characters XML 1.0 allows,
// balanced and properly nested tags, quoted attributes without duplicates, entity and character
// references that exist, one root element. It is not a schema check (that is ooxml-validate's job);
// it is what lets a test look at every part of hundreds of decks in a fraction of a second.

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /^[A-Za-z_:][\w.:-]*$/;
const DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/y;

/** Why `xml` is not well-formed XML, or undefined when it is. */
export function xmlProblem(xml: string): string | undefined {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad) return `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}`;
  const stack: string[] = [];
  let roots = 0;
  let i = xml.startsWith('\uFEFF') ? 1 : 0;
  const textProblem = (text: string, at: number): string | undefined => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      ENTITY.lastIndex = k;
      const m = ENTITY.exec(text);
      if (!m) return `bare & at ${at + k}`;
      const code = m[2] ? Number(m[2]) : m[3] ? parseInt(m[3], 16) : 0x20;
      if (code > 0x10ffff || NOT_XML_CHAR.test(String.fromCodePoint(code))) return `reference to a character XML forbids at ${at + k}`;
    }
    if (text.includes(']]>')) return `]]> in text at ${at}`;
    return undefined;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text) {
      if (!stack.length && text.trim()) return `text outside the root element at ${i}`;
      const p = textProblem(text, i);
      if (p) return p;
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0 || xml.slice(lt + 4, end).includes('--')) return `bad comment at ${lt}`;
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      if (!stack.length) return `CDATA outside the root at ${lt}`;
      const end = xml.indexOf(']]>', lt);
      if (end < 0) return `unclosed CDATA at ${lt}`;
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end < 0) return `unclosed processing instruction at ${lt}`;
      if (/^<\?xml[\s?]/i.test(xml.slice(lt, lt + 6))) {
        if (lt !== (xml.startsWith('\uFEFF') ? 1 : 0)) return `XML declaration not at the start (${lt})`;
        if (!DECLARATION.test(xml.slice(lt, end + 2))) return 'bad XML declaration';
      }
      i = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      return `DOCTYPE or declaration at ${lt}`;
    } else {
      const end = tagEnd(xml, lt);
      if (end < 0) return `unclosed tag at ${lt}`;
      const tag = xml.slice(lt + 1, end);
      if (tag.startsWith('/')) {
        const name = tag.slice(1).trim();
        if (stack.pop() !== name) return `</${name}> closes nothing open at ${lt}`;
      } else {
        const selfClosing = tag.endsWith('/');
        const body = selfClosing ? tag.slice(0, -1) : tag;
        const name = /^[^\s/>]+/.exec(body)?.[0] ?? '';
        if (!NAME.test(name)) return `bad element name "${name}" at ${lt}`;
        const p = attributesProblem(body.slice(name.length), lt, textProblem);
        if (p) return p;
        if (!stack.length) roots++;
        if (roots > 1) return `a second root element at ${lt}`;
        if (!selfClosing) stack.push(name);
      }
      i = end + 1;
    }
  }
  if (stack.length) return `<${stack[stack.length - 1]}> is never closed`;
  if (roots !== 1) return 'no root element';
  return undefined;
}

/** The index of the > that ends the tag starting at `lt` (a > inside a quoted value does not end it). */
function tagEnd(xml: string, lt: number): number {
  let quote = '';
  for (let k = lt + 1; k < xml.length; k++) {
    const c = xml[k];
    if (quote) { if (c === quote) quote = ''; } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return k;
    else if (c === '<') return -1;
  }
  return -1;
}

function attributesProblem(rest: string, at: number, textProblem: (t: string, at: number) => string | undefined): string | undefined {
  const seen = new Set<string>();
  const attr = /\s+([^\s=]+)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
  let k = 0;
  while (k < rest.length) {
    if (!rest.slice(k).trim()) return undefined;
    attr.lastIndex = k;
    const m = attr.exec(rest);
    if (!m) return `bad attribute at ${at}: ${rest.slice(k, k + 30)}`;
    if (!NAME.test(m[1])) return `bad attribute name "${m[1]}" at ${at}`;
    if (seen.has(m[1])) return `attribute ${m[1]} twice at ${at}`;
    seen.add(m[1]);
    const p = textProblem(m[3] ?? m[4] ?? '', at);
    if (p) return p;
    k = attr.lastIndex;
  }
  return undefined;
}
