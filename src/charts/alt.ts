// Alt text from a chart's plan: what a reader who cannot see the chart needs to know, with the same
// numbers, units and marks the chart shows, in the chart's language (the catalogue's chart words).
import type { ChartSpec } from '../types.ts';
import { planChart, type ChartPlan, type PointPlan, type SeriesPlan } from './plan.ts';

/** Up to this many points per series, every label and value is read out; beyond it, a summary. */
const LIST_ALL = 8;

/**
 * A label that names a time ("2024", "2027 (projected)", "Q3 2024", "Jan–Jul 2024", 2024年, 2024年1—7月)
 * reads as "in …".
 */
const TIME_LABEL = /^(?:(?:Q[1-4]|H[12]|[A-Z][a-z]{2}(?:\u2013[A-Z][a-z]{2})?)\s+)?(?:19|20)\d\d(?:\b|年)/;

function say(plan: ChartPlan, label: string, p: PointPlan): string {
  const words = plan.words;
  const bare = label.replace(words.projectedLabel, ' ').trim();
  if (TIME_LABEL.test(label)) return words.altInTime(p.spoken, p.projected ? bare : label, p.projected);
  return words.altPoint(label, p.spoken, p.projected && bare === label);
}

/** "rises" or "falls" when every step goes one way (ranges by their middle). */
function direction(points: PointPlan[]): 'rises' | 'falls' | undefined {
  const middles = points.map((p) => (p.range ? (p.range[0] + p.range[1]) / 2 : p.at));
  const steps = middles.slice(1).map((m, i) => m - middles[i]);
  if (steps.every((d) => d > 0)) return 'rises';
  if (steps.every((d) => d < 0)) return 'falls';
  return undefined;
}

function describeSeries(plan: ChartPlan, s: SeriesPlan): string {
  const words = plan.words;
  const points = s.points.map((p, i) => ({ label: plan.categories[i] ?? '', p }));
  const read = (x: (typeof points)[number]) => say(plan, x.label, x.p);
  const round = plan.type === 'pie' || plan.type === 'doughnut' || plan.type === 'bar100' || plan.type === 'numbers';
  if (points.length <= LIST_ALL) {
    // A time series reads as a trend from the first to the last; categories read as a list.
    if (points.length >= 2 && points.every((x) => TIME_LABEL.test(x.label)) && !round) {
      return words.altTrend(direction(s.points), read(points[0]), points.slice(1, -1).map(read), read(points[points.length - 1]));
    }
    return words.altList(points.map(read));
  }
  const first = points[0];
  const last = points[points.length - 1];
  const sorted = [...points].sort((a, b) => b.p.at - a.p.at);
  const extremes = [[words.altHighest, sorted[0]], [words.altLowest, sorted[sorted.length - 1]]] as const;
  const more = extremes.filter(([, x]) => x !== first && x !== last).map(([word, x]) => word(read(x)));
  return words.altSummary(points.length, direction(s.points), read(first), read(last), more);
}

export function chartAltText(spec: ChartSpec): string {
  const plan = planChart(spec);
  const words = plan.words;
  const head = words.altHead(words.types[spec.type] ?? spec.type, spec.title.replace(/[.\u3002]\s*$/, ''));
  const body = plan.series.map((s) => (plan.series.length > 1 ? words.altSeries(s.name, describeSeries(plan, s)) : describeSeries(plan, s))).join(words.seriesSeparator);
  return body ? `${head}${words.sentenceGap}${words.altBody(body)}` : head;
}
