// How much of a content slide's body its content fills, measured from the slide XML as a viewer
// would lay it out: each text box counts as tall as its measured lines (a box drawn taller than its
// text, with the text at its top, fills only what the text takes), every other shape, picture,
// chart or table as its extent. The title, the source line and the footer are not the body.
import JSZip from 'jszip';
import { createMeasurer, type Measurer } from '../../src/emit/pptx/measure.ts';
import { slideGeometry } from '../../src/emit/pptx/geometry.ts';
import type { Theme } from '../../src/theme/index.ts';
import { unescapeXml } from './run.ts';

const EMU = 914400;
/** The grid the covered area is counted on, in inches. */
const CELL = 0.05;

export interface SlideFill {
  /** Position of the slide in the deck, from 1. */
  n: number;
  title: string;
  /** Share of the body area covered by content (0–1). */
  area: number;
  /** How far down the body the lowest content reaches (0–1). */
  reach: number;
}

/** The fill of every content slide (those on the content layout) of a deck. */
export async function contentSlideFill(bytes: Buffer, theme: Theme): Promise<SlideFill[]> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => num(a) - num(b));
  const [cx] = /<p:sldSz cx="(\d+)"/.exec(await zip.file('ppt/presentation.xml')!.async('string'))!.slice(1).map(Number);
  const size = Math.abs(cx / EMU - 13.333) < 0.01 ? '16:9' : Math.abs(cx / EMU - 12) < 0.01 ? '16:10' : '4:3';
  const body = slideGeometry(size).content;
  const m = createMeasurer(theme);
  const out: SlideFill[] = [];
  for (const name of names) {
    const rels = await zip.file(name.replace('slides/', 'slides/_rels/') + '.rels')!.async('string');
    const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)![1];
    const layoutXml = await zip.file(`ppt/slideLayouts/${layout}`)!.async('string');
    if (!/<p:cSld name="BS_CONTENT"/.test(layoutXml)) continue;
    const xml = await zip.file(name)!.async('string');
    out.push({ n: num(name), ...fillOf(xml, body, m) });
  }
  return out;
}

type Box = { x: number; y: number; w: number; h: number };
export interface Ink extends Box { text?: string }

/** What each shape of a slide's body takes: a text box as tall as its lines, anything else its extent. */
export function inkOf(xml: string, m: Measurer, body: Box = slideGeometry().content): Ink[] {
  const ink: Ink[] = [];
  for (const shape of xml.matchAll(/<p:(sp|pic|graphicFrame)>[\s\S]*?<\/p:\1>/g)) {
    const s = shape[0];
    const pos = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(s);
    if (!pos || /<p:cNvPr id="\d+" name="Title"/.test(s)) continue;
    const [x, y, w, h] = pos.slice(1).map((v) => Number(v) / EMU);
    // The body only: not the source line or the footer under it.
    if (y >= body.y + body.h - 0.01) continue;
    const isText = shape[1] === 'sp' && s.includes('<a:t>');
    // A text box as tall as its lines, even where they run out of it (valign top): that is where they are drawn.
    ink.push({ x, y, w, h: isText ? textHeight(s, w, m) : h, ...(isText ? { text: textOf(s) } : {}) });
  }
  return ink;
}

function fillOf(xml: string, body: Box, m: Measurer): { title: string; area: number; reach: number } {
  const title = textOf(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?name="Title"[\s\S]*?<\/p:sp>/.exec(xml)?.[0] ?? '');
  const boxes = inkOf(xml, m, body);
  const cols = Math.round(body.w / CELL);
  const rows = Math.round(body.h / CELL);
  let covered = 0;
  let lowest = body.y;
  for (const b of boxes) lowest = Math.max(lowest, Math.min(body.y + body.h, b.y + b.h));
  for (let r = 0; r < rows; r++) {
    const cy = body.y + (r + 0.5) * CELL;
    for (let c = 0; c < cols; c++) {
      const cx = body.x + (c + 0.5) * CELL;
      if (boxes.some((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h)) covered++;
    }
  }
  return { title, area: covered / (cols * rows), reach: (lowest - body.y) / body.h };
}

/** Points the paragraphs of a text shape (its <p:sp> XML) take in a width, measured as the layout measures them. */
export function parasHeightPt(sp: string, widthPt: number, m: Measurer): number {
  const paras = sp.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? [];
  let pt = 0;
  paras.forEach((p, i) => {
    const text = [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join('');
    const size = Number(/sz="(\d+)"/.exec(p)?.[1] ?? 1800) / 100;
    const indent = Number(/marL="(\d+)"/.exec(p)?.[1] ?? 0) / 12700;
    const bold = /b="1"/.test(p) && !/b="0"/.test(p);
    pt += m.wrap(text, size, widthPt - indent, bold).length * m.lineHeight(text, size);
    if (i < paras.length - 1) pt += Number(/<a:spcAft><a:spcPts val="(\d+)"/.exec(p)?.[1] ?? 0) / 100;
  });
  return pt;
}

/** Height in inches a text shape takes: its paragraphs, and its own top and bottom insets when it has them. */
function textHeight(sp: string, widthIn: number, m: Measurer): number {
  const inset = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(sp)?.[1] ?? 0) / EMU;
  return parasHeightPt(sp, widthIn * 72, m) / 72 + inset('tIns') + inset('bIns');
}

const textOf = (s: string) => [...s.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join('').replaceAll('\u2060', '');
const num = (name: string) => Number(/(\d+)\.xml$/.exec(name)![1]);
