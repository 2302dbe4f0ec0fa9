// PDF/UA-1 (ISO 14289-1) checks of our own, as the Matterhorn Protocol states its machine-checkable
// failure conditions; Debian has no veraPDF. The PDF is read through qpdf's JSON (objects and raw
// streams); content streams are inflated here and walked operator by operator, the structure tree
// from its root. pdfUaProblems() returns what fails, each problem named by its checkpoint.
import { execFileSync, spawnSync } from 'node:child_process';
import zlib from 'node:zlib';

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
type Dict = { [key: string]: Value };
interface PdfObject { value?: Value; stream?: { dict: Dict; data?: string } }

/** The objects of a PDF by reference ("12 0 R"), from `qpdf --json`. */
export class PdfObjects {
  readonly objects = new Map<string, PdfObject>();
  readonly trailer: Dict;
  readonly pages: string[];

  constructor(file: string) {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-stream-data=inline', '--decode-level=none', file], { encoding: 'utf8', maxBuffer: 1 << 30 }));
    for (const [key, obj] of Object.entries(json.qpdf[1] as Record<string, PdfObject>)) {
      if (key.startsWith('obj:')) this.objects.set(key.slice(4), obj);
    }
    this.trailer = (json.qpdf[1].trailer as PdfObject).value as Dict;
    this.pages = (json.pages as { object: string }[]).map((p) => p.object);
  }

  /** A value with references followed (once). */
  get(v: Value | undefined): Value | undefined {
    if (typeof v === 'string' && /^\d+ \d+ R$/.test(v)) {
      const obj = this.objects.get(v);
      return obj?.value ?? obj?.stream?.dict;
    }
    return v;
  }

  dict(v: Value | undefined): Dict {
    const d = this.get(v);
    return d && typeof d === 'object' && !Array.isArray(d) ? d : {};
  }

  array(v: Value | undefined): Value[] {
    const a = this.get(v);
    return Array.isArray(a) ? a : a === undefined || a === null ? [] : [a];
  }

  /** A stream's bytes, inflated when it is FlateDecode. */
  streamData(ref: string): Buffer {
    const s = this.objects.get(ref)?.stream;
    if (!s?.data) return Buffer.alloc(0);
    const raw = Buffer.from(s.data, 'base64');
    return this.array(s.dict['/Filter']).includes('/FlateDecode') ? zlib.inflateSync(raw) : raw;
  }

  /** The catalog. */
  get root(): Dict { return this.dict(this.trailer['/Root']); }
}

/** A PDF string value as text ("u:…" is Unicode in qpdf's JSON, "b:…" hex bytes). */
export function text(v: Value | undefined): string {
  if (typeof v !== 'string') return '';
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  return v;
}

// ── Content streams ─────────────────────────────────────────────────────────────────────────────

type Operand = number | string | boolean | null | Operand[] | { [k: string]: Operand };
interface Op { op: string; args: Operand[] }

