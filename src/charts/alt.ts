// Alt text from a chart's data: what a reader who cannot see the chart needs to know.
import type { ChartSpec } from '../types.ts';
import { formatWithUnit, midpoint, type ChartValue } from './format.ts';

const TYPE_NAMES: Record<ChartSpec['type'], string> = {
  bar: 'Bar chart',
  horizontalBar: 'Horizontal bar chart',
  stackedBar: 'Stacked bar chart',
  line: 'Line chart',
  pie: 'Pie chart',
  doughnut: 'Doughnut chart',
};

/** Up to this many points per series, every label and value is read out; beyond it, a summary. */
const LIST_ALL = 8;

/** A label that names a time ("2024", "2027 (projected)", "Q3 2024", "Jan–Jul 2024") reads as "in …". */
const TIME_LABEL = /^(?:(?:Q[1-4]|H[12]|[A-Z][a-z]{2}(?:\u2013[A-Z][a-z]{2})?)\s+)?(?:19|20)\d\d\b/;

function point(label: string, value: ChartValue, unit: string, projected: boolean, qualifier?: string): string {
  const v = formatWithUnit(value, unit, qualifier);
  const bare = label.replace(/\s*\(projected\)\s*/i, ' ').trim();
  if (TIME_LABEL.test(label)) return projected ? `${v} projected for ${bare}` : `${v} in ${label}`;
  return `${label} ${v}${projected && bare === label ? ' (projected)' : ''}`;
}

function describeSeries(spec: ChartSpec, s: ChartSpec['series'][number]): string {
  const points = s.values.map((v, i) => ({ label: spec.labels[i] ?? '', value: v, projected: Boolean(s.projected?.[i]), qualifier: s.qualifiers?.[i] }));
  const say = (p: (typeof points)[number]) => point(p.label, p.value, spec.unit, p.projected, p.qualifier);
  if (points.length <= LIST_ALL) {
    // A time series reads as a trend from the first to the last; categories read as a list.
    if (points.length >= 2 && points.every((p) => TIME_LABEL.test(p.label)) && spec.type !== 'pie' && spec.type !== 'doughnut') {
      return points.length === 2 ? `${say(points[0])} to ${say(points[1])}` : `${points.slice(0, -1).map(say).join(', ')} to ${say(points[points.length - 1])}`;
    }
    return points.map(say).join(', ');
  }
  const first = points[0];
  const last = points[points.length - 1];
  const sorted = [...points].sort((a, b) => midpoint(b.value) - midpoint(a.value));
  const extremes = [['highest', sorted[0]], ['lowest', sorted[sorted.length - 1]]] as const;
  const more = extremes.filter(([, p]) => p !== first && p !== last).map(([word, p]) => `${word} ${say(p)}`);
  return `${points.length} values from ${say(first)} to ${say(last)}${more.length ? `; ${more.join(', ')}` : ''}`;
}

export function chartAltText(spec: ChartSpec): string {
  const head = `${TYPE_NAMES[spec.type]}: ${spec.title.replace(/[.\u3002]\s*$/, '')}.`;
  const body = spec.series.map((s) => (spec.series.length > 1 ? `${s.name}: ${describeSeries(spec, s)}` : describeSeries(spec, s))).join('; ');
  return body ? `${head} ${body.charAt(0).toUpperCase()}${body.slice(1)}.` : head;
}
