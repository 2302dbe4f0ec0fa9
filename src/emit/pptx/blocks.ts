// Drawing each kind of block into a box on a slide: charts, tables, number tiles, timelines, flows,
// and paragraphs. Each returns nothing; sizes were decided by the layout (layout.ts).
import type { Pptx, Slide, TableCell, TextProps } from './pptxgen.ts';
import type { Theme } from '../../theme/index.ts';
import type { Block, ChartImage, ChartSpec, Run } from '../../types.ts';
import { citeMarker } from '../common.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import type { Measurer } from './measure.ts';
import { fitSize, parasHeight, textRuns, type Para } from './text.ts';

export interface DrawContext {
  pptx: Pptx;
  theme: Theme;
  m: Measurer;
  numbers: Map<string, number>;
  images: Map<string, ChartImage>;
  charts: Record<string, ChartSpec>;
  chartMode: 'image' | 'native';
}


const font = (ctx: DrawContext) => ctx.theme.fonts.latin;

export function drawParas(slide: Slide, ctx: DrawContext, paras: Para[], box: Box, size: number): void {
  slide.addText(textRuns(paras, size, ctx.theme.colors.text, ctx.numbers), {
    ...box, fontFace: font(ctx), valign: 'top', margin: 0, color: ctx.theme.colors.text, fit: 'none',
  });
}

/** A chart image keeping its aspect ratio, centred in the box; or a native chart from the same spec. */
export function drawChart(slide: Slide, ctx: DrawContext, chartId: string, box: Box): void {
  const image = ctx.images.get(chartId);
  const spec = ctx.charts[chartId];
  const aspect = image ? image.width / image.height : 16 / 9;
  const w = Math.min(box.w, box.h * aspect);
  const h = w / aspect;
  const placed = { x: box.x + (box.w - w) / 2, y: box.y, w, h };
  if (ctx.chartMode === 'native' && spec) {
    drawNativeChart(slide, ctx, spec, placed);
    return;
  }
  if (!image) throw new Error(`no image rendered for chart "${chartId}"`);
  slide.addImage({ data: `image/png;base64,${image.png.toString('base64')}`, ...placed, altText: image.alt });
}

/**
 * A native, editable chart with the same numbers as the image. A range cannot be one bar in a
 * PowerPoint chart, so ranged series become two series, "low" and "high".
 */
function drawNativeChart(slide: Slide, ctx: DrawContext, spec: ChartSpec, box: Box): void {
  const { theme } = ctx;
  const data = spec.series.flatMap((s) => {
    if (!s.values.some(Array.isArray)) return [{ name: s.name, labels: spec.labels, values: s.values as number[] }];
    return [
      { name: `${s.name} (low)`, labels: spec.labels, values: s.values.map((v) => (Array.isArray(v) ? v[0] : v)) },
      { name: `${s.name} (high)`, labels: spec.labels, values: s.values.map((v) => (Array.isArray(v) ? v[1] : v)) },
    ];
  });
  const type = ({ bar: 'bar', horizontalBar: 'bar', stackedBar: 'bar', line: 'line', pie: 'pie', doughnut: 'doughnut' } as const)[spec.type];
  slide.addChart(type, data, {
    ...box,
    barDir: spec.type === 'horizontalBar' ? 'bar' : 'col',
    barGrouping: spec.type === 'stackedBar' ? 'stacked' : 'clustered',
    chartColors: theme.colors.series,
    showTitle: true, title: spec.title, titleFontFace: font(ctx), titleFontSize: 18, titleColor: theme.colors.primary,
    showValue: true, dataLabelFontSize: 14, dataLabelFontFace: font(ctx),
    catAxisLabelFontSize: 14, valAxisLabelFontSize: 14, catAxisLabelFontFace: font(ctx), valAxisLabelFontFace: font(ctx),
    showLegend: data.length > 1 || spec.type === 'pie' || spec.type === 'doughnut', legendPos: 'b', legendFontSize: 14, legendFontFace: font(ctx),
    showValAxisTitle: spec.type !== 'pie' && spec.type !== 'doughnut', valAxisTitle: spec.unit, valAxisTitleFontSize: 14,
    altText: `${spec.title} (${spec.unit})`,
  });
}