const DELIM = new Set([...'()<>[]{}/%']);
const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/** The operators of a content stream with their operands (strings as latin1, names with their "/"). */
export function contentOps(data: Buffer): Op[] {
  const s = data.toString('latin1');
  let i = 0;
  const ops: Op[] = [];
  let stack: Operand[] = [];
  const skipWs = () => {
    while (i < s.length) {
      if (WS.has(s.charCodeAt(i))) i++;
      else if (s[i] === '%') while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
      else break;
    }
  };
  const readToken = (): Operand | { op: string } | undefined => {
    skipWs();
    if (i >= s.length) return undefined;
    const c = s[i];
    if (c === '(') {
      let depth = 0;
      let out = '';
      i++;
      for (; i < s.length; i++) {
        const ch = s[i];
        if (ch === '\\') { out += s[i + 1]; i++; continue; }
        if (ch === '(') depth++;
        if (ch === ')') { if (depth === 0) { i++; break; } depth--; }
        out += ch;
      }
      return out;
    }
    if (c === '<' && s[i + 1] === '<') {
      i += 2;
      const dict: { [k: string]: Operand } = {};
      for (;;) {
        skipWs();
        if (s[i] === '>' && s[i + 1] === '>') { i += 2; return dict; }
        const key = readToken() as string;
        dict[key] = readToken() as Operand;
      }
    }
    if (c === '<') {
      const end = s.indexOf('>', i);
      const hex = s.slice(i + 1, end).replace(/\s/g, '');
      i = end + 1;
      return Buffer.from(hex, 'hex').toString('latin1');
    }
    if (c === '[') {
      i++;
      const arr: Operand[] = [];
      for (;;) {
        skipWs();
        if (s[i] === ']') { i++; return arr; }
        arr.push(readToken() as Operand);
      }
    }
    let j = i + 1;
    while (j < s.length && !WS.has(s.charCodeAt(j)) && !DELIM.has(s[j])) j++;
    const word = s.slice(i, j);
    i = j;
    if (c === '/') return word;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return { op: word };
  };
  for (let t = readToken(); t !== undefined; t = readToken()) {
    if (t && typeof t === 'object' && !Array.isArray(t) && 'op' in t && typeof t.op === 'string') {
      if (t.op === 'BI') { // inline image: skip to EI
        const end = s.indexOf('EI', i);
        i = end < 0 ? s.length : end + 2;
        ops.push({ op: 'BI', args: [] });
      } else {
        ops.push({ op: t.op, args: stack });
      }
      stack = [];
    } else {
      stack.push(t as Operand);
    }
  }
  return ops;
}

