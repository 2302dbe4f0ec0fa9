// Figures computed from other figures. They are never typed into data: the data names the formula
// and its inputs, and this code computes the value, so it changes when the inputs do. A derived figure
// that cannot be computed (growth from zero, a rate of -100%) is a problem at its own line, not later.
import { own } from '../ids.ts';
import type { Figure } from '../types.ts';
import { NUMBER_HINT, numberProblem, withoutUndefined, type Entry } from './figures.ts';
import type { Problems } from './problems.ts';
import type { DerivedRecord } from './schema.ts';

/** A derivation's result: the figure, or what is wrong and in which field (none: the record itself). */
export type Derivation = { figure: Figure } | { problem: string; field?: string; hint: string };

/** The input figures of a derived figure, by field. */
function inputsOf(d: DerivedRecord): [field: string, id: string][] {
  return d.op === 'share_of' ? [['of', d.of], ['share', d.share]] : d.op === 'cagr_value' ? [['end', d.end], ['rate', d.rate]] : [['start', d.start], ['end', d.end]];
}

/**
 * Computes every derived figure into `figures`, each once its inputs are known, whatever order the
 * files list them in. An input that is itself wrong stays silent (reported at its own place);
 * derived figures that depend on each other in a loop are reported.
 */
export function deriveAll(derived: Entry<DerivedRecord>[], figures: Record<string, Figure>, problems: Problems): void {
  let pending = derived;
  while (pending.length) {
    const waiting = new Set(pending.map((e) => e.id));
    const next: Entry<DerivedRecord>[] = [];
    for (const e of pending) {
      const inputs = inputsOf(e.value);
      if (inputs.some(([, ref]) => ref !== e.id && waiting.has(ref))) { next.push(e); continue; }
      const missing = inputs.find(([, ref]) => !own(figures, ref));
      if (missing) {
        const [field, ref] = missing;
        problems.markBroken('figures', e.id);
        if (ref === e.id) problems.at(e.file, [...e.path, field], `"${e.id}" cannot be derived from itself`, 'name other figures as its inputs');
        else if (!problems.isBroken('figures', ref)) problems.at(e.file, [...e.path, field], `names no figure "${ref}"`, 'name the id of a figure in figures: or derived:');
        waiting.delete(e.id);
        continue;
      }
      const result = derive(e.id, e.value, figures);
      waiting.delete(e.id);
      if ('figure' in result) figures[e.id] = withoutUndefined(result.figure);
      else {
        problems.markBroken('figures', e.id);
        problems.at(e.file, result.field ? [...e.path, result.field] : e.path, result.problem, result.hint);
      }
    }
    if (next.length === pending.length) {
      const loop = next.map((e) => e.id).join(', ');
      for (const e of next) {
        problems.markBroken('figures', e.id);
        problems.at(e.file, e.path, `depends on itself through other derived figures (${loop})`, 'derive each figure from figures that do not depend on it');
      }
      return;
    }
    pending = next;
  }
}

/** Computes one derived figure from the figures known so far (inputs may be derived themselves). */
export function derive(id: string, d: DerivedRecord, figures: Record<string, Figure>): Derivation {
  for (const [field, ref] of inputsOf(d)) {
    const input = own(figures, ref);
    if (!input) return { problem: `names no figure "${ref}"`, field, hint: 'name the id of a figure in figures: or derived:' };
    if (input.value === undefined) return { problem: `figure "${ref}" is a range; a derived figure needs single values`, field, hint: 'derive from figures with value:, or add a figure for the bound you mean' };
  }
  const result = compute(id, d, figures);
  if ('problem' in result) return result;
  const problem = numberProblem(result.figure.value!);
  return problem ? { problem: `its value would be ${result.figure.value}: ${problem}`, hint: `check its inputs; ${NUMBER_HINT}` } : result;
}

function compute(id: string, d: DerivedRecord, figures: Record<string, Figure>): Derivation {
  const get = (ref: string) => own(figures, ref)!;
  const base = { id, label: d.label, qualifier: d.qualifier, note: d.note };

  if (d.op === 'share_of') {
    const of = get(d.of), share = get(d.share);
    if (share.unit !== '%') return { problem: `figure "${d.share}" is in ${share.unit}, not %`, field: 'share', hint: 'share: must name a percentage figure' };
    if (share.value! < 0 || share.value! > 100) return { problem: `figure "${d.share}" is ${share.value}%, not a share between 0% and 100%`, field: 'share', hint: 'share: must name the part of a whole, in %' };
    return { figure: {
      // A share of a count is a count: about 222 models, not 222.48.
      ...base, ...unitOf(of), value: Number.isInteger(of.value) ? Math.round(of.value! * share.value! / 100) : significant(of.value! * share.value! / 100),
      asOf: of.asOf, period: of.period, region: of.region, source: of.source,
      derived: { kind: 'derived', formula: `${d.of} × ${d.share}`, inputs: [d.of, d.share] },
    } };
  }

  const end = get(d.end);
  const endYear = yearOf(end);
  if (endYear === undefined) return { problem: `cannot tell which year figure "${d.end}" is for`, field: 'end', hint: 'give that figure projectedFor:, asOf: or a one-year period:' };

  if (d.op === 'cagr_value') {
    const rate = get(d.rate);
    if (rate.unit !== '%') return { problem: `figure "${d.rate}" is in ${rate.unit}, not %`, field: 'rate', hint: 'rate: must name a growth rate in %' };
    if (rate.value! <= -100) return { problem: `figure "${d.rate}" is a growth of ${rate.value}%: nothing grows back from a fall of 100% or more`, field: 'rate', hint: 'rate: must name an annual growth rate above -100%' };
    const exact = end.value! / (1 + rate.value! / 100) ** (endYear - d.year);
    // Checked before rounding: a value that underflows would otherwise read as 0.
    const problem = exact === 0 && end.value !== 0 ? 'too small to show as digits (the limit is 10^-9)' : numberProblem(exact);
    if (problem) return { problem: `its value in ${d.year} would be ${exact === 0 ? 'next to nothing' : exact}: ${problem}`, field: 'year', hint: `check its inputs and year; ${NUMBER_HINT}` };
    const value = significant(exact);
    return { figure: {
      ...base, ...unitOf(end), value, period: String(d.year), region: end.region, source: end.source,
      derived: { kind: 'implied', formula: `${d.end} ÷ (1 + ${d.rate})^${endYear - d.year}`, inputs: [d.end, d.rate] },
    } };
  }

  const start = get(d.start);
  const startYear = yearOf(start);
  if (startYear === undefined || startYear >= endYear) return { problem: `cannot tell the years between "${d.start}" and "${d.end}"`, field: 'start', hint: 'both figures need a year (projectedFor:, asOf: or a one-year period:), the start before the end' };
  if (start.unit !== end.unit || start.scale !== end.scale || start.currency !== end.currency) {
    return { problem: `figures "${d.start}" and "${d.end}" are in different units or scales`, field: 'start', hint: 'growth is computed between figures of one unit and scale' };
  }
  for (const [field, f, ref] of [['start', start, d.start], ['end', end, d.end]] as const) {
    if (f.value! <= 0) return { problem: `a growth rate needs two positive values: figure "${ref}" is ${f.value}`, field, hint: 'derive a growth rate only between amounts above zero' };
  }
  const years = endYear - startYear;
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
