// Alt text from a chart's plan: what a reader who cannot see the chart needs to know, with the same
// numbers, units and marks the chart shows.
import type { ChartSpec } from '../types.ts';
import { planChart, type ChartPlan, type PointPlan, type SeriesPlan } from './plan.ts';

const TYPE_NAMES: Record<ChartSpec['type'], string> = {
  bar: 'Bar chart',
  horizontalBar: 'Horizontal bar chart',
  stackedBar: 'Stacked bar chart',
  line: 'Line chart',
  pie: 'Pie chart',
  doughnut: 'Doughnut chart',
  bar100: '100% bar',
  numbers: 'Key figures',
};

/** Up to this many points per series, every label and value is read out; beyond it, a summary. */
const LIST_ALL = 8;

/** A label that names a time ("2024", "2027 (projected)", "Q3 2024", "Jan–Jul 2024") reads as "in …". */
const TIME_LABEL = /^(?:(?:Q[1-4]|H[12]|[A-Z][a-z]{2}(?:\u2013[A-Z][a-z]{2})?)\s+)?(?:19|20)\d\d\b/;

function say(label: string, p: PointPlan): string {
  const bare = label.replace(/\s*\(projected\)\s*/i, ' ').trim();
  if (TIME_LABEL.test(label)) return p.projected ? `${p.spoken} projected for ${bare}` : `${p.spoken} in ${label}`;
  return `${label} ${p.spoken}${p.projected && bare === label ? ' (projected)' : ''}`;
}

/** "rises" or "falls" when every step goes one way (ranges by their middle). */
function direction(points: PointPlan[]): string | undefined {
  const middles = points.map((p) => (p.range ? (p.range[0] + p.range[1]) / 2 : p.at));
  const steps = middles.slice(1).map((m, i) => m - middles[i]);
  if (steps.every((d) => d > 0)) return 'rises';
  if (steps.every((d) => d < 0)) return 'falls';
  return undefined;
}

function describeSeries(plan: ChartPlan, s: SeriesPlan): string {
  const points = s.points.map((p, i) => ({ label: plan.categories[i] ?? '', p }));
  const read = (x: (typeof points)[number]) => say(x.label, x.p);
  const round = plan.type === 'pie' || plan.type === 'doughnut' || plan.type === 'bar100' || plan.type === 'numbers';
  if (points.length <= LIST_ALL) {
    // A time series reads as a trend from the first to the last; categories read as a list.
    if (points.length >= 2 && points.every((x) => TIME_LABEL.test(x.label)) && !round) {
      const [first, last] = [points[0], points[points.length - 1]];
      const middle = points.slice(1, -1).map(read);
      const verb = direction(s.points);
      if (verb) return `${verb} from ${read(first)}${middle.length ? ` through ${middle.join(', ')}` : ''} to ${read(last)}`;
      return `${[first, ...points.slice(1, -1)].map(read).join(', ')} to ${read(last)}`;
    }
    return points.map(read).join(', ');
  }
  const first = points[0];
  const last = points[points.length - 1];
  const sorted = [...points].sort((a, b) => b.p.at - a.p.at);
  const extremes = [['highest', sorted[0]], ['lowest', sorted[sorted.length - 1]]] as const;
  const more = extremes.filter(([, x]) => x !== first && x !== last).map(([word, x]) => `${word} ${read(x)}`);
  const verb = direction(s.points);
  return `${points.length} values ${verb ? `that ${verb.replace(/s$/, '')} ` : ''}from ${read(first)} to ${read(last)}${more.length ? `; ${more.join(', ')}` : ''}`;
}

export function chartAltText(spec: ChartSpec): string {
  const plan = planChart(spec);
  const head = `${TYPE_NAMES[spec.type]}: ${spec.title.replace(/[.\u3002]\s*$/, '')}.`;
  const body = plan.series.map((s) => (plan.series.length > 1 ? `${s.name}: ${describeSeries(plan, s)}` : describeSeries(plan, s))).join('; ');
  return body ? `${head} ${body.charAt(0).toUpperCase()}${body.slice(1)}.` : head;
}
