// Charts from figures: a chart declared in data → the ChartSpec the charts stage draws. Here a chart
// is made to mean what its figures mean: one unit and currency (converted only at a rate the data
// states), one scale, shares of a whole on a 0–100% axis, the period in the title when all its
// figures share one, and no shape of data drawn that the chart type cannot show honestly.
import { unitHeading } from '../format/index.ts';
import { localeOf, type Locale } from '../i18n/index.ts';
import { own } from '../ids.ts';
import type { ChartSpec, Figure, Scale } from '../types.ts';
import type { ChartRecord } from './schema.ts';

type Path = (string | number)[];

/** Where to report: a problem stops the build, a warning is printed; paths are inside the chart's record. */
export interface ChartReport {
  problem(path: Path, message: string, hint: string): void;
  warning(path: Path, message: string, hint: string): void;
  /** A figure whose own record was reported wrong: a reference to it is not reported again. */
  isBroken(figure: string): boolean;
}

const SCALES: (Scale | undefined)[] = [undefined, 'thousand', 'million', 'billion', 'trillion'];
/** How a chart's own unit: may write a scale. */
const SCALE_WORDS: Record<Scale, string[]> = {
  thousand: ['thousand', 'thousands', 'k', "'000", '000s'],
  million: ['million', 'millions', 'mn', 'mln', 'm'],
  billion: ['billion', 'billions', 'bn', 'b'],
  trillion: ['trillion', 'trillions', 'tn', 't'],
};
/** Chart types whose marks are parts of one total: no ranges, no negative parts. */
const PARTS = new Set<ChartRecord['type']>(['pie', 'doughnut', 'bar100']);
/** Big numbers read best side by side in small numbers. */
const MAX_NUMBERS = 4;

interface Point { f: Figure; path: Path; value: number | [number, number] }

/**
 * The chart as drawn, or undefined when a problem was reported. In another language than the data's
 * (locale), with the chart's texts and figures in that language: its checks were made in the data's.
 */
export function resolveChart(id: string, c: ChartRecord, figures: Record<string, Figure>, report: ChartReport, locale: Locale = localeOf('en'), translated = false): ChartSpec | undefined {
  let ok = true;
  const problem = (path: Path, message: string, hint: string) => { ok = false; report.problem(path, message, hint); };
  const points: Point[][] = c.series.map((s, si) => {
    if (s.figures.length !== c.labels.length) problem(['series', si, 'figures'], `has ${s.figures.length} figures for ${c.labels.length} labels`, 'give one figure per label, in the same order');
    return s.figures.flatMap((ref, fi) => {
      const f = own(figures, ref);
      const path = ['series', si, 'figures', fi];
      if (!f) {
        if (report.isBroken(ref)) ok = false;
        else problem(path, `names no figure "${ref}"`, 'name the id of a figure in figures: or derived:');
        return [];
      }
      if (f.magnitude) { problem(path, `figure "${ref}" is an order of magnitude and cannot be drawn as a bar`, 'leave it out of the chart and say it in the text'); return []; }
      return [{ f, path, value: f.range ? ([...f.range] as [number, number]) : f.value! }];
    });
  });
  if (!ok) return undefined;
  const all = points.flat();

  const converted = convertCurrency(c, all, figures, problem, report.isBroken, locale);
  if (!converted) return undefined;
  const measure = commonUnit(all, problem);
  if (!measure) return undefined;
  // The axis a translation names as written, or by the figures' unit in its language.
  const unit = translated ? c.unit ?? locale.format.unitHeading(measure) : axisUnit(c, measure, problem);
  checkShape(c, points, problem, report.warning);
  if (!ok) return undefined;

  const sources = [...new Set([...all.map((p) => p.f.source), ...converted.sources])];
  const share = all.every((p) => p.f.unit === '%' && p.f.whole !== undefined);
  const note = [c.note, converted.note].filter(Boolean).join(' ') || undefined;
  const series = c.series.map((s, si) => {
    const flag = <T>(of: (f: Figure) => T | undefined) => {
      const list = points[si].map((p) => of(p.f));
      return list.some(Boolean) ? list : undefined;
    };
    return withoutUndefined({
      name: s.name, figures: s.figures, values: points[si].map((p) => p.value),
      projected: points[si].map((p) => Boolean(p.f.projection)),
      qualifiers: flag((f) => f.qualifier),
      derived: flag((f) => f.derived?.kind),
    });
  });
  return withoutUndefined({
    id, type: c.type, title: titleWithPeriod(c, all, locale), unit, labels: c.labels, series, sources, note,
    measure: withoutUndefined(measure), share: share || undefined, language: locale.language,
  });
}

/**
 * Figures in another currency than the chart's, converted at the rate a figure of the data states
 * ("USD per CNY" or "CNY per USD"); values change in place. Without a chart currency, one currency only.
 */