/** Number tiles: the value large, its label small, side by side. */
export function drawTiles(slide: Slide, ctx: DrawContext, block: Extract<Block, { kind: 'tiles' }>, box: Box): void {
  const { theme, m } = ctx;
  const n = block.tiles.length;
  const gap = 0.3;
  const w = (box.w - gap * (n - 1)) / n;
  const pad = 0.2;
  const inner = w - 2 * pad;
  const valueH = box.h * 0.45;
  // One size for every tile's value, so the row reads evenly.
  const valueSize = Math.min(...block.tiles.map((t) => fitSize([{ runs: [{ text: t.value, bold: true }], level: 0, bullet: false }], { w: inner, h: valueH }, 40, 20, m, ctx.numbers) ?? 20));
  const labelBox = { w: inner, h: box.h - valueH - 2 * pad };
  const labelSize = Math.min(...block.tiles.map((t) => fitSize([labelPara(t)], labelBox, 16, 12, m, ctx.numbers) ?? 12));
  block.tiles.forEach((tile, i) => {
    const x = box.x + i * (w + gap);
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y: box.y, w, h: box.h, fill: { color: theme.colors.panel }, line: { color: theme.colors.panel } });
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y: box.y, w: 0.08, h: box.h, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    slide.addText([{ text: tile.value, options: { bold: true, fontSize: valueSize, color: theme.colors.primary } }], {
      x: x + pad, y: box.y + pad, w: inner, h: valueH, fontFace: font(ctx), valign: 'bottom', margin: 0, fit: 'none',
    });
    slide.addText(textRuns([labelPara(tile)], labelSize, theme.colors.muted, ctx.numbers), {
      x: x + pad, y: box.y + pad + valueH + 0.1, w: inner, h: labelBox.h - 0.1, fontFace: font(ctx), valign: 'top', margin: 0, fit: 'none',
    });
  });
}

function labelPara(tile: { label: string; source: string }): Para {
  return { runs: [{ text: tile.label, cite: tile.source }], level: 0, bullet: false };
}

/** Tile row height for a box width: values and labels of the theme's sizes fit. */
export const TILE_HEIGHT = 2.4;