/** Operators that put marks on the page. */
const PAINTING = new Set(['f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'S', 's', 'Tj', 'TJ', "'", '"', 'Do', 'sh', 'BI']);
const TEXT_SHOWING = new Set(['Tj', 'TJ', "'", '"']);

/** What one page's content holds: its marked content, and painting that is neither tagged nor an artifact. */
interface PageContent {
  /** MCID → the fonts (BaseFont) of the text shown in it. */
  mcids: Map<number, Set<string>>;
  untagged: { op: string; at: number }[];
  nested: string[];
}

function pageContent(pdf: PdfObjects, pageRef: string): PageContent {
  const page = pdf.dict(pageRef);
  const fonts = pdf.dict(pdf.dict(page['/Resources'])['/Font']);
  // /Contents is one stream or an array of them: the references, not what they point at.
  const contents = page['/Contents'];
  const refs = Array.isArray(contents) ? contents : [contents];
  const data = Buffer.concat(refs.map((ref) => pdf.streamData(ref as string)));
  const ops = contentOps(data);
  const result: PageContent = { mcids: new Map(), untagged: [], nested: [] };
  const stack: { artifact: boolean; mcid?: number }[] = [];
  let font = '';
  ops.forEach(({ op, args }, at) => {
    if (op === 'BMC' || op === 'BDC') {
      const tag = args[0] as string;
      const props = (op === 'BDC' && typeof args[1] === 'object' && args[1] !== null && !Array.isArray(args[1]) ? args[1] : {}) as { [k: string]: Operand };
      const artifact = tag === '/Artifact';
      const mcid = typeof props['/MCID'] === 'number' ? props['/MCID'] : undefined;
      const inArtifact = stack.some((m) => m.artifact);
      const inTagged = stack.some((m) => m.mcid !== undefined);
      if (artifact && inTagged) result.nested.push(`an artifact inside tagged content (op ${at})`);
      if (mcid !== undefined && inArtifact) result.nested.push(`tagged content (MCID ${mcid}) inside an artifact (op ${at})`);
      if (mcid !== undefined && inTagged) result.nested.push(`tagged content (MCID ${mcid}) inside tagged content (op ${at})`);
      if (mcid !== undefined) result.mcids.set(mcid, new Set());
      stack.push({ artifact, mcid });
    } else if (op === 'EMC') {
      stack.pop();
    } else if (op === 'Tf') {
      font = text(pdf.dict(fonts[args[0] as string])['/BaseFont'] as string) || String(pdf.dict(fonts[args[0] as string])['/BaseFont'] ?? '');
    } else if (PAINTING.has(op)) {
      const tagged = [...stack].reverse().find((m) => m.mcid !== undefined || m.artifact);
      if (!tagged) result.untagged.push({ op, at });
      else if (tagged.mcid !== undefined && TEXT_SHOWING.has(op)) result.mcids.get(tagged.mcid)!.add(font);
    }
  });
  return result;
}

// ── The structure tree ──────────────────────────────────────────────────────────────────────────

export interface StructNode {
  ref: string;
  type: string;
  lang?: string;
  alt?: string;
  /** /ActualText: what the element's content reads as. */
  actual?: string;
  attrs: Dict[];
  children: StructNode[];
  /** Marked content of this element: page ref and MCID. */
  content: { page: string; mcid: number }[];
  /** Annotations (OBJR) of this element. */
  annotations: string[];
  parent?: StructNode;
}

export function structureTree(pdf: PdfObjects): StructNode[] {
  const root = pdf.dict(pdf.root['/StructTreeRoot']);
  const walk = (ref: string, parent?: StructNode): StructNode => {
    const d = pdf.dict(ref);
    const node: StructNode = {
      ref, type: String(d['/S'] ?? '').replace(/^\//, ''), lang: d['/Lang'] === undefined ? undefined : text(d['/Lang']),
      alt: d['/Alt'] === undefined ? undefined : text(d['/Alt']),
      actual: d['/ActualText'] === undefined ? undefined : text(d['/ActualText']),
      attrs: pdf.array(d['/A']).map((a) => pdf.dict(a)), children: [], content: [], annotations: [], parent,
    };
    const page = d['/Pg'] as string | undefined;
    for (const kid of pdf.array(d['/K'])) {
      if (typeof kid === 'number') node.content.push({ page: page ?? '', mcid: kid });
      else if (typeof kid === 'string' && /^\d+ \d+ R$/.test(kid)) {
        const kd = pdf.dict(kid);
        if (kd['/Type'] === '/MCR') node.content.push({ page: (kd['/Pg'] as string) ?? page ?? '', mcid: kd['/MCID'] as number });
        else if (kd['/Type'] === '/OBJR') node.annotations.push(kd['/Obj'] as string);
        else node.children.push(walk(kid, node));
      } else if (kid && typeof kid === 'object' && !Array.isArray(kid)) {
        const kd = kid as Dict;
        if (kd['/Type'] === '/MCR') node.content.push({ page: (kd['/Pg'] as string) ?? page ?? '', mcid: kd['/MCID'] as number });
        else if (kd['/Type'] === '/OBJR') node.annotations.push(kd['/Obj'] as string);
      }
    }
    return node;
  };
  return pdf.array(root['/K']).map((k) => walk(k as string));
}

function* nodes(tree: StructNode[]): Generator<StructNode> {
  for (const n of tree) {
    yield n;
    yield* nodes(n.children);
  }
}

/** The language in force at a node: its own /Lang, its ancestors', else the document's. */
function langAt(node: StructNode | undefined, docLang: string): string {
  for (let n = node; n; n = n.parent) if (n.lang) return n.lang;
  return docLang;
}

/** Which languages text drawn in a font may be in: a CJK face is only for Chinese, Japanese or Korean text. */
const FONT_LANGUAGES: [RegExp, RegExp][] = [
  [/CJK/i, /^(zh|ja|ko)\b/i],
  [/Arabic/i, /^(ar|fa|ur|ps|ku|sd)\b/i],
  [/Hebrew/i, /^(he|yi)\b/i],
];

/** Table cells: the structure elements a row holds. */
const ROW_GROUPS = new Set(['THead', 'TBody', 'TFoot']);
const TOC_KIDS = new Set(['TOC', 'TOCI', 'Caption']);

/**
 * Every failure of the PDF/UA-1 rules this project can meet, as "checkpoint: what", empty when
 * the file conforms. `declared` says whether the file claims PDF/UA-1 (pdfuaid:part in its XMP).
 */
export function pdfUaProblems(file: string): { problems: string[]; declared: boolean } {
  const pdf = new PdfObjects(file);
  const problems: string[] = [];
  const root = pdf.root;
  const metadataRef = root['/Metadata'] as string | undefined;
  const xmp = metadataRef ? pdf.streamData(metadataRef).toString('utf8') : '';
  const declared = /<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(xmp);

  if (!xmp) problems.push('06-001: the catalog has no XMP metadata stream');
  else if (spawnSync('xmllint', ['--noout', '-'], { input: xmp }).status !== 0) problems.push('06-001: the XMP metadata is not well-formed XML');
  if (pdf.dict(root['/MarkInfo'])['/Marked'] !== true) problems.push('01-002: the document is not marked as tagged (MarkInfo /Marked)');
  if (pdf.dict(root['/MarkInfo'])['/Suspects'] === true) problems.push('01-003: MarkInfo /Suspects is true');
  if (!/<dc:title>/.test(xmp)) problems.push('06-003: the XMP metadata has no dc:title');
  if (pdf.dict(root['/ViewerPreferences'])['/DisplayDocTitle'] !== true) problems.push('07-001: ViewerPreferences /DisplayDocTitle is not true');
  const docLang = text(root['/Lang']);
  if (!docLang) problems.push('11-006: the catalog has no /Lang');

  const tree = structureTree(pdf);
  if (tree.length !== 1 || tree[0].type !== 'Document') problems.push(`structure: the tree has ${tree.length} root elements (${tree.map((n) => n.type).join(', ')}), not one Document`);

  // Every page: tab order, content tagged or artifact, each MCID in the structure tree, annotations reachable.
  const parentTree = numberTree(pdf, pdf.dict(root['/StructTreeRoot'])['/ParentTree']);
  const byRef = new Map([...nodes(tree)].map((n) => [n.ref, n]));
  const contentOwner = new Map<string, StructNode>();
  for (const n of nodes(tree)) for (const c of n.content) contentOwner.set(`${c.page}#${c.mcid}`, n);
  const annotOwner = new Map<string, StructNode>();
  for (const n of nodes(tree)) for (const a of n.annotations) annotOwner.set(a, n);

  const contents = pdf.pages.map((pageRef) => pageContent(pdf, pageRef));
  pdf.pages.forEach((pageRef, p) => {
    const where = `page ${p + 1}`;
    const page = pdf.dict(pageRef);
    if (page['/Tabs'] !== '/S') problems.push(`28-008/${where}: /Tabs is not /S`);
    const content = contents[p];
    if (content.untagged.length) problems.push(`01-005/${where}: ${content.untagged.length} painting operators neither tagged nor artifact (${[...new Set(content.untagged.map((u) => u.op))].join(' ')})`);
    for (const n of content.nested) problems.push(`01-004/${where}: ${n}`);
    const parents = pdf.array(parentTree.get(page['/StructParents'] as number));
    for (const [mcid, fonts] of content.mcids) {
      const owner = contentOwner.get(`${pageRef}#${mcid}`);
      if (!owner) { problems.push(`01-006/${where}: MCID ${mcid} belongs to no structure element`); continue; }
      if (parents[mcid] !== owner.ref) problems.push(`01-006/${where}: the parent tree does not lead MCID ${mcid} to its element`);
      const lang = langAt(owner, docLang);
      for (const font of fonts) {
        for (const [face, langs] of FONT_LANGUAGES) {
          if (face.test(font) && !langs.test(lang)) problems.push(`11-001/${where}: text in ${font} (${owner.type}) is read as language "${lang}"`);
        }
      }
    }
    for (const annotRef of pdf.array(page['/Annots']) as string[]) {
      const annot = pdf.dict(annotRef);
      const sub = annot['/Subtype'];
      if (sub === '/Link') {
        const owner = annotOwner.get(annotRef);
        if (annot['/StructParent'] === undefined) problems.push(`28-011/${where}: a link annotation (${annotRef}) without /StructParent`);
        else if (parentTree.get(annot['/StructParent'] as number) !== owner?.ref) problems.push(`28-011/${where}: a link's /StructParent does not lead to its element`);
        if (!owner || owner.type !== 'Link') problems.push(`28-011/${where}: a link annotation (${annotRef}) not in a Link element (${owner?.type ?? 'none'})`);
        if (!text(annot['/Contents']).trim()) problems.push(`28-004/${where}: a link annotation (${annotRef}) without /Contents`);
      }
    }
  });

  // The structure elements themselves.
  const mcidsSeen = new Set<string>();
  pdf.pages.forEach((pageRef, p) => { for (const mcid of contents[p].mcids.keys()) mcidsSeen.add(`${pageRef}#${mcid}`); });
  let lastHeading = 0;
  for (const n of nodes(tree)) {
    for (const c of n.content) if (!mcidsSeen.has(`${c.page}#${c.mcid}`)) problems.push(`01-006: ${n.type} refers to MCID ${c.mcid}, which its page does not have`);
    if (n.type === 'Figure' && !n.alt?.trim()) problems.push('13-004: a Figure without alternative text');
    if (n.type === 'TOC') for (const k of n.children) if (!TOC_KIDS.has(k.type)) problems.push(`structure: a TOC holds a ${k.type}`);
    if (n.type === 'Link' && n.annotations.length === 0) problems.push('28-011: a Link element without its annotation');
    const level = /^H([1-6])$/.exec(n.type)?.[1];
    if (level) {
      if (Number(level) > lastHeading + 1) problems.push(`14-003: ${n.type} after H${lastHeading}`);
      lastHeading = Number(level);
    }
    if (n.type === 'Table') problems.push(...tableProblems(n));
    if (!byRef.has(n.ref)) problems.push('structure: an element reached twice');
  }

  // Fonts are embedded.
  for (const [ref, obj] of pdf.objects) {
    const d = obj.value && typeof obj.value === 'object' && !Array.isArray(obj.value) ? (obj.value as Dict) : undefined;
    if (d?.['/Type'] === '/FontDescriptor' && !d['/FontFile'] && !d['/FontFile2'] && !d['/FontFile3']) problems.push(`31-001: font ${text(d['/FontName'] as string) || d['/FontName']} (${ref}) is not embedded`);
  }
  return { problems, declared };
}

/** A table: rows directly or in THead/TBody/TFoot; header cells scoped; one header row, not one per page. */
function tableProblems(table: StructNode): string[] {
  const problems: string[] = [];
  const rows = table.children.flatMap((k) => (ROW_GROUPS.has(k.type) ? k.children : [k])).filter((k) => k.type !== 'Caption');
  for (const r of rows) if (r.type !== 'TR') problems.push(`09-004: a Table holds a ${r.type}`);
  const headerRows = rows.filter((r) => r.children.some((c) => c.type === 'TH'));
  if (headerRows.length > 1) problems.push(`structure: a table has ${headerRows.length} header rows (a repeated header tagged again)`);
  for (const r of rows) {
    for (const cell of r.children) {
      if (cell.type !== 'TH' && cell.type !== 'TD') problems.push(`09-005: a TR holds a ${cell.type}`);
      if (cell.type === 'TH' && !cell.attrs.some((a) => a['/O'] === '/Table' && ['/Column', '/Row', '/Both'].includes(a['/Scope'] as string))) problems.push('15-003: a TH without /Scope');
    }
  }
  return problems;
}

/** A number tree's leaves, key → value. */
function numberTree(pdf: PdfObjects, ref: Value | undefined): Map<number, Value> {
  const out = new Map<number, Value>();
  const visit = (node: Dict) => {
    const nums = pdf.array(node['/Nums']);
    for (let i = 0; i + 1 < nums.length; i += 2) out.set(nums[i] as number, nums[i + 1]);
    for (const kid of pdf.array(node['/Kids'])) visit(pdf.dict(kid));
  };
  visit(pdf.dict(ref));
  return out;
}
