// Figures computed from other figures. They are never typed into data: the data names the
// formula and its inputs, and this code computes the value, so it changes when the inputs do.
import type { Figure } from '../types.ts';
import type { DerivedRecord } from './schema.ts';

export type Derivation = { figure: Figure } | { problem: string; field: string; hint: string };

/** Computes one derived figure from the figures known so far (inputs may be derived themselves). */
export function derive(id: string, d: DerivedRecord, figures: Record<string, Figure>): Derivation {
  const inputs = d.op === 'share_of' ? { of: d.of, share: d.share } : d.op === 'cagr_value' ? { end: d.end, rate: d.rate } : { start: d.start, end: d.end };
  for (const [field, ref] of Object.entries(inputs)) {
    const input = figures[ref];
    if (!input) return { problem: `names no figure "${ref}"`, field, hint: 'name the id of a figure in figures: (or of a derived figure listed before this one)' };
    if (input.value === undefined) return { problem: `figure "${ref}" is a range; a derived figure needs single values`, field, hint: 'derive from figures with value:, or add a figure for the bound you mean' };
  }
  const base = { id, label: d.label, qualifier: d.qualifier, note: d.note };

  if (d.op === 'share_of') {
    const of = figures[d.of], share = figures[d.share];
    if (share.unit !== '%') return { problem: `figure "${d.share}" is in ${share.unit}, not %`, field: 'share', hint: 'share: must name a percentage figure' };
    return { figure: {
      // A share of a count is a count: about 222 models, not 222.48.
      ...base, ...unitOf(of), value: Number.isInteger(of.value) ? Math.round(of.value! * share.value! / 100) : significant(of.value! * share.value! / 100),
      asOf: of.asOf, period: of.period, region: of.region, source: of.source,
      derived: { kind: 'derived', formula: `${d.of} × ${d.share}`, inputs: [d.of, d.share] },
    } };
  }

  const end = figures[d.end];
  const endYear = yearOf(end);
  if (endYear === undefined) return { problem: `cannot tell which year figure "${d.end}" is for`, field: 'end', hint: 'give that figure projectedFor:, asOf: or a one-year period:' };

  if (d.op === 'cagr_value') {
    const rate = figures[d.rate];
    if (rate.unit !== '%') return { problem: `figure "${d.rate}" is in ${rate.unit}, not %`, field: 'rate', hint: 'rate: must name a growth rate in %' };
    const value = significant(end.value! / (1 + rate.value! / 100) ** (endYear - d.year));
    return { figure: {
      ...base, ...unitOf(end), value, period: String(d.year), region: end.region, source: end.source,
      derived: { kind: 'implied', formula: `${d.end} ÷ (1 + ${d.rate})^${endYear - d.year}`, inputs: [d.end, d.rate] },
    } };
  }

  const start = figures[d.start];
  const startYear = yearOf(start);
  if (startYear === undefined || startYear >= endYear) return { problem: `cannot tell the years between "${d.start}" and "${d.end}"`, field: 'start', hint: 'both figures need a year (projectedFor:, asOf: or a one-year period:), the start before the end' };
  const years = endYear - startYear;
  if (!(start.value! > 0 && end.value! > 0)) return { problem: `a growth rate needs two positive values ("${d.start}" is ${start.value}, "${d.end}" is ${end.value})`, field: 'start', hint: 'derive a growth rate only between amounts above zero' };
  return { figure: {
    ...base, value: Math.round(((end.value! / start.value!) ** (1 / years) - 1) * 100), unit: '%', perYear: true,
    period: `${startYear}\u2013${endYear}`, region: end.region, source: end.source,
    derived: { kind: 'implied', formula: `(${d.end} ÷ ${d.start})^(1/${years}) − 1`, inputs: [d.start, d.end] },
  } };
}

/** The year a single-year figure is for: its projection year, as-of year or one-year period. */
export function yearOf(f: Figure): number | undefined {
  const year = (f.projection ? f.projectedFor : undefined) ?? (f.period && /^\d{4}$/.test(f.period) ? f.period : undefined) ?? f.asOf;
  return year ? Number(year.slice(0, 4)) : undefined;
}

/** Derived values carry no more precision than their inputs: three significant digits. */
function significant(n: number): number {
  return Number(n.toPrecision(3));
}

function unitOf(f: Figure): Pick<Figure, 'unit' | 'scale' | 'currency'> {
  return { unit: f.unit, scale: f.scale, currency: f.currency };
}
