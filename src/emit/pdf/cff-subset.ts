// Subsets a CID-keyed CFF font (Noto Sans CJK: 65,000 glyphs in a 19 MB collection) with HarfBuzz's
// subsetter (harfbuzzjs, WebAssembly) instead of fontkit's. fontkit decodes the whole CFF table and
// encodes every one of its thousands of subroutines through a generic struct encoder: ~0.1 s of CPU a
// face for a Chinese report; HarfBuzz does it in a fraction, and its output is ~40% smaller.
//
// pdfkit writes each glyph as a code (its subset's order of first use) before the subset is made, with
// its widths and ToUnicode map by that code. HarfBuzz numbers the subset's glyphs in their original
// order and keeps each glyph's CID, so its charset (glyph → CID) is rewritten to give each glyph
// pdfkit's code as its CID: under Identity-H, code = CID, and the right glyph is drawn.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The HarfBuzz functions used here (harfbuzz-subset.wasm exports the C API). */
interface HarfBuzz {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_glyph_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
/** The glyphs asked for and no more: a PDF does no substitution, so the layout closure only adds glyphs. */
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
/** The PDF embeds the bare CFF table (FontFile3): every other table would be made only to be thrown away. */
const DROPPED = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'VORG', 'vhea', 'vmtx', 'hhea', 'hmtx', 'cmap', 'name', 'post', 'OS/2', 'DSIG', 'meta'];

let harfBuzz: HarfBuzz | undefined;
function loadHarfBuzz(): HarfBuzz {
  if (!harfBuzz) {
    const wasm = new WebAssembly.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    harfBuzz = new WebAssembly.Instance(wasm, {}).exports as unknown as HarfBuzz;
  }
  return harfBuzz;
}

const tagOf = (name: string) => ((name.charCodeAt(0) << 24) | (name.charCodeAt(1) << 16) | (name.charCodeAt(2) << 8) | name.charCodeAt(3)) >>> 0;

/**
 * The subset pdfkit asks a font for (font.createSubset()), made by HarfBuzz. pdfkit uses `cff` (to
 * embed the bytes as CIDFontType0C), includeGlyph (a glyph's code) and encode (the font file's bytes).
 */
export class HarfBuzzCffSubset {
  readonly cff = {};
  readonly glyphs: number[] = [0];
  private readonly codes = new Map<number, number>([[0, 0]]);

  constructor(private readonly bytes: Buffer, private readonly faceIndex: number) {}

  includeGlyph(glyph: number): number {
    let code = this.codes.get(glyph);
    if (code === undefined) this.codes.set(glyph, (code = this.glyphs.push(glyph) - 1));
    return code;
  }

  encode(): Buffer {
    const sfnt = subsetWithHarfBuzz(this.bytes, this.faceIndex, this.glyphs);
    const cff = sfntTable(sfnt, 'CFF ');
    // The original's CIDs are its glyph ids (checked in cffSubsetFor), so each CID names the glyph pdfkit coded.
    let spare = this.glyphs.length;
    return withCids(cff, (cid) => this.codes.get(cid) ?? spare++);
  }
}

/**
 * A HarfBuzz subset for a face when it is a CID-keyed CFF whose CIDs are its glyph ids (as Noto Sans
 * CJK and Source Han are); undefined for any other font, which fontkit subsets as before.
 */
export function cffSubsetFor(font: fontkit.Font, file: string): (() => HarfBuzzCffSubset) | undefined {
  try {
    const bytes = fontBytes(font, file);
    const faceOffset = (font as unknown as { _directoryPos?: number })._directoryPos ?? 0;
    const faceIndex = collectionIndex(bytes, faceOffset);
    const cff = sfntTable(bytes, 'CFF ', faceOffset);
    const top = topDict(cff);
    if (!top.has(ROS)) return undefined;
    const glyphs = cff.readUInt16BE(top.get(CHAR_STRINGS)!.at(-1)!); // the count of the CharStrings INDEX
    const cids = charset(cff, top.get(CHARSET)!.at(-1)!, glyphs);
    if (!cids.every((cid, gid) => cid === gid)) return undefined;
    loadHarfBuzz();
    return () => new HarfBuzzCffSubset(bytes, faceIndex);
  } catch {
    return undefined;
  }
}

/** The font file's bytes: those fontkit read (the collection is ~20 MB), or read again. */
function fontBytes(font: fontkit.Font, file: string): Buffer {
  const held = (font as unknown as { stream?: { buffer?: unknown } }).stream?.buffer;
  return Buffer.isBuffer(held) && held.length === statSync(file).size ? held : readFileSync(file);
}

function subsetWithHarfBuzz(bytes: Buffer, faceIndex: number, glyphs: number[]): Buffer {
  const hb = loadHarfBuzz();
  const data = hb.malloc(bytes.length);
  new Uint8Array(hb.memory.buffer).set(bytes, data);
  const blob = hb.hb_blob_create(data, bytes.length, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, faceIndex);
  const input = hb.hb_subset_input_create_or_fail();
  try {
    const glyphSet = hb.hb_subset_input_glyph_set(input);
    for (const g of glyphs) hb.hb_set_add(glyphSet, g);
    const dropped = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (const t of DROPPED) hb.hb_set_add(dropped, tagOf(t));
    hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('HarfBuzz could not subset the font');
    const out = hb.hb_face_reference_blob(subset);
    const at = hb.hb_blob_get_data(out, 0);
    const result = Buffer.from(new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(out)));
    hb.hb_blob_destroy(out);
    hb.hb_face_destroy(subset);
    return result;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.hb_blob_destroy(blob);
    hb.free(data);
  }
}

