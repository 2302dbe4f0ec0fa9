// Charts on slides: the build's Chart.js image with its alt text, or (--charts native) an editable
// PowerPoint chart from the same spec showing the same numbers.
import type { Slide } from './pptxgen.ts';
import { chartAltText } from '../../charts/alt.ts';
import { formatNumber } from '../../format/index.ts';
import type { ChartSpec } from '../../types.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { WIDTH_SAFETY } from './text.ts';
import { placeholderPng } from './placeholder.ts';

type Value = ChartSpec['series'][number]['values'][number];

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
function drawChartTitle(slide: Slide, ctx: DrawContext, title: string, box: Box): number {
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

/**
 * A native chart. A PowerPoint bar cannot float, so a range is drawn as an invisible base (its low
 * end) with the span stacked on it; the numbers, with their qualifiers ("over 950", "30–60"), then
 * go in the category labels, since a data label would show the span instead of the range.
 */
function drawNativeChart(slide: Slide, ctx: DrawContext, drawn: ChartSpec, box: Box, title: string | undefined): void {
  const { theme } = ctx;
  const spec = topDown(drawn);
  const round = spec.type === 'pie' || spec.type === 'doughnut';
  const ranged = spec.series.some((s) => s.values.some(Array.isArray));
  const qualified = spec.series.some((s) => s.qualifiers?.some(Boolean));
  const valuesInLabels = !round && (ranged || qualified) && spec.series.length === 1;
  const labels = valuesInLabels
    ? spec.labels.map((l, i) => `${l}: ${valueText(spec.series[0].values[i], spec.series[0].qualifiers?.[i], spec.unit)}`)
    : spec.labels;
  const floating = ranged && spec.type !== 'line' && !round;
  const data = floating ? floatingSeries(spec, labels) : spec.series.map((s) => ({ name: s.name, labels, values: s.values.map(midpoint) }));
  const type = ({ bar: 'bar', horizontalBar: 'bar', stackedBar: 'bar', line: 'line', pie: 'pie', doughnut: 'doughnut', bar100: 'bar', numbers: 'bar' } as const)[spec.type];
  const format = numberFormat(spec);
  slide.addChart(type, data, {
    ...box,
    barDir: spec.type === 'horizontalBar' ? 'bar' : 'col',
    barGrouping: spec.type === 'stackedBar' || floating ? 'stacked' : 'clustered',
    chartColors: seriesColors(spec, floating, labels.length, theme),
    showTitle: Boolean(title), title: title ?? '', titleFontFace: fontFace(ctx), titleFontSize: theme.deck.minBodySize, titleColor: theme.colors.primary,
    showValue: !valuesInLabels, showPercent: false, dataLabelFormatCode: format, dataLabelFontSize: 14, dataLabelFontFace: fontFace(ctx), dataLabelColor: round ? 'FFFFFF' : theme.colors.text,
    dataLabelPosition: round ? 'bestFit' : spec.type === 'stackedBar' ? 'ctr' : 'outEnd',
    catAxisLabelFontSize: 14, valAxisLabelFontSize: 14, catAxisLabelFontFace: fontFace(ctx), valAxisLabelFontFace: fontFace(ctx),
    catAxisLabelColor: theme.colors.text, valAxisLabelColor: theme.colors.muted,
    valAxisMinVal: round ? undefined : 0, valAxisLabelFormatCode: format,
    valGridLine: { color: theme.colors.rule, size: 0.75 },
    showLegend: spec.series.length > 1 || round, legendPos: 'b', legendFontSize: 14, legendFontFace: fontFace(ctx),
    showValAxisTitle: !round, valAxisTitle: spec.unit, valAxisTitleFontSize: 14, valAxisTitleColor: theme.colors.muted,
    // The same alt text as the chart's image: what the chart shows, values included.
    altText: chartAltText(drawn),
  });
}

/**
 * Horizontal bars read top-down, as in the image. PowerPoint draws the first category at the bottom,
 * and reversing its category axis instead moves the value axis to the top, so the categories are
 * given to it last first.
 */
function topDown(spec: ChartSpec): ChartSpec {
  if (spec.type !== 'horizontalBar') return spec;
  const reversed = <T>(items: T[]): T[] => [...items].reverse();
  return {
    ...spec,
    labels: reversed(spec.labels),
    series: spec.series.map((s) => ({
      ...s,
      figures: reversed(s.figures),
      values: reversed(s.values),
      projected: s.projected && reversed(s.projected),
      qualifiers: s.qualifiers && reversed(s.qualifiers),
    })),
  };
}

/** Each ranged series as an invisible base (low end) and the visible span above it. */
function floatingSeries(spec: ChartSpec, labels: string[]): { name: string; labels: string[]; values: number[] }[] {
  return spec.series.flatMap((s) => [
    { name: `${s.name} (base)`, labels, values: s.values.map((v) => (Array.isArray(v) ? v[0] : 0)) },
    { name: s.name, labels, values: s.values.map((v) => (Array.isArray(v) ? v[1] - v[0] : v)) },
  ]);
}

/**
 * Colours, hex from the theme only. One series: a colour per bar, projections in the projection
 * colour as in the image. pptxgenjs picks a random colour when the list is shorter than the points,
 * so the list always covers them (and the output stays byte-identical).
 */
function seriesColors(spec: ChartSpec, floating: boolean, points: number, theme: DrawContext['theme']): string[] {
  const { series, projection, primary } = theme.colors;
  if (floating) return spec.series.flatMap((_, i) => ['transparent', series[i % series.length]]);
  if (spec.series.length === 1 && spec.type !== 'pie' && spec.type !== 'doughnut' && spec.type !== 'line') {
    return Array.from({ length: points }, (_, i) => (spec.series[0].projected?.[i] ? projection : primary));
  }
  return Array.from({ length: Math.max(points, spec.series.length, 2) }, (_, i) => series[i % series.length]);
}

/**
 * The numbers as the text and the image say them (src/format formatNumber): grouped thousands and no
 * decimals from 100 up, the digits the figure has below (15.7, not 16), "%" on shares.
 */
function numberFormat(spec: ChartSpec): string {
  const pct = spec.unit.trim() === '%' ? '"%"' : '';
  return `[>=100]#,##0${pct};General${pct}`;
}

function valueText(v: Value, qualifier: string | undefined, unit: string): string {
  const text = Array.isArray(v) ? `${formatNumber(v[0])}–${formatNumber(v[1])}` : formatNumber(v);
  return `${qualifier ? `${qualifier} ` : ''}${text}${unit.trim() === '%' ? '%' : ''}`;
}

function midpoint(v: Value): number {
  return Array.isArray(v) ? (v[0] + v[1]) / 2 : v;
}
