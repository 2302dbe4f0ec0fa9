// What a chart says, decided once for the image (config.ts) and the native PowerPoint chart
// (emit/pptx): where each mark ends, what each label reads, how each point is marked, the legend
// and the value axis. The two renderers only draw this, so they cannot disagree on a number.
import type { Amount } from '../format/index.ts';
import type { FigureFormat } from '../format/locales.ts';
import { localeOf, type Messages } from '../i18n/index.ts';
import type { ChartSpec, ChartType, Qualifier } from '../types.ts';

export type ChartValue = ChartSpec['series'][number]['values'][number];

export interface PointPlan {
  /** Where the mark ends on the value axis: the value, or a range's end farther from zero (bars) or middle (lines). */
  at: number;
  /** A range, marked on its bar (or around its point) from its low to its high end. */
  range?: [number, number];
  /** The data label: "over 2,200", "3,000–3,800", "about 1.2 (implied)"; with its unit where there is no axis. */
  label: string;
  /** The value with its unit, as alt text says it: "over 2,200 GWh". */
  spoken: string;
  projected: boolean;
  /** Computed from other figures: drawn lighter with a dashed outline, and labelled so. */
  derived?: 'derived' | 'implied';
  /** A lower ("over 950") or upper ("below 0.5") bound: its bar fades toward its end. */
  bound?: 'lower' | 'upper';
  /** What the parts leave of a whole (a pie of shares that sum to less than 100%). */
  rest?: boolean;
}

export interface SeriesPlan {
  /** The name in the legend; a series of projections only says so ("2030 (projected)"). */
  name: string;
  points: PointPlan[];
  /** Every point projected: its legend swatch is hatched like its marks, and no separate key is needed. */
  allProjected: boolean;
}

export interface ChartPlan {
  type: ChartType;
  title: string;
  /** The value axis heading ("GWh", "CNY billion"); empty for charts without a value axis. */
  axisTitle: string;
  /** Values are percentages: ticks and labels carry "%". */
  percent: boolean;
  /** Categories in order; a pie's "Other" last. */
  categories: string[];
  series: SeriesPlan[];
  /** Shares of one whole: the value axis runs from 0 to 100%. */
  share: boolean;
  /** Legend entries: the series (when more than one, or the parts of a round chart), and a "Projected" key. */
  legend: { series: boolean; projected: boolean };
  /** The lowest and highest ends of the marks (0 included): the value axis shows both. */
  extent: [number, number];
  /** The chart's language: its words ("Projected", "Other") and how it says numbers (axis ticks). */
  words: Messages['chart'];
  format: FigureFormat;
}

const ROUND = new Set<ChartType>(['pie', 'doughnut']);
/** Types whose labels carry the unit: there is no value axis to name it. */
const NO_AXIS = new Set<ChartType>(['pie', 'doughnut', 'bar100', 'numbers']);
const LOWER: Qualifier[] = ['over', 'at least'];
const UPPER: Qualifier[] = ['below', 'up to', 'nearly'];

/**
 * The value axis in the language's own scale words, and its heading: a Chinese axis counts CNY 113
 * billion as 1130 (亿元). Factor 1 and the chart's unit where there is no axis, or no rescaling.
 */
export function axisScale(spec: ChartSpec, format: FigureFormat): { factor: number; heading: string } {
  const percent = (spec.measure?.unit ?? spec.unit).trim() === '%';
  if (NO_AXIS.has(spec.type) || !spec.measure || percent) return { factor: 1, heading: spec.unit };
  return format.chartScale(spec.series.flatMap((s) => s.values.flat()), spec.measure);
}

