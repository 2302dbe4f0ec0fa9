// Number and value formatting shared by the chart labels and the alt text, so both say the same thing.
import type { ChartSpec } from '../types.ts';

export type ChartValue = ChartSpec['series'][number]['values'][number];

import { formatNumber } from '../format/index.ts';

// One number format for the charts and the text, so a bar and its sentence say the same.
export { formatNumber };

/** "113", "over 950", or "10–20" for a range. */
export function formatValue(v: ChartValue, qualifier?: string): string {
  const text = Array.isArray(v) ? `${formatNumber(v[0])}–${formatNumber(v[1])}` : formatNumber(v);
  return qualifier ? `${qualifier} ${text}` : text;
}

/** The value with its unit as a reader says it: "CNY 1.2 billion", "45%", "over 950 projects". */
export function formatWithUnit(v: ChartValue, unit: string, qualifier?: string): string {
  if (qualifier) return `${qualifier} ${formatWithUnit(v, unit)}`;
  const text = formatValue(v);
  const u = unit.trim();
  if (!u) return text;
  if (u === '%') return `${text}%`;
  // A leading currency code or symbol goes before the number: "CNY billion" → "CNY 1.2 billion".
  const currency = /^([A-Z]{3}|[$\u20AC\u00A3\u00A5])(?:\s+(.*))?$/.exec(u);
  if (currency) return `${currency[1]}${currency[1].length === 3 ? ' ' : ''}${text}${currency[2] ? ` ${currency[2]}` : ''}`;
  return `${text} ${u}`;
}

/** The single number that places a value on an axis where a range cannot be drawn (lines, pies, stacks). */
export function midpoint(v: ChartValue): number {
  return Array.isArray(v) ? (v[0] + v[1]) / 2 : v;
}
