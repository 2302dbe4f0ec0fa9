// Turns figures and dates into correct English text. The only place numbers become words:
// templates, tiles, charts' alt text and the email all say a figure the same way.
import type { Figure, Scale } from '../types.ts';

/** Units written straight after the number ("45%"); every other unit follows a space. */
const SYMBOL_UNITS = new Set(['%']);

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Orders of magnitude in words, for "tens of millions to hundreds of millions of USD". */
const MAGNITUDE_WORDS: Record<number, string> = {
  1: 'tens', 2: 'hundreds', 3: 'thousands', 4: 'tens of thousands', 5: 'hundreds of thousands',
  6: 'millions', 7: 'tens of millions', 8: 'hundreds of millions',
  9: 'billions', 10: 'tens of billions', 11: 'hundreds of billions', 12: 'trillions',
};

/**
 * A number as an English reader expects it: grouped thousands, and no more digits than the
 * figure can carry (derived values like 222.48 read "222"; 0.005 stays "0.005").
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot format ${n} as a number`);
  if (n === 0) return '0';
  const abs = Math.abs(n);
  // Whole numbers, the usual case, are grouped here: the first Intl.NumberFormat of a process loads
  // ICU's number data, ~15 ms of the build's main thread. (Below 1e21, where String() has no exponent.)
  if (Number.isInteger(n) && abs < 1e21) return `${n < 0 ? '-' : ''}${String(abs).replace(/\B(?=(\d{3})+$)/g, ',')}`;
  const options: Intl.NumberFormatOptions = Number.isInteger(n) ? {}
    : abs >= 100 ? { maximumFractionDigits: 0 }
    : abs >= 1 ? { maximumFractionDigits: 2 }
    : { maximumSignificantDigits: 3 };
  // ASCII hyphen for negatives, so the text can be searched with what a user types.
  return numberFormat(options).format(n).replace('\u2212', '-');
}

/** One Intl.NumberFormat per kind: making one costs ~0.1 ms, and a chart or a report formats hundreds of numbers. */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat('en-US', { ...options, useGrouping: true })));
  return format;
}

/** The words for one order of magnitude (1e7 → "tens of millions"). */
export function magnitudeWords(order: number): string {
  const exponent = Math.round(Math.log10(order));
  const words = MAGNITUDE_WORDS[exponent];
  if (!words || order <= 0 || Math.abs(Math.log10(order) - exponent) > 1e-9) {
    throw new RangeError(`${order} is not a power of ten between 10 and 10^12`);
  }
  return words;
}

/** How much a figure or a chart point says, without what it covers: the parts a short form keeps too. */
export type Amount = Pick<Figure, 'value' | 'range' | 'magnitude' | 'unit' | 'unitName' | 'scale' | 'currency' | 'qualifier'>;

/**
 * Long: "CNY 113 billion", "over 2,200 GWh". Short, for tiles, the cover, data labels and other tight
 * places: the scale abbreviated ("CNY 113 bn", "USD 850k"), nothing else dropped.
 */
export type Form = 'long' | 'short';

const SCALE_SHORT: Record<Scale, string> = { thousand: 'k', million: 'mn', billion: 'bn', trillion: 'tn' };

/** The quantity alone, as on a number tile: "over 950", "CNY 113 billion", "40–45%", "below CNY 0.5". */
export function formatFigureValue(f: Amount, form: Form = 'long'): string {
  if (f.magnitude) return withQualifier(f, magnitudePhrase(f, form));
  if (form === 'short') f = compacted(f);
  const numbers = f.range ? `${formatNumber(f.range[0])}\u2013${formatNumber(f.range[1])}` : formatNumber(requireValue(f));
  const scaled = !f.scale ? numbers : form === 'short' && f.scale === 'thousand' ? `${numbers}k` : `${numbers} ${form === 'short' ? SCALE_SHORT[f.scale] : f.scale}`;
  const money = f.currency ? `${f.currency} ${scaled}` : scaled;
  const symbol = SYMBOL_UNITS.has(f.unit) ? f.unit : '';
  return withQualifier(f, money + symbol);
}