export function planChart(spec: ChartSpec): ChartPlan {
  const { messages: { chart: words }, format } = localeOf(spec.language ?? 'en');
  const percent = (spec.measure?.unit ?? spec.unit).trim() === '%';
  const noAxis = NO_AXIS.has(spec.type);
  const amount = amountOf(spec);
  const line = spec.type === 'line';
  const scaled = axisScale(spec, format);
  const rescale = (n: number) => (scaled.factor === 1 ? n : Number((n * scaled.factor).toPrecision(12)));
  const series: SeriesPlan[] = spec.series.map((s) => {
    const points = s.values.map((given, i): PointPlan => {
      const qualifier = s.qualifiers?.[i];
      const derived = s.derived?.[i];
      const mark = derived ? words.derivedMark(derived) : '';
      const value = Array.isArray(given) ? { range: given } : { value: given };
      const v = Array.isArray(given) ? given.map(rescale) as [number, number] : rescale(given);
      const numbers = Array.isArray(v) ? format.range(format.number(v[0]), format.number(v[1])) : format.number(v);
      return {
        // A range's bar reaches its end farther from zero, with the range marked back to the other end.
        at: Array.isArray(v) ? (line ? (v[0] + v[1]) / 2 : Math.abs(v[1]) >= Math.abs(v[0]) ? v[1] : v[0]) : v,
        ...(Array.isArray(v) ? { range: v } : {}),
        label: (noAxis ? format.amount({ ...amount, ...value, qualifier }, 'short') : format.qualified(qualifier, `${numbers}${percent ? '%' : ''}`)) + mark,
        spoken: format.amount({ ...amount, ...value, qualifier }) + mark,
        projected: Boolean(s.projected?.[i]),
        ...(derived ? { derived } : {}),
        ...(qualifier && LOWER.includes(qualifier) ? { bound: 'lower' as const } : qualifier && UPPER.includes(qualifier) ? { bound: 'upper' as const } : {}),
      };
    });
    const allProjected = points.length > 0 && points.every((p) => p.projected);
    const name = allProjected && !words.saysProjected.test(s.name) ? words.projectedName(s.name) : s.name;
    return { name, points, allProjected };
  });

  const categories = [...spec.labels];
  const parts = ROUND.has(spec.type) || spec.type === 'bar100';
  if (parts && series[0] && (percent || spec.share)) {
    const sum = series[0].points.reduce((t, p) => t + p.at, 0);
    if (sum < 99.5) {
      const rest = Number((100 - sum).toPrecision(12));
      categories.push(words.other);
      series[0].points.push({ at: rest, label: format.amount({ ...amount, value: rest }, 'short'), spoken: format.amount({ ...amount, value: rest }), projected: false, rest: true });
    }
  }

  const mixedProjection = series.some((s) => !s.allProjected && s.points.some((p) => p.projected));
  return {
    type: spec.type,
    title: spec.title,
    axisTitle: noAxis ? '' : scaled.factor === 1 ? spec.unit : scaled.heading,
    percent,
    categories,
    series,
    share: Boolean(spec.share) && !noAxis,
    // Big numbers say what each is (and whether it is projected) beside it: no legend.
    legend: spec.type === 'numbers' ? { series: false, projected: false }
      // A lone series is named beside the "Projected" key, so that the solid marks say what they are.
      : { series: series.length > 1 || parts || mixedProjection, projected: mixedProjection || (parts && series.some((s) => s.points.some((p) => p.projected))) },
    extent: extentOf(spec.type, series),
    words,
    format,
  };
}

/** The unit the chart's values are in: the figures' (after validation), or the chart's own unit read as words. */
function amountOf(spec: ChartSpec): Omit<Amount, 'value' | 'range' | 'qualifier'> {
  if (spec.measure) return spec.measure;
  const currency = /^([A-Z]{3})(?:\s|$)/.exec(spec.unit.trim())?.[1];
  return { unit: spec.unit.trim(), currency };
}

/** The lowest and highest points the marks reach; stacked marks add up, negatives and positives apart. */
function extentOf(type: ChartType, series: SeriesPlan[]): [number, number] {
  let low = 0;
  let high = 0;
  const reach = (n: number) => { low = Math.min(low, n); high = Math.max(high, n); };
  if (type === 'stackedBar' || type === 'bar100') {
    const n = Math.max(0, ...series.map((s) => s.points.length));
    for (let i = 0; i < n; i++) {
      const values = series.map((s) => s.points[i]?.at ?? 0);
      reach(values.filter((v) => v > 0).reduce((a, b) => a + b, 0));
      reach(values.filter((v) => v < 0).reduce((a, b) => a + b, 0));
    }
  } else {
    for (const p of series.flatMap((s) => s.points)) {
      reach(p.at);
      if (p.range) { reach(p.range[0]); reach(p.range[1]); }
    }
  }
  return [low, high];
}

export interface ValueAxis { min: number; max: number; step: number }

/**
 * A value axis with round steps that shows every mark and leaves room beyond the highest (and below
 * the lowest) for its label: `headroom` and `footroom` are fractions of the plot the labels take.
 * Shares run 0–100%. Both renderers use it, so the image and the native chart share their axis.
 */
export function valueAxis(plan: ChartPlan, headroom: number, footroom = 0): ValueAxis {
  if (plan.share) return { min: 0, max: 100, step: 20 };
  const [low, high] = plan.extent;
  const room = (n: number, fraction: number) => n / (1 - Math.min(0.6, fraction));
  const top = high > 0 ? room(high, headroom) : 0;
  const bottom = low < 0 ? room(low, footroom) : 0;
  const step = niceStep((top - bottom) / 5 || 1);
  return { min: Math.floor(bottom / step + 1e-9) * step, max: Math.max(step, Math.ceil(top / step - 1e-9) * step), step };
}

/** 1, 2, 2.5 or 5 times a power of ten: the step nearest above `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= rough - 1e-12)! * power;
  return Number(step.toPrecision(12));
}

/** The "Projected" key as native charts say it, whose legend lists series only. */
export function projectedKey(plan: ChartPlan): string | undefined {
  return plan.legend.projected ? plan.words.hatchedKey : undefined;
}

/** A category's label with its projection said, unless it says so already: "2027 (projected)". */
export function projectedCategory(plan: ChartPlan, category: string, projected: boolean): string {
  return projected && !plan.words.saysProjected.test(category) ? plan.words.projectedName(category) : category;
}
