// Charts on slides: the build's Chart.js image with its alt text, or (--charts native) an editable
// PowerPoint chart from the same spec showing the same numbers.
import type { Slide } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { GAP, PT_PER_IN, type Box } from './geometry.ts';
import { WIDTH_SAFETY, type Para } from './text.ts';
import { drawNativeChart } from './native-chart.ts';
import { placeholderPng } from './placeholder.ts';

/** Where a chart of the given aspect ratio goes in a box: as large as fits, centred across, at the top. */
export function placeChart(box: Box, aspect: number): Box {
  const w = Math.min(box.w, box.h * aspect);
  const h = w / aspect;
  return { x: box.x + (box.w - w) / 2, y: box.y, w, h };
}

/** A chart's note on a slide: small, muted, italic. */
const NOTE_SIZE = 12;
/** The narrowest column a note goes in beside a chart. */
const NOTE_COLUMN = 2.6;

/**
 * A chart in its box: its title above it as text (unless the slide's title already says it), then
 * the chart as large as fits below, and its note (what a reader must know: a conversion, bounds)
 * beside it where the chart leaves room, else below it. `withNote: false` when the note goes with
 * the text beside the chart (layout.ts).
 */
export function drawChart(slide: Slide, ctx: DrawContext, chartId: string, box: Box, slideTitle = '', withNote = true): void {
  const image = ctx.images.get(chartId);
  const spec = ctx.charts[chartId];
  if (!spec && !image) throw new Error(`no image rendered for chart "${chartId}"`);
  const aspect = image ? image.width / image.height : ctx.theme.chart.width / ctx.theme.chart.height;
  const title = spec && !repeats(spec.title, slideTitle) ? spec.title : undefined;
  const native = ctx.chartMode === 'native' && spec;
  // A native chart holds its title; an image gets it as text above.
  const titleH = title && !native ? drawChartTitle(slide, ctx, title, box) : 0;
  const area = { ...box, y: box.y + titleH, h: box.h - titleH };
  const note = withNote ? spec?.note : undefined;
  let placed = placeChart(area, aspect);
  if (note) {
    if (area.w - placed.w >= NOTE_COLUMN + GAP) {
      placed = { ...placed, x: area.x };
      drawNote(slide, ctx, note, { x: area.x + placed.w + GAP, y: placed.y, w: area.w - placed.w - GAP, h: placed.h }, 'bottom');
    } else {
      const noteH = noteHeight(ctx, note, area.w);
      placed = placeChart({ ...area, h: area.h - noteH }, aspect);
      drawNote(slide, ctx, note, { x: area.x, y: placed.y + placed.h, w: area.w, h: noteH }, 'top');
    }
  }
  if (native) {
    drawNativeChart(slide, ctx, spec, placed, title);
    return;
  }
  if (!image) throw new Error(`no image rendered for chart "${chartId}"`);
  // The pixels may still be rendering: a placeholder now, the chart's PNG when the package is written.
  slide.addImage({ data: `image/png;base64,${placeholderPng(chartId).toString('base64')}`, ...placed, altText: image.alt });
}

/** A chart's note as a paragraph, for the text beside a chart. */
export function notePara(note: string): Para {
  return { runs: [{ text: note, italic: true }], level: 0, bullet: false };
}

function noteHeight(ctx: DrawContext, note: string, width: number): number {
  return (ctx.m.wrap(note, NOTE_SIZE, width * PT_PER_IN * WIDTH_SAFETY).length * ctx.m.lineHeight(note, NOTE_SIZE)) / PT_PER_IN + 0.08;
}

function drawNote(slide: Slide, ctx: DrawContext, note: string, box: Box, valign: 'top' | 'bottom'): void {
  const h = Math.min(box.h, noteHeight(ctx, note, box.w));
  slide.addText(note, { x: box.x, y: valign === 'bottom' ? box.y + box.h - h : box.y + 0.04, w: box.w, h, fontFace: fontFace(ctx), fontSize: NOTE_SIZE, italic: true, color: ctx.theme.colors.muted, margin: 0, valign, fit: 'none' });
}

/** The chart's title at the top of its box; returns the height it takes. */
export function drawChartTitle(slide: Slide, ctx: DrawContext, title: string, box: Box): number {
  const h = chartTitleHeight(ctx, title, box.w) - 0.04;
  slide.addText(title, { x: box.x, y: box.y, w: box.w, h, fontFace: fontFace(ctx), fontSize: ctx.theme.deck.minBodySize, bold: true, color: ctx.theme.colors.text, margin: 0, valign: 'top', fit: 'none' });
  return h + 0.04;
}

/** The height a chart's title takes at the top of a box that wide, the space under it included. */
export function chartTitleHeight(ctx: DrawContext, title: string, width: number): number {
  // The type scale's smaller step, a size below the body's (the deck has no size of its own for it).
  const size = ctx.theme.deck.minBodySize;
  const lines = ctx.m.wrap(title, size, width * PT_PER_IN * WIDTH_SAFETY, true);
  return (lines.length * ctx.m.lineHeight(title, size)) / PT_PER_IN + 0.08;
}

/** A chart title that says nothing the slide's title does not: every word of it is in the slide's. */
export function repeats(chartTitle: string, slideTitle: string): boolean {
  const words = (t: string) => t.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const slide = new Set(words(slideTitle));
  const chart = words(chartTitle);
  return chart.length > 0 && chart.every((w) => slide.has(w));
}