const SCALE_UP: Record<string, Scale | undefined> = { '': 'thousand', thousand: 'million', million: 'billion', billion: 'trillion' };

/**
 * A short form needs no more digits than a scale gives: 34,000 thousand reads "34 mn", 2,530,000
 * "2.53 mn"; only when nothing is lost (1,234,567 stays as it is, and counts below a million too).
 */
function compacted(f: Amount): Amount {
  let out = f;
  for (;;) {
    const up = SCALE_UP[out.scale ?? ''];
    const values = out.range ?? (out.value !== undefined ? [out.value] : []);
    if (!up || !values.length || values.some((v) => Math.abs(v) < (out.scale ? 1000 : 1e6))) return out;
    const scaled = values.map((v) => Number((v / 1000).toPrecision(12)));
    if (scaled.some((v, i) => Number(formatNumber(v).replace(/,/g, '')) * 1000 !== values[i])) return out;
    out = { ...out, scale: up, ...(out.range ? { range: scaled as [number, number] } : { value: scaled[0] }) };
  }
}

/** The amount with its unit: "over 950 projects", "CNY 113 billion"; short: "CNY 113 bn", "over 2,200 GWh". */
export function formatAmount(f: Amount, form: Form = 'long'): string {
  const noun = f.magnitude ? '' : unitWords(f);
  const value = formatFigureValue(f, form);
  return value + (noun ? unitSeparator(value, noun) + noun : '');
}

/** The short form of a figure for tight places (its context goes beside it: see figureContext). */
export function formatFigureShort(f: Figure): string {
  return formatAmount(f, 'short');
}

/**
 * The figure with its unit and context: "over 950 projects (Jan–Jul 2024)",
 * "below CNY 0.5 per million tokens (end of 2024)", "CNY 113 billion (2027, projected)".
 */
export function formatFigure(f: Figure): string {
  const context = figureContext(f);
  return formatAmount(f) + (context ? ` (${context})` : '');
}

/**
 * A change said with its direction, never as a negative rise: "rises 148% (2022–2027)",
 * "falls about 13% a year (2015–2024, implied)" (a rate per year says so).
 */
export function formatChange(f: Figure): string {
  const { direction, size } = changeOf(f);
  const verb = { falls: 'falls', rises: 'rises', flat: 'is flat at', changes: 'changes by' }[direction];
  const context = figureContext(f);
  return `${verb} ${formatAmount(size)}${f.perYear ? ' a year' : ''}${context ? ` (${context})` : ''}`;
}

/**
 * A change's direction, and its size to say after the verb: without its sign when the direction
 * says it (a range that crosses zero keeps its signs).
 */
export function changeOf(f: Figure): { direction: 'falls' | 'rises' | 'flat' | 'changes'; size: Figure } {
  const n = f.value ?? f.range?.[1];
  if (n === undefined || f.magnitude) throw new RangeError(`figure "${f.id}" has no value to say as a change`);
  const low = f.range?.[0] ?? n;
  const direction = n < 0 ? 'falls' : low > 0 ? 'rises' : low === 0 && n === 0 ? 'flat' : 'changes';
  const size: Figure = direction === 'changes' ? f : {
    ...f, value: f.value === undefined ? undefined : Math.abs(f.value),
    range: f.range && ([Math.abs(f.range[0]), Math.abs(f.range[1])].sort((a, b) => a - b) as [number, number]),
  };
  return { direction, size };
}

/** The unit as an axis or a column heading states it: "CNY billion", "USD per kWh", "GWh", "%". */
export function unitHeading(f: Pick<Figure, 'unit' | 'unitName' | 'scale' | 'currency'>): string {
  const noun = unitWords(f);
  const parts = [f.currency, f.scale, SYMBOL_UNITS.has(f.unit) ? f.unit : noun].filter(Boolean);
  return parts.join(' ');
}

/** What a figure covers and how sure it is: "2027, projected", "Jan–Jul 2024", "2022, implied". */
export function figureContext(f: Figure): string {
  const { when, flags } = contextParts(f);
  return [when, ...flags].filter(Boolean).join(', ');
}

