// The colours of a chart's marks, from the theme: the same in the image and the native chart.
import type { Theme } from '../theme/index.ts';
import type { ChartPlan } from './plan.ts';

/** `color` mixed with white by `amount` (0..1): the lighter tint of a series for its projections. */
export function lighten(color: string, amount: number): string {
  const n = parseInt(color, 16);
  const mix = (shift: number) => Math.round(((n >> shift) & 255) + (255 - ((n >> shift) & 255)) * amount);
  return [16, 8, 0].map((s) => mix(s).toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Luminance above which text on a fill is dark, below which it is white. */
export function isLight(fill: string): boolean {
  const n = parseInt(fill.replace('#', ''), 16);
  return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255 > 0.6;
}

/**
 * Hex colours (RRGGBB) of a chart's points: a series' colour, its lighter tint (projections and
 * derived points), and each part's colour in a round chart, 100% bar or big numbers.
 */
export function chartColors(plan: ChartPlan, theme: Theme) {
  const { colors } = theme;
  const byPoint = plan.type === 'pie' || plan.type === 'doughnut' || plan.type === 'bar100' || plan.type === 'numbers';
  const n = colors.series.length;
  const seriesColor = (si: number) => colors.series[si % n];
  // Slices take the palette in turn; the last must not repeat the colour of the first, its neighbour.
  const sliceColor = (i: number) => {
    const last = i === plan.categories.length - 1 && i > 0 && i % n === 0;
    return colors.series[last ? Math.floor(n / 2) : i % n];
  };
  const base = (si: number, i: number) => (plan.series[si]?.points[i]?.rest ? colors.rule : byPoint ? sliceColor(i) : seriesColor(si));
  // The first series' tint is the theme's projection colour; others get a tint of their own colour.
  const tint = (si: number, i: number) => (!byPoint && si === 0 ? colors.projection : lighten(base(si, i), 0.55));
  return { seriesColor, base, tint, byPoint };
}
