// Paragraphs on slides: measured, fitted to their box between the theme's sizes, and turned into
// pptxgenjs text runs. Citations become a small "[n]" after the text they support.
import type { TextProps } from './pptxgen.ts';
import type { Run } from '../../types.ts';
import { citeMarker } from '../common.ts';
import { PT_PER_IN } from './geometry.ts';
import type { Measurer } from './measure.ts';

export interface Para {
  runs: Run[];
  /** 0 = top level. */
  level: number;
  bullet: boolean;
}

/** Space after each paragraph, as a share of the font size. */
const SPACE_AFTER = 0.35;
/** Bullet indent per level, in points. */
const INDENT_PT = 20;
/** LibreOffice and PowerPoint break lines a little differently from us: keep a margin. */
const WIDTH_SAFETY = 0.95;

export function paraText(p: Para, numbers: Map<string, number>): string {
  return p.runs.map((r) => r.text + (r.cite ? ` ${citeMarker(numbers, r.cite)}` : '')).join('');
}

/** Height in inches of paragraphs at a font size in a box width (inches). */
export function parasHeight(paras: Para[], size: number, widthIn: number, m: Measurer, numbers: Map<string, number>): number {
  let pt = 0;
  paras.forEach((p, i) => {
    const text = paraText(p, numbers);
    const indent = p.bullet ? INDENT_PT * (p.level + 1) : 0;
    const lines = m.wrap(text, size, (widthIn * PT_PER_IN - indent) * WIDTH_SAFETY, p.runs.some((r) => r.bold) && p.runs.every((r) => r.bold)).length;
    pt += lines * m.lineHeight(text, size) + (i < paras.length - 1 ? size * SPACE_AFTER : 0);
  });
  return pt / PT_PER_IN;
}

/** The largest size from max down to min (whole points) at which the paragraphs fit the box; undefined if none. */
export function fitSize(paras: Para[], box: { w: number; h: number }, max: number, min: number, m: Measurer, numbers: Map<string, number>): number | undefined {
  for (let size = max; size >= min; size--) {
    if (parasHeight(paras, size, box.w, m, numbers) <= box.h) return size;
  }
  return undefined;
}

/** The pptxgenjs runs of paragraphs; every paragraph but the last ends with a line break. */
export function textRuns(paras: Para[], size: number, color: string, numbers: Map<string, number>): TextProps[] {
  const out: TextProps[] = [];
  paras.forEach((p, pi) => {
    const para = {
      bullet: p.bullet ? { indent: INDENT_PT } : false,
      indentLevel: p.bullet ? p.level : 0,
      paraSpaceAfter: pi < paras.length - 1 ? Math.round(size * SPACE_AFTER) : 0,
    };
    const runs: TextProps[] = [];
    // pptxgenjs starts a new paragraph at every run that has `bullet`: only the first run carries it.
    const opts = () => (runs.length ? {} : para);
    for (const r of p.runs) {
      if (r.text) runs.push({ text: r.text, options: { ...opts(), bold: r.bold, italic: r.italic, color, fontSize: size } });
      if (r.cite) runs.push({ text: ` ${citeMarker(numbers, r.cite)}`, options: { ...opts(), color, fontSize: Math.max(9, Math.round(size * 0.6)), superscript: true } });
    }
    if (!runs.length) runs.push({ text: ' ', options: { ...para, fontSize: size } });
    if (pi < paras.length - 1) runs[runs.length - 1].options = { ...runs[runs.length - 1].options, breakLine: true };
    out.push(...runs);
  });
  return out;
}