function convertCurrency(c: ChartRecord, points: Point[], figures: Record<string, Figure>, problem: (path: Path, m: string, h: string) => void, isBroken: (id: string) => boolean, locale: Locale): { sources: string[]; note?: string } | undefined {
  const money = points.filter((p) => p.f.currency);
  const currencies = [...new Set(money.map((p) => p.f.currency!))];
  if (money.length && money.length < points.length) {
    const odd = points.find((p) => !p.f.currency)!;
    problem(odd.path, `figure "${odd.f.id}" is in ${odd.f.unit}, other figures of the chart are amounts of money (${currencies.join(', ')})`, 'a chart shows one unit: chart money and counts separately');
    return undefined;
  }
  if (!money.length) {
    if (c.currency) problem(['currency'], `the chart is in ${c.currency}, and none of its figures is an amount of money`, 'drop currency: from the chart, or give the figures a currency');
    return c.currency ? undefined : { sources: [] };
  }
  const target = c.currency ?? (currencies.length === 1 ? currencies[0] : undefined);
  if (!target) {
    const other = money.find((p) => p.f.currency !== currencies[0])!;
    problem(other.path, `figure "${other.f.id}" is in ${other.f.currency}, the chart's first figure in ${currencies[0]}: one currency per chart`, `convert at a rate the data states: add currency: ${currencies[0]} and rates: [id of a figure in "${currencies[0]} per ${other.f.currency}"] to the chart`);
    return undefined;
  }
  const named = (c.rates ?? []).map((ref, i) => ({ ref, i, f: own(figures, ref) }));
  for (const r of named) {
    if (!r.f) {
      if (!isBroken(r.ref)) problem(['rates', r.i], `names no figure "${r.ref}"`, 'name a figure that states an exchange rate, e.g. unit: "USD per CNY"');
      return undefined;
    }
    if (r.f.value === undefined || !/^[A-Z]{3} per [A-Z]{3}$/.test(r.f.unit)) {
      problem(['rates', r.i], `figure "${r.ref}" is not an exchange rate (a value in "XXX per YYY", e.g. "USD per CNY")`, 'give the rate a value and a unit such as "USD per CNY"');
      return undefined;
    }
  }
  const rates = named as { ref: string; i: number; f: Figure }[];
  const used = new Set<string>();
  for (const from of currencies.filter((cur) => cur !== target)) {
    const direct = rates.find((r) => r.f.unit === `${target} per ${from}`);
    const inverse = rates.find((r) => r.f.unit === `${from} per ${target}`);
    const rate = direct ? direct.f.value! : inverse ? 1 / inverse.f.value! : undefined;
    if (rate === undefined) {
      const p = money.find((m) => m.f.currency === from)!;
      problem(p.path, `figure "${p.f.id}" is in ${from}, the chart in ${target}, and no rate converts it`, `add to the chart's rates: the id of a figure in "${target} per ${from}"`);
      return undefined;
    }
    used.add((direct ?? inverse)!.ref);
    for (const p of money.filter((m) => m.f.currency === from)) {
      p.value = mapValue(p.value, (n) => Number((n * rate).toPrecision(12)));
      p.f = { ...p.f, currency: target, unit: p.f.unit === from ? target : p.f.unit.replace(new RegExp(`^${from}\\b`), target) };
    }
  }
  const usedRates = rates.filter((r) => used.has(r.ref));
  const note = usedRates.length
    ? locale.messages.chart.converted(target, usedRates.map((r) => `${locale.format.number(r.f.value!)} ${r.f.unitName ?? r.f.unit}${r.f.asOf ? locale.format.bracket(rateDate(r.f.asOf, locale)) : ''}`))
    : undefined;
  return { sources: usedRates.map((r) => r.f.source), note };
}

/**
 * One unit for every point: the same unit words, and one scale. Figures in several scales are put on
 * the one that keeps the largest value at or above 1 (850 million and 1.2 billion: 0.85 and 1.2 billion).
 */
function commonUnit(points: Point[], problem: (path: Path, m: string, h: string) => void): ChartSpec['measure'] | undefined {
  const first = points[0].f;
  const words = (f: Figure) => unitHeading({ unit: f.unit, currency: f.currency });
  for (const p of points) {
    if (words(p.f) !== words(first)) {
      problem(p.path, `figure "${p.f.id}" is in ${words(p.f)}, the chart's first figure in ${words(first)}`, 'a chart shows one unit: chart these figures separately');
      return undefined;
    }
  }
  const level = (s?: Scale) => SCALES.indexOf(s);
  const levels = new Set(points.map((p) => level(p.f.scale)));
  let target = level(first.scale);
  if (levels.size > 1) {
    const largest = Math.max(...points.map((p) => Math.max(...[p.value].flat().map((n) => Math.abs(n) * 1000 ** level(p.f.scale)))));
    target = Math.min(Math.max(...levels), Math.max(0, Math.floor(Math.log10(largest || 1) / 3 + 1e-9)));
  }
  for (const p of points) {
    const shift = target - level(p.f.scale);
    if (shift) p.value = mapValue(p.value, (n) => Number((n / 1000 ** shift).toPrecision(12)));
  }
  return { unit: first.unit, unitName: first.unitName, scale: SCALES[target], currency: first.currency };
}

/** When a rate was taken: as the data writes it (2024-12) in English, in the language's words otherwise. */
const rateDate = (asOf: string, locale: Locale) => (locale.format.language === 'en' ? asOf : locale.format.date(asOf));

