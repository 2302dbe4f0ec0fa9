// Charts on slides: the build's Chart.js image with its alt text, or (--charts native) an editable
// PowerPoint chart from the same spec showing the same numbers.
import type { Slide } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { WIDTH_SAFETY } from './text.ts';
import { drawNativeChart } from './native-chart.ts';
import { placeholderPng } from './placeholder.ts';

/** Where a chart of the given aspect ratio goes in a box: as large as fits, centred across, at the top. */
export function placeChart(box: Box, aspect: number): Box {
  const w = Math.min(box.w, box.h * aspect);
  const h = w / aspect;
  return { x: box.x + (box.w - w) / 2, y: box.y, w, h };
}

/**
 * A chart in its box: its title above it as text (unless the slide's title already says it), then
 * the chart as large as fits below.
 */
export function drawChart(slide: Slide, ctx: DrawContext, chartId: string, box: Box, slideTitle = ''): void {
  const image = ctx.images.get(chartId);
  const spec = ctx.charts[chartId];
  const aspect = image ? image.width / image.height : ctx.theme.chart.width / ctx.theme.chart.height;
  const title = spec && !repeats(spec.title, slideTitle) ? spec.title : undefined;
  if (ctx.chartMode === 'native' && spec) {
    drawNativeChart(slide, ctx, spec, placeChart(box, aspect), title);
    return;
  }
  if (!image) throw new Error(`no image rendered for chart "${chartId}"`);
  const titleH = title ? drawChartTitle(slide, ctx, title, box) : 0;
  const placed = placeChart({ ...box, y: box.y + titleH, h: box.h - titleH }, aspect);
  // The pixels may still be rendering: a placeholder now, the chart's PNG when the package is written.
  slide.addImage({ data: `image/png;base64,${placeholderPng(chartId).toString('base64')}`, ...placed, altText: image.alt });
}

/** The chart's title at the top of its box; returns the height it takes. */
export function drawChartTitle(slide: Slide, ctx: DrawContext, title: string, box: Box): number {
  // The type scale's smaller step, a size below the body's (the deck has no size of its own for it).
  const size = ctx.theme.deck.minBodySize;
  const lines = ctx.m.wrap(title, size, box.w * PT_PER_IN * WIDTH_SAFETY, true);
  const h = (lines.length * ctx.m.lineHeight(title, size)) / PT_PER_IN + 0.04;
  slide.addText(title, { x: box.x, y: box.y, w: box.w, h, fontFace: fontFace(ctx), fontSize: size, bold: true, color: ctx.theme.colors.text, margin: 0, valign: 'top', fit: 'none' });
  return h + 0.04;
}

/** A chart title that says nothing the slide's title does not: every word of it is in the slide's. */
export function repeats(chartTitle: string, slideTitle: string): boolean {
  const words = (t: string) => t.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const slide = new Set(words(slideTitle));
  const chart = words(chartTitle);
  return chart.length > 0 && chart.every((w) => slide.has(w));
}
