// Paragraphs on slides: measured, fitted to their box between the theme's sizes, and turned into
// pptxgenjs text runs. Citations become a small "[n]" after the text they support.
import type { Slide, TextProps } from './pptxgen.ts';
import type { Theme } from '../../theme/index.ts';
import type { Run } from '../../types.ts';
import { citeMarker } from '../common.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import type { Measurer } from './measure.ts';

export interface Para {
  runs: Run[];
  /** 0 = top level. */
  level: number;
  bullet: boolean;
  /** A numbered point: its number (PowerPoint numbers it from here, so a continuation counts on). */
  number?: number;
  /**
   * In a list with numbers: the digits of its largest. Every point of the list, numbered or not, hangs
   * its text as far, so that a sub-point's bullet stands under its parent's text.
   */
  digits?: number;
}

/** Space after each paragraph, as a share of the font size. */
const SPACE_AFTER = 0.35;
/** Bullet indent per level, in points. */
const INDENT_PT = 20;
/** LibreOffice and PowerPoint break lines a little differently from us: keep a margin. */
export const WIDTH_SAFETY = 0.95;

/**
 * The "[n]" after cited text. A no-break space ties it to the word it supports, so a line never
 * starts with a lone marker.
 */
export function citeText(numbers: Map<string, number>, sourceId: string): string {
  return `\u00a0${citeMarker(numbers, sourceId)}`;
}

/** The text of runs as laid out: each run's text, then its citation marker. */
export function runsPlainText(runs: Run[], numbers: Map<string, number>): string {
  return runs.map((r) => r.text + (r.cite ? citeText(numbers, r.cite) : '')).join('');
}

export function paraText(p: Para, numbers: Map<string, number>): string {
  return runsPlainText(p.runs, numbers);
}

/**
 * A citation marker's size: the run's own, since viewers draw superscript at about two thirds of it
 * (a smaller size on top of that left the marker unreadable, under 6 pt on the rendered slides).
 */
export function citeSize(size: number): number {
  return size;
}

/**
 * How far a point's text hangs from its bullet or number, in points: a number takes the room of its
 * list's widest number and a space (at 20 pt, "9." needs ~17 pt and "12." ~28 pt).
 */
export function hangOf(p: Para, size: number): number {
  const digits = p.digits ?? (p.number !== undefined ? String(p.number).length : 0);
  if (!digits) return INDENT_PT;
  return Math.max(INDENT_PT, Math.ceil(size * (NUMBER_EM * digits + NUMBER_GAP_EM)));
}
/** A digit's width and the number's period and space after it, as a share of the size (Noto Sans: 0.57 em a digit). */
const NUMBER_EM = 0.6;
const NUMBER_GAP_EM = 0.6;

/** The width (points) a paragraph's lines are measured and kept together in, at a size, in a box width (inches). */
export function lineWidth(p: Para, widthIn: number, size: number): number {
  const indent = p.bullet ? hangOf(p, size) * (p.level + 1) : 0;
  return (widthIn * PT_PER_IN - indent) * WIDTH_SAFETY;
}

/** Height in inches of paragraphs at a font size in a box width (inches). */
export function parasHeight(paras: Para[], size: number, widthIn: number, m: Measurer, numbers: Map<string, number>): number {
  let pt = 0;
  paras.forEach((p, i) => {
    const text = paraText(p, numbers);
    const lines = m.wrap(text, size, lineWidth(p, widthIn, size), p.runs.some((r) => r.bold) && p.runs.every((r) => r.bold)).length;
    pt += lines * m.lineHeight(text, size) + (i < paras.length - 1 ? size * SPACE_AFTER : 0);
  });
  return pt / PT_PER_IN;
}

/**
 * The deck's type scale for text: the body size and the one smaller step the theme declares
 * (deck.bodySize, deck.minBodySize), largest first. Every paragraph, bullet, table cell, card and
 * timeline text is set at one of them, the same across the deck, so body text never drifts.
 */
export function bodySizes(theme: Theme): number[] {
  return [...new Set([theme.deck.bodySize, theme.deck.minBodySize])].sort((a, b) => b - a);
}

/** The title sizes: the title size, then the theme's one step below it. */
export function titleSizes(theme: Theme): number[] {
  return [...new Set([theme.deck.titleSize, theme.deck.minTitleSize])].sort((a, b) => b - a);
}

/** The first size of a scale (largest first) at which the paragraphs fit the box; undefined if none. */
export function fitScale(paras: Para[], box: { w: number; h: number }, sizes: number[], m: Measurer, numbers: Map<string, number>): number | undefined {
  return sizes.find((size) => parasHeight(paras, size, box.w, m, numbers) <= box.h);
}

/** The largest size from max down to min (whole points) at which the paragraphs fit the box; undefined if none. */
export function fitSize(paras: Para[], box: { w: number; h: number }, max: number, min: number, m: Measurer, numbers: Map<string, number>): number | undefined {
  for (let size = max; size >= min; size--) {
    if (parasHeight(paras, size, box.w, m, numbers) <= box.h) return size;
  }
  return undefined;
}

/** The pptxgenjs runs of paragraphs in a box width (inches); every paragraph but the last ends with a line break. */
export function textRuns(paras: Para[], size: number, color: string, ctx: Pick<DrawContext, 'm' | 'numbers'>, widthIn: number): TextProps[] {
  const { m, numbers } = ctx;
  const out: TextProps[] = [];
  paras.forEach((p, pi) => {
    // A numbered point restarts its number where the layout says (pptxgenjs writes a:buAutoNum startAt).
    const para = {
      bullet: !p.bullet ? false : p.number !== undefined ? { type: 'number' as const, style: 'arabicPeriod', numberStartAt: p.number, indent: hangOf(p, size) } : { indent: hangOf(p, size) },
      indentLevel: p.bullet ? p.level : 0,
      paraSpaceAfter: pi < paras.length - 1 ? Math.round(size * SPACE_AFTER) : 0,
    };
    const runs: TextProps[] = [];
    // pptxgenjs starts a new paragraph at every run that has `bullet`: only the first run carries it.
    const opts = () => (runs.length ? {} : para);
    for (const r of p.runs) {
      if (r.text) runs.push({ text: m.keep(r.text, size, lineWidth(p, widthIn, size), r.bold), options: { ...opts(), bold: r.bold, italic: r.italic, color, fontSize: size } });
      if (r.cite) runs.push({ text: citeText(numbers, r.cite), options: { ...opts(), color, fontSize: citeSize(size), superscript: true } });
    }
    if (!runs.length) runs.push({ text: ' ', options: { ...para, fontSize: size } });
    if (pi < paras.length - 1) runs[runs.length - 1].options = { ...runs[runs.length - 1].options, breakLine: true };
    out.push(...runs);
  });
  return out;
}

/** Paragraphs and bullets in a box, at the size the layout measured for them. */
export function drawParas(slide: Slide, ctx: DrawContext, paras: Para[], box: Box, size: number): void {
  slide.addText(textRuns(paras, size, ctx.theme.colors.text, ctx, box.w), {
    ...box, fontFace: fontFace(ctx), valign: 'top', margin: 0, color: ctx.theme.colors.text, fit: 'none',
  });
}
