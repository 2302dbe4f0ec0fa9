// Rules for figures that zod cannot see field by field: value or range, orders of magnitude, numbers a
// reader can read, projections, and shares of a whole.
import type { SourceFile } from '../types.ts';
import type { Problems } from './problems.ts';
import type { FigureRecord } from './schema.ts';

/** A record as written, with where it stands. */
export interface Entry<T> {
  id: string;
  value: T;
  file: SourceFile;
  path: (string | number)[];
}

/**
 * The largest and smallest magnitudes a figure may have in its own unit and scale. Beyond them a
 * number cannot be read (or laid out) as digits: "1,000,000,000,000,000,000 CNY" is a scale: away.
 */
const LARGEST = 1e15;
const SMALLEST = 1e-9;

/** Why a number cannot be shown as a figure, or undefined when it can. */
export function numberProblem(n: number): string | undefined {
  if (!Number.isFinite(n)) return `${n} is not a number that can be shown`;
  if (Math.abs(n) >= LARGEST) return `${n.toExponential()} is too large to show as digits (the limit is below 10^15)`;
  if (n !== 0 && Math.abs(n) < SMALLEST) return `${n.toExponential()} is too small to show as digits (the limit is 10^-9)`;
  return undefined;
}

export const NUMBER_HINT = 'write the value in a larger or smaller scale: (thousand, million, billion, trillion) or unit, e.g. value: 113 with scale: billion';

/** Checks one figure; false when it is wrong in a way that makes it unusable by charts or derived figures. */
export function checkFigure(e: Entry<FigureRecord>, problems: Problems): boolean {
  const before = problems.list.length;
  const f = e.value;
  if ((f.value === undefined) === (f.range === undefined)) {
    problems.at(e.file, e.path, f.value === undefined ? 'has neither value: nor range:' : 'has both value: and range:', 'give exactly one: value: 113 or range: [40, 45]');
  }
  if (f.range && f.range[0] > f.range[1]) {
    problems.at(e.file, [...e.path, 'range'], `range low ${f.range[0]} is above its high ${f.range[1]}`, 'write the range as [low, high]');
  }
  if (f.magnitude) {
    for (const n of f.range ?? (f.value !== undefined ? [f.value] : [])) {
      const exponent = Math.log10(n);
      if (!(n >= 10 && Number.isInteger(Math.round(exponent)) && Math.abs(exponent - Math.round(exponent)) < 1e-9 && exponent <= 12)) {
        problems.at(e.file, [...e.path, f.range ? 'range' : 'value'], `${n} is not an order of magnitude`, 'with magnitude: true write powers of ten in base units, e.g. range: [1.0e+7, 1.0e+8] for "tens to hundreds of millions"');
      }
    }
    if (f.scale) problems.at(e.file, [...e.path, 'scale'], 'an order-of-magnitude figure takes no scale', 'write the powers of ten in base units and drop scale:');
  } else {
    for (const [i, n] of (f.range ?? (f.value !== undefined ? [f.value] : [])).entries()) {
      const problem = numberProblem(n);
      if (problem) problems.at(e.file, [...e.path, ...(f.range ? ['range', i] : ['value'])], problem, NUMBER_HINT);
    }
  }
  if (f.projection && !f.projectedFor) {
    problems.at(e.file, [...e.path, 'projectedFor'], 'a projection needs projectedFor:', 'say which year the projection is for, e.g. projectedFor: "2027"');
  }
  if (f.projectedFor && f.asOf && f.projectedFor < f.asOf) {
    problems.at(e.file, [...e.path, 'projectedFor'], `projection for ${f.projectedFor} is dated before its as-of date ${f.asOf}`, 'a projection looks forward: projectedFor must not be before asOf');
  }
  if (f.whole && f.unit !== '%') {
    problems.at(e.file, [...e.path, 'whole'], `only percentage shares can be parts of a whole (unit is ${f.unit})`, 'use unit: "%" or drop whole:');
  } else if (f.whole) {
    // A part of a whole is between none and all of it; a negative share would let the others exceed 100%.
    for (const [i, n] of (f.range ?? (f.value !== undefined ? [f.value] : [])).entries()) {
      if (n < 0 || n > 100) problems.at(e.file, [...e.path, ...(f.range ? ['range', i] : ['value'])], `a share of "${f.whole}" must be between 0% and 100%, not ${n}%`, 'a part of a whole is between none and all of it; for a change, drop whole:');
    }
  }
  return problems.list.length === before;
}

/** Shares of one whole must not add up to more than 100% (ranges count with their low end). */
export function checkShares(figures: Entry<FigureRecord>[], problems: Problems): void {
  const wholes = new Map<string, Entry<FigureRecord>[]>();
  for (const e of figures) if (e.value.whole) wholes.set(e.value.whole, [...(wholes.get(e.value.whole) ?? []), e]);
  for (const [whole, parts] of wholes) {
    const sum = parts.reduce((total, e) => total + (e.value.range?.[0] ?? e.value.value ?? 0), 0);
    if (sum > 100 + 1e-9) {
      const last = parts[parts.length - 1];
      problems.at(last.file, [...last.path, 'whole'], `shares of "${whole}" sum to ${round(sum)}% (${parts.map((p) => p.id).join(' + ')}), over 100%`, 'check the shares, or give parts of different wholes different whole: names');
    }
  }
}

/** Drops undefined fields, so Findings compare and serialise cleanly. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
