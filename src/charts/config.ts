// ChartSpec + Theme → Chart.js configuration: how the image draws the chart's plan (plan.ts). The
// numbers, labels, legend and value axis come from the plan, which the native chart draws too.
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { Theme } from '../theme/index.ts';
import type { ChartSpec } from '../types.ts';
import { LABEL_GAP, labelLines, marksPlugin, type MarkStyle } from './marks.ts';
import { chartColors, lighten } from './colors.ts';
import { planChart, valueAxis } from './plan.ts';

/** What the config needs from the canvas it will be drawn on. */
export interface CanvasTools {
  /** A fill for projected points: stripes of `color` over `tint` (a canvas pattern). */
  hatch(color: string, tint: string): unknown;
  /** Width in pixels of `text` drawn in the CSS `font`. */
  measure(text: string, font: string): number;
}

const hex = (c: string) => `#${c}`;

export function fontFamily(theme: Theme): string {
  // Latin first, CJK as the fallback for Chinese labels.
  return `"${theme.fonts.latin}", "${theme.fonts.cjk}"`;
}

/** Breaks `text` into lines no wider than `maxWidth` (at spaces, or between CJK characters). */
export function wrapText(text: string, maxWidth: number, font: string, measure: CanvasTools['measure']): string[] {
  // Words, keeping each CJK character breakable on its own.
  const tokens = text.match(/[\u3000-\u9fff\uff00-\uffef][\u3000-\u303f\uff0c\uff1a\uff1b\u3001]?|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line + token;
    if (line && measure(candidate.trimEnd(), font) > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else {
      line = candidate;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.length ? lines : [text];
}

export function buildChartConfig(spec: ChartSpec, theme: Theme, tools: CanvasTools): ChartConfiguration {
  const { hatch, measure } = tools;
  const { colors, chart: size } = theme;
  const plan = planChart(spec);
  const family = fontFamily(theme);
  const font = { family, size: size.fontSize };
  const cssFont = `${size.fontSize}px ${family}`;
  const boldFont = `bold ${cssFont}`;
  const round = plan.type === 'pie' || plan.type === 'doughnut';
  const horizontal = plan.type === 'horizontalBar' || plan.type === 'bar100';
  const stacked = plan.type === 'stackedBar' || plan.type === 'bar100';
  const { base, tint, seriesColor } = chartColors(plan, theme);

  const point = (si: number, i: number) => plan.series[si]?.points[i];
  const fillOf = (si: number, i: number): unknown => {
    const p = point(si, i);
    if (p?.projected) return hatch(base(si, i), tint(si, i));
    return hex(p?.derived ? tint(si, i) : base(si, i));
  };

  const datasets: ChartDataset[] = plan.type === 'bar100'
    // A 100% bar: one stacked part per category, in one row.
    ? plan.categories.map((label, i) => ({
        label, data: [plan.series[0].points[i].at], backgroundColor: [fillOf(0, i)], borderColor: hex(colors.background), borderWidth: 3, maxBarThickness: 320,
      } as ChartDataset))
    : plan.type === 'numbers' ? []
    : plan.series.map((s, si): ChartDataset => {
      const data = s.points.map((p) => p.at);
      const common = { label: s.name, data, backgroundColor: s.points.map((_, i) => fillOf(si, i)) };
      if (plan.type === 'line') {
        return {
          ...common, type: 'line', borderColor: hex(seriesColor(si)), borderWidth: 5, pointRadius: 9, pointBorderWidth: 3,
          // A projection's point is tinted, a derived point hollow; the stretch that leads to a projection is dashed.
          pointBackgroundColor: s.points.map((p, i) => (p.projected ? hex(tint(si, i)) : p.derived ? hex(colors.background) : hex(seriesColor(si)))),
          pointBorderColor: hex(seriesColor(si)),
          segment: { borderDash: (ctx: { p1DataIndex: number }) => (s.points[ctx.p1DataIndex]?.projected ? [18, 12] : undefined) },
        } as ChartDataset;
      }
      if (round) return { ...common, borderColor: hex(colors.background), borderWidth: 3 } as ChartDataset;
      // A derived bar's outline is drawn dashed by the marks; the others keep their colour's border.
      return { ...common, borderColor: s.points.map((p, i) => hex(p.derived ? tint(si, i) : base(si, i))), borderWidth: 2, maxBarThickness: 260 } as ChartDataset;
    });

  const style: MarkStyle = {
    font: boldFont, fontSize: size.fontSize, text: hex(colors.text), background: hex(colors.background),
    fillOf: (si, i) => hex(point(si, i)?.projected || point(si, i)?.derived ? tint(si, i) : base(si, i)),
    strokeOf: (si, i) => hex(base(si, i)),
    measure: (text, f = boldFont) => measure(text, f),
  };

  // White under everything: the canvas is opaque (RGB24), and a cleared RGB24 canvas is black.
  const background: Plugin = {
    id: 'briefsmithBackground',
    beforeDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = 'source-over';
      ctx.fillStyle = hex(colors.background);
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  const legendItem = (text: string, fill: unknown, stroke: string, extra: Record<string, unknown>) =>
    ({ text, fillStyle: fill, strokeStyle: stroke, lineWidth: 2, hidden: false, fontColor: hex(colors.text), ...extra });
  const byPoint = round || plan.type === 'bar100';
  const legendLabels = [
    ...(plan.legend.series
      ? byPoint
        ? plan.categories.map((label, i) => legendItem(label, fillOf(0, i), hex(base(0, i)), { index: i, datasetIndex: plan.type === 'bar100' ? i : 0 }))
        : plan.series.map((s, si) => legendItem(s.name, s.allProjected ? hatch(seriesColor(si), tint(si, 0)) : hex(seriesColor(si)), hex(seriesColor(si)), { datasetIndex: si }))
      : []),
    ...(plan.legend.projected
      ? [plan.type === 'line'
          ? legendItem(plan.words.projected, hex(tint(0, 0)), hex(seriesColor(0)), { lineWidth: 4, lineDash: [10, 6], datasetIndex: -1 })
          : legendItem(plan.words.projected, hatch(byPoint ? colors.muted : seriesColor(0), byPoint ? lighten(colors.muted, 0.55) : tint(0, 0)), hex(byPoint ? colors.muted : seriesColor(0)), { datasetIndex: -1 })]
      : []),
  ];
  const showLegend = legendLabels.length > 0;
  // A round chart's legend stands beside it unless its entries are too long to: then below.
  const legendBeside = round && Math.max(0, ...legendLabels.map((l) => measure(l.text, cssFont))) < size.width * 0.3;

  // Long category labels wrap to the room they have instead of overlapping their neighbours.
  const categoryRoom = horizontal ? size.width * 0.3 : (size.width * 0.85) / Math.max(1, plan.categories.length) - 16;
  const categories = plan.categories.map((l) => {
    const lines = wrapText(l, categoryRoom, cssFont, measure);
    return lines.length === 1 ? lines[0] : lines;
  });

  // The value axis leaves room past the longest mark for its label, measured in the label's font.
  // A vertical bar's label breaks into lines to about its bar's width (estimated as the marks will draw it).
  const barWidth = ((size.width - 220) / Math.max(1, plan.categories.length)) * 0.8 * 0.9 / (stacked ? 1 : Math.max(1, plan.series.length));
  const labelRoom = plan.type === 'line' ? size.fontSize * 8 : Math.max(barWidth * 1.15, size.fontSize * 3);
  const labelExtent = (negative: boolean) => Math.max(0, ...plan.series.flatMap((s) => s.points.filter((p) => (p.at < 0) === negative))
    .map((p) => (horizontal ? measure(p.label, boldFont) : size.fontSize * 1.15 * labelLines(p.label, labelRoom, (t) => measure(t, boldFont)).length) + LABEL_GAP + (plan.type === 'line' ? 22 : 0) + 8));
  const legendHeight = showLegend ? size.fontSize * 1.3 + 40 : 0;
  const tickRoom = horizontal
    ? Math.max(0, ...categories.flat().map((l) => measure(String(l), cssFont))) + 20
    : Math.max(1, ...categories.map((c) => (Array.isArray(c) ? c.length : 1))) * size.fontSize * 1.2 + 20;
  const plotLength = horizontal
    ? size.width - tickRoom - 24 - 64 - 30
    : size.height - legendHeight - tickRoom - 12 - 16 - (size.fontSize + 24);
  const axis = stacked && plan.type === 'bar100' ? { min: 0, max: 100, step: 20 } : valueAxis(plan, labelExtent(false) / plotLength, labelExtent(true) / plotLength);

  const valueTicks = (v: string | number) => `${plan.format.number(Number(v))}${plan.percent ? '%' : ''}`;
  const grid = { color: hex(colors.rule), lineWidth: 2 };
  const valueScale = {
    min: axis.min, max: axis.max, stacked,
    title: { display: Boolean(plan.axisTitle) && !plan.percent, text: plan.axisTitle, font: { ...font, weight: 'bold' as const }, color: hex(colors.text), padding: 12 },
    ticks: { font, color: hex(colors.text), padding: 10, stepSize: axis.step, callback: valueTicks },
    grid,
    border: { color: hex(colors.muted), width: 2 },
  };
  const categoryScale = {
    stacked,
    display: plan.type !== 'bar100',
    // Lines keep their first and last points (and labels) off the axes.
    offset: true,
    ticks: { font, color: hex(colors.text), padding: 10, autoSkip: false, maxRotation: 0 },
    grid: { display: false },
    border: { color: hex(colors.muted), width: 2 },
  };
  const scales = round || plan.type === 'numbers' ? {} : horizontal ? { x: valueScale, y: categoryScale } : { x: categoryScale, y: valueScale };

  return {
    type: plan.type === 'line' ? 'line' : round ? plan.type : 'bar',
    data: { labels: round ? plan.categories : plan.type === 'bar100' ? [''] : categories, datasets: datasets as never },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      indexAxis: horizontal ? 'y' : 'x',
      // Room for labels outside small slices.
      layout: { padding: round ? 60 : { top: 12, right: horizontal ? 64 : 32, bottom: 16, left: 24 } },
      color: hex(colors.text),
      font,
      scales,
      plugins: {
        // The title is the slide's or the figure caption's text, not pixels: no title in the image.
        title: { display: false },
        legend: {
          display: showLegend,
          position: legendBeside ? 'right' : round || plan.type === 'bar100' ? 'bottom' : 'top',
          labels: { font, color: hex(colors.text), boxWidth: 44, boxHeight: 30, padding: 24, generateLabels: () => legendLabels as never },
          onClick: () => undefined,
        },
        tooltip: { enabled: false },
      },
    } as never,
    plugins: [background, marksPlugin(plan, style)],
  } as ChartConfiguration;
}
