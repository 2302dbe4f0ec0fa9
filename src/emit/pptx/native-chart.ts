// --charts native: an editable PowerPoint chart drawing the same plan as the image (src/charts/plan.ts).
// pptxgenjs makes the chart's frame, relationships and parts around a stand-in chart whose title
// names it; package.ts then puts our chart XML (chart-xml.ts) and workbook (chart-workbook.ts) in
// the stand-in's place. Big numbers are text boxes.
import type { Slide } from './pptxgen.ts';
import { chartAltText } from '../../charts/alt.ts';
import { planChart, projectedCategory, projectedKey, valueAxis, type ChartPlan } from '../../charts/plan.ts';
import type { ChartSpec } from '../../types.ts';
import { drawChartTitle } from './chart.ts';
import { chartTable, type ChartTable } from './chart-workbook.ts';
import { nativeChartXml } from './chart-xml.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { WIDTH_SAFETY } from './text.ts';

/** A native chart's parts, made while the slide is drawn and put into the package when it is written. */
export interface NativeChart { xml: string; table: ChartTable }

/**
 * The stand-in chart's one series is named after the native chart that replaces it; its title is the
 * chart's, as the preview (which draws the deck's record) looks the chart's image up by it.
 */
const STAND_IN = 'briefsmith-native-chart-';
export const standInId = (xml: string): string | undefined => new RegExp(`${STAND_IN}(\\d+)`).exec(xml)?.[1];

/** Label text in native charts, in points. */
const LABEL_SIZE = 14;

export function drawNativeChart(slide: Slide, ctx: DrawContext, spec: ChartSpec, box: Box, title: string | undefined): void {
  const plan = topDown(planChart(spec));
  if (plan.type === 'numbers') { drawNumbers(slide, ctx, plan, box, title); return; }
  const round = plan.type === 'pie' || plan.type === 'doughnut';
  const table = chartTable(plan);
  const key = projectedKey(plan);
  const room = round ? undefined : labelRoom(plan, box, ctx, Boolean(title), Boolean(key));
  const axis = room && (plan.type === 'bar100' ? { min: 0, max: 100, step: 20 } : valueAxis(plan, room.head, room.foot));
  // A share's label that would pass the end of a 0–100% axis goes inside its bar.
  const inside = (si: number, i: number) => Boolean(plan.share && axis && room && (plan.series[si]?.points[i]?.at ?? 0) / axis.max > 1 - room.head);
  const xml = nativeChartXml(plan, table, { title, key, axis, theme: ctx.theme, inside });
  const id = String(ctx.nativeCharts.size + 1);
  ctx.nativeCharts.set(id, { xml, table });
  slide.addChart(ctx.pptx.ChartType.bar, [{ name: `${STAND_IN}${id}`, labels: ['stand-in'], values: [1] }], {
    ...box, showTitle: true, title: spec.title, altText: chartAltText(spec),
  });
}

/**
 * How much of the plot the labels past the longest and the most negative marks take, in the
 * theme's font at the native label size, over an estimate of the plot's length in the box.
 */
function labelRoom(plan: ChartPlan, box: Box, ctx: DrawContext, titled: boolean, keyed: boolean): { head: number; foot: number } {
  const horizontal = plan.type === 'horizontalBar' || plan.type === 'bar100';
  const points = plan.series.flatMap((s) => s.points);
  const extent = (negative: boolean) => Math.max(0, ...points.filter((p) => (p.at < 0) === negative)
    .map((p) => (horizontal ? ctx.m.width(p.label, LABEL_SIZE, true) : ctx.m.lineHeight(p.label, LABEL_SIZE)) + 8));
  const categories = plan.categories.map((c) => ctx.m.width(c, LABEL_SIZE));
  const titleH = (titled ? 18 * 1.3 : 0) + (keyed ? 12 * 1.3 : 0) + (titled || keyed ? 12 : 0);
  const legendH = plan.legend.series ? LABEL_SIZE * 1.5 + 8 : 0;
  const plot = horizontal
    ? box.w * PT_PER_IN - Math.min(box.w * PT_PER_IN * 0.4, Math.max(0, ...categories) + 12) - 24
    : box.h * PT_PER_IN - titleH - legendH - LABEL_SIZE * 2.6 - 24 - (plan.axisTitle ? 0 : 0);
  return { head: extent(false) / plot, foot: extent(true) / plot };
}

/**
 * Horizontal bars read top-down, as in the image. PowerPoint draws the first category at the bottom,
 * and reversing its category axis instead moves the value axis to the top, so the categories are
 * given to it last first.
 */
function topDown(plan: ChartPlan): ChartPlan {
  if (plan.type !== 'horizontalBar') return plan;
  return { ...plan, categories: [...plan.categories].reverse(), series: plan.series.map((s) => ({ ...s, points: [...s.points].reverse() })) };
}

/** Big numbers as text: each value large on one line, what it counts below it. */
function drawNumbers(slide: Slide, ctx: DrawContext, plan: ChartPlan, box: Box, title: string | undefined): void {
  const { theme, m } = ctx;
  const top = title ? drawChartTitle(slide, ctx, title, box) : 0;
  const points = plan.series[0]?.points ?? [];
  const gap = 0.3;
  const w = (box.w - gap * (points.length - 1)) / Math.max(1, points.length);
  const width = w * PT_PER_IN * WIDTH_SAFETY;
  let size = 44;
  while (size > 20 && points.some((p) => m.width(p.label, size, true) > width)) size -= 2;
  const valueH = (m.lineHeight('X', size) * 1.1) / PT_PER_IN;
  const y = box.y + top + Math.max(0, (box.h - top) * 0.3 - valueH);
  points.forEach((p, i) => {
    const x = box.x + i * (w + gap);
    slide.addText(p.label, { x, y, w, h: valueH, fontFace: fontFace(ctx), fontSize: size, bold: true, color: theme.colors.primary, align: 'center', valign: 'bottom', margin: 0, fit: 'none' });
    const category = plan.categories[i] ?? '';
    const label = projectedCategory(plan, category, p.projected);
    slide.addText(label, { x, y: y + valueH + 0.1, w, h: 1.2, fontFace: fontFace(ctx), fontSize: 18, color: theme.colors.text, align: 'center', valign: 'top', margin: 0, fit: 'none' });
  });
}