/** Which face of a collection (.ttc) starts at an offset; 0 for a single font. */
function collectionIndex(bytes: Buffer, faceOffset: number): number {
  if (bytes.toString('latin1', 0, 4) !== 'ttcf') return 0;
  const count = bytes.readUInt32BE(8);
  for (let i = 0; i < count; i++) if (bytes.readUInt32BE(12 + 4 * i) === faceOffset) return i;
  throw new Error('face not found in its collection');
}

/** A table of an OpenType font (its directory at `at`): a view of its bytes. */
function sfntTable(bytes: Buffer, name: string, at = 0): Buffer {
  const tables = bytes.readUInt16BE(at + 4);
  for (let i = 0; i < tables; i++) {
    const record = at + 12 + 16 * i;
    if (bytes.toString('latin1', record, record + 4) === name) {
      const offset = bytes.readUInt32BE(record + 8);
      return bytes.subarray(offset, offset + bytes.readUInt32BE(record + 12));
    }
  }
  throw new Error(`no ${name} table`);
}

// ---- The few parts of CFF (Adobe Technical Note #5176) read or written here ---------------------

const CHARSET = 15;
const CHAR_STRINGS = 17;
const ROS = 1230; // 12 30

/** Where an INDEX's items are: [start, end) of each, and where the INDEX ends. */
function index(cff: Buffer, at: number): { items: [number, number][]; end: number } {
  const count = cff.readUInt16BE(at);
  if (count === 0) return { items: [], end: at + 2 };
  const offSize = cff[at + 2];
  const offset = (i: number) => cff.readUIntBE(at + 3 + i * offSize, offSize);
  const base = at + 3 + (count + 1) * offSize - 1;
  const items = Array.from({ length: count }, (_, i) => [base + offset(i), base + offset(i + 1)] as [number, number]);
  return { items, end: base + offset(count) };
}

/** The Top DICT: operator → its operands, and where each operator's operands start and end. */
function topDict(cff: Buffer): Map<number, number[]> & { spans: Map<number, [number, number]> } {
  const names = index(cff, cff[2]);
  const [[start, end]] = index(cff, names.end).items;
  const dict = Object.assign(new Map<number, number[]>(), { spans: new Map<number, [number, number]>() });
  let operands: number[] = [];
  let operandsStart = start;
  for (let p = start; p < end;) {
    const b0 = cff[p];
    if (b0 <= 21) {
      const op = b0 === 12 ? 1200 + cff[p + 1] : b0;
      p += b0 === 12 ? 2 : 1;
      dict.set(op, operands);
      dict.spans.set(op, [operandsStart, p]);
      operands = [];
      operandsStart = p;
    } else if (b0 === 28) { operands.push(cff.readInt16BE(p + 1)); p += 3; }
    else if (b0 === 29) { operands.push(cff.readInt32BE(p + 1)); p += 5; }
    else if (b0 === 30) { // a real number: nibbles up to 0xf
      p++;
      while ((cff[p] & 0x0f) !== 0x0f && (cff[p] >> 4) !== 0x0f) p++;
      p++;
      operands.push(NaN);
    } else if (b0 <= 246) { operands.push(b0 - 139); p += 1; }
    else if (b0 <= 250) { operands.push((b0 - 247) * 256 + cff[p + 1] + 108); p += 2; }
    else { operands.push(-(b0 - 251) * 256 - cff[p + 1] - 108); p += 2; }
  }
  return dict;
}

/** The CID of each glyph (glyph 0, .notdef, is CID 0). */
function charset(cff: Buffer, at: number, glyphs: number): number[] {
  const cids = [0];
  const format = cff[at];
  let p = at + 1;
  if (format === 0) {
    while (cids.length < glyphs) { cids.push(cff.readUInt16BE(p)); p += 2; }
  } else if (format === 1 || format === 2) {
    while (cids.length < glyphs) {
      const first = cff.readUInt16BE(p);
      const left = format === 1 ? cff[p + 2] : cff.readUInt16BE(p + 2);
      p += format === 1 ? 3 : 4;
      for (let i = 0; i <= left && cids.length < glyphs; i++) cids.push(first + i);
    }
  } else {
    throw new Error(`unknown charset format ${format}`);
  }
  return cids;
}

/**
 * The CFF with each glyph's CID replaced (newCid of the old one): a format 0 charset appended at the end,
 * and the Top DICT's charset offset pointed at it (HarfBuzz writes offsets as 5-byte numbers, so the
 * offset is changed in place and nothing moves).
 */
function withCids(cff: Buffer, newCid: (cid: number) => number): Buffer {
  const top = topDict(cff);
  const glyphs = cff.readUInt16BE(top.get(CHAR_STRINGS)!.at(-1)!);
  const old = charset(cff, top.get(CHARSET)!.at(-1)!, glyphs);
  const [start] = top.spans.get(CHARSET)!;
  if (cff[start] !== 29) throw new Error('charset offset not written as a 5-byte number');
  const table = Buffer.alloc(1 + 2 * (glyphs - 1)); // format 0
  for (let gid = 1; gid < glyphs; gid++) table.writeUInt16BE(newCid(old[gid]), 1 + 2 * (gid - 1));
  const out = Buffer.concat([cff, table]);
  out.writeInt32BE(cff.length, start + 1);
  return out;
}