/** A timeline: a line across, a dot per item, the date above and the text below. */
export function drawTimeline(slide: Slide, ctx: DrawContext, items: { when: string; text: string }[], box: Box, textSize: number): void {
  const { theme, pptx } = ctx;
  const colW = box.w / items.length;
  const lineY = box.y + 0.75;
  slide.addShape(pptx.ShapeType.line, { x: box.x, y: lineY, w: box.w, h: 0, line: { color: theme.colors.rule, width: 2 } });
  items.forEach((item, i) => {
    const x = box.x + i * colW;
    slide.addText([{ text: item.when, options: { bold: true, color: theme.colors.primary, fontSize: 16 } }], {
      x: x + 0.05, y: box.y, w: colW - 0.1, h: 0.6, fontFace: font(ctx), valign: 'bottom', margin: 0, fit: 'none',
    });
    slide.addShape(pptx.ShapeType.ellipse, { x: x + 0.05, y: lineY - 0.1, w: 0.2, h: 0.2, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    slide.addText([{ text: item.text, options: { color: theme.colors.text, fontSize: textSize } }], {
      x: x + 0.05, y: lineY + 0.25, w: colW - 0.15, h: box.h - 1.0, fontFace: font(ctx), valign: 'top', margin: 0, fit: 'none',
    });
  });
}

/** The size at which every item's text fits its column under the line; undefined if none. */
export function timelineTextSize(items: { when: string; text: string }[], box: Box, ctx: DrawContext): number | undefined {
  const column = { w: box.w / items.length - 0.15, h: box.h - 1.0 };
  const sizes = items.map((i) => fitSize([{ runs: [{ text: i.text }], level: 0, bullet: false }], column, 16, 12, ctx.m, ctx.numbers));
  return sizes.some((s) => s === undefined) ? undefined : Math.min(...(sizes as number[]));
}

/** A flow: boxes left to right, joined by arrows; each box a step title and its text. */
export function drawFlow(slide: Slide, ctx: DrawContext, steps: { title: string; text: string }[], box: Box, sizes: { title: number; text: number }): void {
  const { theme, pptx } = ctx;
  const arrow = 0.4;
  const w = (box.w - arrow * (steps.length - 1)) / steps.length;
  steps.forEach((step, i) => {
    const x = box.x + i * (w + arrow);
    slide.addShape(pptx.ShapeType.roundRect, { x, y: box.y, w, h: box.h, fill: { color: theme.colors.panel }, line: { color: theme.colors.rule, width: 1 }, rectRadius: 0.08 });
    slide.addShape(pptx.ShapeType.rect, { x, y: box.y, w, h: 0.08, fill: { color: theme.colors.primary }, line: { color: theme.colors.primary } });
    const paras: TextProps[] = [{ text: step.title, options: { bold: true, color: theme.colors.primary, fontSize: sizes.title, breakLine: Boolean(step.text), paraSpaceAfter: 6 } }];
    if (step.text) paras.push({ text: step.text, options: { color: theme.colors.text, fontSize: sizes.text } });
    slide.addText(paras, { x: x + 0.15, y: box.y + 0.2, w: w - 0.3, h: box.h - 0.3, fontFace: font(ctx), valign: 'top', margin: 0, fit: 'none' });
    if (i < steps.length - 1) {
      slide.addShape(pptx.ShapeType.rightArrow, { x: x + w + 0.07, y: box.y + box.h / 2 - 0.15, w: arrow - 0.14, h: 0.3, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    }
  });
}

/** Sizes at which every step of a flow fits a box of the given height; undefined if none. */
export function flowSizes(steps: { title: string; text: string }[], box: Box, ctx: DrawContext): { title: number; text: number } | undefined {
  const arrow = 0.4;
  const inner = { w: (box.w - arrow * (steps.length - 1)) / steps.length - 0.3, h: box.h - 0.3 };
  const para = (text: string, bold = false): Para[] => [{ runs: [{ text, bold }], level: 0, bullet: false }];
  for (let text = 16; text >= 12; text--) {
    const title = text + 2;
    // Title and text at their own sizes, with the 6 pt between them that drawFlow puts there.
    const fits = steps.every((s) => parasHeight(para(s.title, true), title, inner.w, ctx.m, ctx.numbers)
      + (s.text ? 6 / PT_PER_IN + parasHeight(para(s.text), text, inner.w, ctx.m, ctx.numbers) : 0) <= inner.h);
    if (fits) return { title, text };
  }
  return undefined;
}

/** A table page: header row on top, then the rows given, in the column widths given. */
export function drawTable(slide: Slide, ctx: DrawContext, columns: string[], rows: Run[][][], box: Box, colW: number[], size: number): void {
  const { theme } = ctx;
  const cell = (runs: Run[], header: boolean): TableCell => {
    const parts: TextProps[] = [];
    for (const r of runs) {
      if (r.text) parts.push({ text: r.text, options: { bold: header || r.bold, italic: r.italic } });
      if (r.cite) parts.push({ text: ` ${citeMarker(ctx.numbers, r.cite)}`, options: { superscript: true } });
    }
    // An empty cell makes PowerPoint repair the file (PptxGenJS #1168): say so instead.
    if (!parts.length) parts.push({ text: '—' });
    return { text: parts, options: header ? { fill: { color: theme.colors.primary }, color: 'FFFFFF', bold: true } : {} };
  };
  const body = rows.map((row, ri) => row.map((c) => {
    const made = cell(c, false);
    if (ri % 2 === 1) made.options = { ...made.options, fill: { color: theme.colors.panel } };
    return made;
  }));
  slide.addTable([columns.map((c) => cell([{ text: c }], true)), ...body], {
    x: box.x, y: box.y, w: box.w, colW, fontFace: font(ctx), fontSize: size, color: theme.colors.text,
    border: { type: 'solid', pt: 0.75, color: theme.colors.rule }, valign: 'top', margin: 4, autoPage: false,
  });
}

/** Column widths (inches) in proportion to what the columns hold, none narrower than 12% of the table. */
export function tableColumnWidths(columns: string[], rows: Run[][][], width: number, numbers: Map<string, number>): number[] {
  const weight = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? []).map((run) => run.text + (run.cite ? citeMarker(numbers, run.cite) : '')).join('').length)));
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  const min = 0.12 * width;
  const raw = weight.map((w) => Math.max(min, (w / total) * width));
  const scale = width / raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w * scale);
}

/** Height (inches) of a table row at a size, from the tallest cell (4 pt cell margins each side). */
export function tableRowHeight(row: Run[][], colW: number[], size: number, ctx: DrawContext, bold = false): number {
  const tallest = Math.max(...row.map((c, i) => {
    const text = c.map((r) => r.text + (r.cite ? ` ${citeMarker(ctx.numbers, r.cite)}` : '')).join('') || '—';
    return ctx.m.wrap(text, size, (colW[i] * PT_PER_IN - 8) * 0.95, bold).length * ctx.m.lineHeight(text, size);
  }));
  return (tallest + 8 + 2) / PT_PER_IN;
}