/**
 * The context beside a label that may already say when: "market in 2027" takes "(projected)",
 * not "(2027, projected)".
 */
export function contextBeside(label: string, f: Figure): string {
  const { when, flags } = contextParts(f);
  return [when && !label.includes(when.replace(/^as of /, '')) ? when : undefined, ...flags].filter(Boolean).join(', ');
}

/** When a figure is for, in words: "2027" (a projection's year), "Jan–Jul 2024", "as of November 2024". */
export function figureWhen(f: Figure): string | undefined {
  return contextParts(f).when;
}

/** When a figure is for, as a sentence says it: "2027" (projected for), "Jan–Jul 2024" (period), "November 2024" (as of). */
export function figureMoment(f: Figure): string | undefined {
  if (f.projection && f.projectedFor) return formatDate(f.projectedFor);
  return f.period ?? (f.asOf ? formatDate(f.asOf) : undefined);
}

function contextParts(f: Figure): { when?: string; flags: string[] } {
  const when = f.projection && f.projectedFor ? formatDate(f.projectedFor)
    : f.period ?? (f.asOf ? `as of ${formatDate(f.asOf)}` : undefined);
  return { when, flags: [f.projection ? 'projected' : undefined, f.derived?.kind].filter((x): x is string => Boolean(x)) };
}

/** ISO dates as words: "2026-11-22" → "22 November 2026", "2024-11" → "November 2024", "2024" → "2024". */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  const month = m?.[2] ? Number(m[2]) : undefined;
  const day = m?.[3] ? Number(m[3]) : undefined;
  // A day the month has: "2026-02-30" is no date, not "30 February 2026".
  const days = month !== undefined && month >= 1 && month <= 12 ? new Date(Date.UTC(Number(m![1]), month, 0)).getUTCDate() : 31;
  if (!m || (month !== undefined && (month < 1 || month > 12)) || (day !== undefined && (day < 1 || day > days))) {
    throw new RangeError(`"${iso}" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  }
  if (month === undefined) return m[1];
  const monthYear = `${MONTHS[month - 1]} ${m[1]}`;
  return day === undefined ? monthYear : `${day} ${monthYear}`;
}

/**
 * The unit as it follows the number, without a currency already said in front of it; in its
 * translation (unitName) when the edition is in another language than the data.
 */
function unitWords(f: Pick<Figure, 'unit' | 'unitName' | 'currency'>): string {
  if (SYMBOL_UNITS.has(f.unit)) return '';
  if (f.currency && f.unit === f.currency) return '';
  const unit = f.unitName ?? f.unit;
  if (f.currency && unit.startsWith(`${f.currency} `)) return unit.slice(f.currency.length + 1);
  return unit;
}

/** "tens of millions to hundreds of millions of USD"; short: "tens to hundreds of millions of USD". */
function magnitudePhrase(f: Amount, form: Form): string {
  const [low, high] = f.range ?? [requireValue(f), requireValue(f)];
  let words = low === high ? magnitudeWords(low) : `${magnitudeWords(low)} to ${magnitudeWords(high)}`;
  if (form === 'short' && low !== high) {
    const [a, b] = [magnitudeWords(low), magnitudeWords(high)];
    const of = / of \w+$/.exec(a)?.[0];
    if (of && b.endsWith(of)) words = `${a.slice(0, -of.length)} to ${b}`;
  }
  return `${words} of ${f.currency ?? f.unitName ?? f.unit}`;
}

/** A space before a unit, but none between a number and a unit in Chinese or Japanese ("200家", "5 GW", "290 thousand 台"). */
function unitSeparator(value: string, noun: string): string {
  return /[\d%]$/.test(value) && /^[\u3000-\u9fff\uff00-\uffef]/.test(noun) ? '' : ' ';
}

function withQualifier(f: Amount, text: string): string {
  return f.qualifier ? `${f.qualifier} ${text}` : text;
}

function requireValue(f: Amount & { id?: string }): number {
  if (f.value === undefined) throw new RangeError(`figure "${f.id ?? '?'}" has neither a value nor a range`);
  return f.value;
}