/** The value axis heading: the chart's own unit: when it agrees with the figures, else theirs. */
function axisUnit(c: ChartRecord, measure: NonNullable<ChartSpec['measure']>, problem: (path: Path, m: string, h: string) => void): string {
  const theirs = unitHeading(measure);
  if (!c.unit) return theirs;
  const tokens = new Set(c.unit.toLowerCase().split(/[^\p{L}\p{N}%'$€£¥]+/u).filter(Boolean));
  const has = (word: string) => tokens.has(word.toLowerCase());
  const nouns = unitHeading({ unit: measure.unit, currency: measure.currency }).toLowerCase().split(/[^\p{L}\p{N}%]+/u)
    .filter((t) => t && t !== 'per' && t !== 'of' && t !== measure.currency?.toLowerCase());
  // "CNY per million tokens" says million of its tokens, not of its amounts.
  const scaleOk = measure.scale ? SCALE_WORDS[measure.scale].some(has) : !Object.values(SCALE_WORDS).flat().some((w) => w.length > 1 && has(w) && !nouns.includes(w));
  const agrees = (!measure.currency || has(measure.currency)) && scaleOk
    && (measure.unit === '%' ? c.unit.includes('%') || has('percent') : nouns.every((n) => has(n) || c.unit!.includes(n)));
  if (!agrees) problem(['unit'], `the chart's unit "${c.unit}" does not match its figures, which are in ${theirs}`, `write unit: ${JSON.stringify(theirs)}, or leave unit: out and Briefsmith names the axis from the figures`);
  return c.unit;
}

/** Shapes a chart type cannot draw honestly are refused; those it draws poorly get a warning. */
function checkShape(c: ChartRecord, points: Point[][], problem: (path: Path, m: string, h: string) => void, warning: ChartReport['warning']): void {
  const parts = PARTS.has(c.type);
  if ((parts || c.type === 'numbers') && c.series.length > 1) {
    problem(['series', 1], `a ${c.type} chart shows one series; this one has ${c.series.length}`, 'use bar or stackedBar to compare series, or one chart per series');
  }
  for (const p of points.flat()) {
    if (Array.isArray(p.value) && (parts || c.type === 'stackedBar')) {
      problem(p.path, `figure "${p.f.id}" is a range (${p.value.join('–')}); a ${c.type} chart cannot ${c.type === 'stackedBar' ? 'stack' : 'split a whole by'} a range`, 'use type: bar (a range is drawn to its high end with the range marked), or a figure with one value');
    }
    const low = Array.isArray(p.value) ? p.value[0] : p.value;
    if (parts && low < 0) problem(p.path, `figure "${p.f.id}" is negative (${low}); a part of a whole cannot be`, 'use type: bar for values that can fall below zero');
  }
  const first = points[0]?.[0]?.f;
  if (c.type === 'bar100' && first && first.unit !== '%') problem(['type'], `a 100% bar shows shares in %, and this chart's figures are in ${first.unit}`, 'use pie or doughnut for parts of a total, or shares in %');
  if (parts && first?.unit === '%') {
    const sum = points[0].reduce((t, p) => t + (Array.isArray(p.value) ? p.value[0] : p.value), 0);
    if (sum > 100.5) problem(['series', 0, 'figures'], `the shares sum to ${Number(sum.toFixed(2))}%, more than a whole`, 'check the figures: parts of one whole cannot add up to more than 100%');
  }
  if (c.type === 'stackedBar' && points.flat().every((p) => p.f.unit === '%' && p.f.whole)) {
    c.labels.forEach((label, i) => {
      const sum = points.reduce((t, s) => t + ((s[i]?.value as number) ?? 0), 0);
      if (sum > 100.5) problem(['labels', i], `the shares stacked at "${label}" sum to ${Number(sum.toFixed(2))}%, more than a whole`, 'stack only parts of one whole');
    });
  }
  if (c.type === 'line' && c.labels.length < 2) warning(['labels'], 'a line chart of one point draws a dot', 'use type: bar for a single value');
  if (c.type === 'numbers' && c.labels.length > MAX_NUMBERS) warning(['labels'], `${c.labels.length} big numbers are hard to read side by side`, `show at most ${MAX_NUMBERS}, or use type: bar`);
}

/** The title, with the period its figures share when neither it nor the labels say it: "Battery demand, 2024". */
function titleWithPeriod(c: ChartRecord, points: Point[], locale: Locale): string {
  const whens = [...new Set(points.map((p) => locale.format.when(p.f)))];
  const when = whens.length === 1 ? whens[0] : undefined;
  if (!when) return c.title;
  const bare = when.replace(/^as of |^截至/, '');
  const said = (text: string) => text.includes(bare);
  if (said(c.title) || c.labels.some(said) || c.series.some((s) => said(s.name))) return c.title;
  return locale.messages.chart.titleWithPeriod(c.title.replace(/[.\s。]+$/, ''), when);
}

function mapValue(v: number | [number, number], f: (n: number) => number): number | [number, number] {
  return Array.isArray(v) ? [f(v[0]), f(v[1])] : f(v);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
