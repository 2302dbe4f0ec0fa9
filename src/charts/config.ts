// ChartSpec + Theme → Chart.js configuration: the one place that decides how a chart looks.
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { Theme } from '../theme/index.ts';
import type { ChartSpec } from '../types.ts';
import { formatNumber, formatValue, midpoint } from './format.ts';

/** What the config needs from the canvas it will be drawn on. */
export interface CanvasTools {
  /** A fill for projected points: stripes of `color` over `tint` (a canvas pattern). */
  hatch(color: string, tint: string): unknown;
  /** Width in pixels of `text` drawn in the CSS `font`. */
  measure(text: string, font: string): number;
}

const hex = (c: string) => `#${c}`;

/** `color` mixed with white by `amount` (0..1): the lighter tint of a series for its projections. */
export function lighten(color: string, amount: number): string {
  const n = parseInt(color, 16);
  const mix = (shift: number) => Math.round(((n >> shift) & 255) + (255 - ((n >> shift) & 255)) * amount);
  return [16, 8, 0].map((s) => mix(s).toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Dark text on light fills, white on dark ones. */
function textOn(fill: string, theme: Theme): string {
  const n = parseInt(fill, 16);
  const luminance = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return luminance > 0.6 ? hex(theme.colors.text) : '#FFFFFF';
}

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
  const family = fontFamily(theme);
  const font = { family, size: size.fontSize };
  const isRound = spec.type === 'pie' || spec.type === 'doughnut';
  const horizontal = spec.type === 'horizontalBar';
  const stacked = spec.type === 'stackedBar';
  // Only plain and horizontal bars can draw [low, high] as a floating bar; elsewhere a range sits at its middle.
  const floating = spec.type === 'bar' || horizontal;
  const anyProjected = spec.series.some((s) => s.projected?.some(Boolean));

  const seriesColor = (si: number) => colors.series[si % colors.series.length];
  // The first series' tint is the theme's projection colour; other series get a tint of their own colour.
  const tintOf = (si: number) => (si === 0 ? colors.projection : lighten(seriesColor(si), 0.55));
  // Slices take the palette in turn; the last slice must not repeat the colour of the first, its neighbour.
  const sliceColor = (i: number) => {
    const n = colors.series.length;
    const wraps = i === spec.labels.length - 1 && i > 0 && i % n === 0;
    return colors.series[wraps ? Math.floor(n / 2) : i % n];
  };
  const pointColor = (si: number, i: number) => (isRound ? sliceColor(i) : seriesColor(si));
  const fillOf = (si: number, i: number) =>
    spec.series[si].projected?.[i] ? hatch(pointColor(si, i), isRound ? lighten(pointColor(si, i), 0.55) : tintOf(si)) : hex(pointColor(si, i));
  const labelColorOf = (si: number, i: number) =>
    spec.series[si].projected?.[i] ? (isRound ? lighten(pointColor(si, i), 0.55) : tintOf(si)) : pointColor(si, i);

  const datasets = spec.series.map((s, si): ChartDataset => {
    const data = s.values.map((v) => (floating ? v : midpoint(v)));
    const base = { label: s.name, data: data as never, backgroundColor: s.values.map((_, i) => fillOf(si, i)) as never };
    if (spec.type === 'line') {
      const projected = (i: number) => Boolean(s.projected?.[i]);
      return {
        ...base,
        type: 'line',
        borderColor: hex(seriesColor(si)),
        borderWidth: 5,
        pointRadius: 9,
        pointBackgroundColor: s.values.map((_, i) => (projected(i) ? hex(tintOf(si)) : hex(seriesColor(si)))),
        pointBorderColor: hex(seriesColor(si)),
        pointBorderWidth: 3,
        // The stretch that leads to a projection is dashed.
        segment: { borderDash: (ctx: { p1DataIndex: number }) => (projected(ctx.p1DataIndex) ? [18, 12] : undefined) },
      } as ChartDataset;
    }
    if (isRound) return { ...base, borderColor: '#FFFFFF', borderWidth: 3 } as ChartDataset;
    return { ...base, borderColor: s.values.map((_, i) => hex(pointColor(si, i))), borderWidth: 2, maxBarThickness: 260 } as ChartDataset;
  });

  // Labels drawn on the chart, one per point: the value or the range, as the data says it.
  const percent = spec.unit.trim() === '%';
  const valueText = spec.series.map((s) => s.values.map((v, i) => `${formatValue(v, s.qualifiers?.[i])}${percent ? '%' : ''}`));

  const valueLabels: Plugin = {
    id: 'briefsmithValueLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `bold ${size.fontSize}px ${family}`;
      chart.data.datasets.forEach((_, si) => {
        const meta = chart.getDatasetMeta(si);
        meta.data.forEach((el, i) => {
          const text = valueText[si]?.[i];
          if (text === undefined) return;
          const p = el as unknown as { x: number; y: number; base: number; startAngle: number; endAngle: number; innerRadius: number; outerRadius: number; tooltipPosition(final: boolean): { x: number; y: number } };
          const width = ctx.measureText(text).width;
          if (isRound) {
            // Inside the slice when it fits along the arc; the legend carries every value anyway.
            const { x, y } = p.tooltipPosition(true);
            const arc = (p.endAngle - p.startAngle) * (p.innerRadius + p.outerRadius) / 2;
            if (arc < width + 16 || p.outerRadius - p.innerRadius < size.fontSize * 1.6) return;
            ctx.fillStyle = textOn(labelColorOf(si, i), theme);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, x, y);
          } else if (stacked) {
            const length = Math.abs(p.base - p.y);
            const barWidth = (el as unknown as { width: number }).width;
            if (length < size.fontSize * 1.3 || width + 8 > barWidth) return;
            if (spec.series[si].projected?.[i]) {
              // A plain patch under the number so the stripes do not cut through it.
              ctx.fillStyle = hex(labelColorOf(si, i));
              ctx.fillRect(p.x - width / 2 - 8, (p.y + p.base) / 2 - size.fontSize * 0.65, width + 16, size.fontSize * 1.3);
            }
            ctx.fillStyle = textOn(labelColorOf(si, i), theme);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, p.x, (p.y + p.base) / 2);
          } else if (horizontal) {
            ctx.fillStyle = hex(colors.text);
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, Math.max(p.x, p.base) + 12, p.y);
          } else {
            ctx.fillStyle = hex(colors.text);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            const top = spec.type === 'line' ? p.y - 14 : Math.min(p.y, p.base) - 8;
            ctx.fillText(text, p.x, top);
          }
        });
      });
      ctx.restore();
    },
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

  const legendLabels = isRound
    ? spec.labels.map((label, i) => ({
        text: `${label}: ${valueText[0]?.[i] ?? ''}${spec.series[0]?.projected?.[i] ? ' (projected)' : ''}`,
        fillStyle: fillOf(0, i), strokeStyle: hex(pointColor(0, i)), lineWidth: 2, hidden: false, index: i,
        fontColor: hex(colors.text),
      }))
    : [
        ...spec.series.map((s, si) => ({ text: s.name, fillStyle: hex(seriesColor(si)), strokeStyle: hex(seriesColor(si)), lineWidth: 2, hidden: false, datasetIndex: si, fontColor: hex(colors.text) })),
        ...(anyProjected
          ? [spec.type === 'line'
              ? { text: 'Projected', fillStyle: hex(tintOf(0)), strokeStyle: hex(seriesColor(0)), lineWidth: 4, lineDash: [10, 6], hidden: false, datasetIndex: -1, fontColor: hex(colors.text) }
              : { text: 'Projected', fillStyle: hatch(seriesColor(0), tintOf(0)), strokeStyle: hex(seriesColor(0)), lineWidth: 2, hidden: false, datasetIndex: -1, fontColor: hex(colors.text) }]
          : []),
      ];
  const showLegend = isRound || spec.series.length > 1 || anyProjected;

  const tickFont = { ...font };
  const axisTitle = { display: Boolean(spec.unit), text: spec.unit, font: { ...font, weight: 'bold' as const }, color: hex(colors.text), padding: 12 };
  const grid = { color: hex(colors.rule), lineWidth: 2 };
  const valueAxis = {
    beginAtZero: true,
    stacked,
    // Room above the tallest bar for its label.
    grace: '12%',
    title: axisTitle,
    ticks: { font: tickFont, color: hex(colors.text), padding: 10, callback: (v: string | number) => formatNumber(Number(v)) },
    grid,
    border: { color: hex(colors.muted), width: 2 },
  };
  // Long category labels wrap to the room they have instead of overlapping their neighbours.
  const cssFont = `${size.fontSize}px ${family}`;
  const labelRoom = horizontal ? size.width * 0.3 : (size.width * 0.85) / Math.max(1, spec.labels.length) - 16;
  const labels = spec.labels.map((l) => {
    const lines = wrapText(l, labelRoom, cssFont, measure);
    return lines.length === 1 ? lines[0] : lines;
  });
  const titleLines = wrapText(spec.title, size.width - 80, `bold ${size.titleSize}px ${family}`, measure);
  const categoryAxis = {
    stacked,
    // Lines keep their first and last points (and labels) off the axes.
    offset: true,
    ticks: { font: tickFont, color: hex(colors.text), padding: 10, autoSkip: false, maxRotation: 0 },
    grid: { display: false },
    border: { color: hex(colors.muted), width: 2 },
  };

  return {
    type: spec.type === 'line' ? 'line' : isRound ? spec.type : 'bar',
    data: { labels: isRound ? spec.labels : labels, datasets: datasets as never },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      indexAxis: horizontal ? 'y' : 'x',
      layout: { padding: { top: 12, right: horizontal ? 64 : 32, bottom: 16, left: 24 } },
      color: hex(colors.text),
      font,
      scales: isRound ? {} : horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        title: { display: true, text: titleLines, font: { family, size: size.titleSize, weight: 'bold' }, color: hex(colors.primary), padding: { top: 8, bottom: 16 } },
        subtitle: { display: isRound && Boolean(spec.unit) && !percent, text: spec.unit, font, color: hex(colors.muted), padding: { bottom: 16 } },
        legend: {
          display: showLegend,
          position: isRound ? 'right' : 'top',
          labels: { font, color: hex(colors.text), boxWidth: 44, boxHeight: 30, padding: 24, generateLabels: () => legendLabels as never },
          onClick: () => undefined,
        },
        tooltip: { enabled: false },
      },
    } as never,
    plugins: [background, valueLabels],
  } as ChartConfiguration;
}
