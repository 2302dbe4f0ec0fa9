// The shape of each record in data/, as zod schemas, with the hint a user needs for each field.
// Records are written as mappings keyed by id (`figures: { market_2027: {…} }`); the id is the key.
import { z } from 'zod';
import { localized, type Resolved } from './languages.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) is not on the calendar, or undefined when it is. */
function calendarProblem(date: string): string | undefined {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(date)) return undefined; // reported by the format check
  const [year, month, day] = date.split('-').map(Number);
  if (year < 1000) return `year ${year} is not a four-digit year`;
  if (month === undefined) return undefined;
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} is not a month (01–12)`;
  if (day === undefined) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has no day ${day} (it has ${days} days)`;
  return undefined;
}

const onCalendar = (date: string, ctx: z.core.$RefinementCtx<string>) => {
  const problem = calendarProblem(date);
  if (problem) ctx.addIssue({ code: 'custom', message: `"${date}" is not a date: ${problem}` });
};

const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD').superRefine(onCalendar);

/**
 * The edition's date is a day: it is printed, names the edition snapshot and is stamped into the files,
 * whose zip entries can carry dates from 1980 to 2107 only.
 */
const editionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day: YYYY-MM-DD').superRefine(onCalendar).superRefine((date, ctx) => {
  const year = Number(date.slice(0, 4));
  if (/^\d{4}-/.test(date) && (year < 1980 || year > 2107)) ctx.addIssue({ code: 'custom', message: `"${date}" is outside the years 1980–2107 that the files can carry` });
});
const text = z.string().trim().min(1, 'must not be empty');
/** Text an edition in another language shows in that language: written once, or as { en: …, zh: … }. */
const words = localized(text);
/** A name (a publisher, a region) that may be given per language, and is shown as written where it is not. */
const name = localized(text, 'optional');
const id = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be an id: letters, digits, _ and -');
const paramValue = z.union([text, z.number(), z.boolean()]);

export const editionSchema = z.strictObject({
  title: words,
  subtitle: words.optional(),
  date: editionDate,
  publisher: name.optional(),
  author: name.optional(),
  language: text,
  /** The editions to build, one per language; the first keeps out/'s file names. */
  languages: z.array(text).min(1, 'list at least one language, e.g. [en, zh]').optional(),
  keywords: localized(z.array(text)).optional(),
  headlines: z.array(id).optional(),
  params: z.record(id, paramValue).optional(),
});

export const sourceSchema = z.strictObject({
  title: name,
  titleEn: text.optional(),
  publisher: name.optional(),
  date: isoDate.optional(),
  language: text,
  note: words.optional(),
  url: z.url().optional(),
  files: z.array(text).optional(),
});

export const figureSchema = z.strictObject({
  label: words,
  value: z.number().optional(),
  range: z.tuple([z.number(), z.number()]).optional(),
  magnitude: z.boolean().optional(),
  unit: words,
  scale: z.enum(['thousand', 'million', 'billion', 'trillion']).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY or USD').optional(),
  qualifier: z.enum(['over', 'below', 'about', 'at least', 'up to', 'nearly']).optional(),
  period: words.optional(),
  asOf: isoDate.optional(),
  projectedFor: isoDate.optional(),
  projection: z.boolean().optional(),
  region: name.optional(),
  source: id,
  note: words.optional(),
  whole: id.optional(),
  zh: text.optional(),
});

/** A figure computed by code from others: the op names the formula, the inputs name figures. */
export const derivedSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('share_of'), label: words, of: id, share: id,
    qualifier: figureSchema.shape.qualifier, note: words.optional(),
  }),
  z.strictObject({
    op: z.literal('cagr_value'), label: words, end: id, rate: id, year: z.number().int('must be a whole year, e.g. 2022').min(1000, 'must be a four-digit year').max(9999, 'must be a four-digit year'),
    qualifier: figureSchema.shape.qualifier, note: words.optional(),
  }),
  z.strictObject({
    op: z.literal('cagr'), label: words, start: id, end: id,
    qualifier: figureSchema.shape.qualifier, note: words.optional(),
  }),
]);

const itemSchema = z.strictObject({
  title: words,
  text: words.optional(),
  when: words.optional(),
  fields: z.record(z.string(), words).optional(),
  zh: text.optional(),
  source: id.optional(),
});

export const collectionSchema = z.strictObject({
  title: words,
  sources: z.array(id).min(1, 'name at least one source'),
  columns: z.array(z.strictObject({ key: id, label: words })).optional(),
  items: z.array(itemSchema).min(1, 'a collection needs at least one item'),
  note: words.optional(),
});

export const chartSchema = z.strictObject({
  type: z.enum(['bar', 'horizontalBar', 'line', 'pie', 'doughnut', 'stackedBar', 'bar100', 'numbers']),
  title: words,
  /** The value axis as the chart should name it; by default named from the figures' unit. */
  unit: words.optional(),
  /** The one currency of the chart; figures in others are converted at the rates named. */
  currency: figureSchema.shape.currency,
  /** Figures stating exchange rates ("USD per CNY") to convert at. */
  rates: z.array(id).optional(),
  labels: z.array(words).min(1),
  series: z.array(z.strictObject({ name: words, figures: z.array(id).min(1) })).min(1),
  note: words.optional(),
});

/** One edition for a group of readers (see docs/DATA.md, "variants"). */
export const variantSchema = z.strictObject({
  title: words.optional(),
  subtitle: words.optional(),
  params: z.record(id, paramValue).optional(),
  headlines: z.array(id).optional(),
  sections: z.array(text).min(1, 'list at least one chapter or slide, or leave sections: out').optional(),
  collections: z.array(id).optional(),
  filter: z.record(id, z.record(z.string().min(1), z.union([text, z.array(text).min(1)]))).optional(),
});

// Records as validation reads them: every text in the data's own language (see languages.ts).
export type EditionRecord = Resolved<z.infer<typeof editionSchema>>;
export type SourceRecord = Resolved<z.infer<typeof sourceSchema>>;
export type FigureRecord = Resolved<z.infer<typeof figureSchema>>;
export type DerivedRecord = Resolved<z.infer<typeof derivedSchema>>;
export type CollectionRecord = Resolved<z.infer<typeof collectionSchema>>;
export type ChartRecord = Resolved<z.infer<typeof chartSchema>>;
export type VariantRecord = Resolved<z.infer<typeof variantSchema>>;

/** How to fix a field, by its name: shown under the message. */
export const FIELD_HINTS: Record<string, string> = {
  unit: 'every figure needs a unit, e.g. unit: "%", unit: models, unit: CNY',
  source: 'name the id of an entry under sources: (see data/sources.yaml)',
  sources: 'list source ids from data/sources.yaml',
  label: 'a short label says what the figure counts, e.g. "large models filed"',
  value: 'write a plain number (113, not "113 billion"); put the scale in scale: and the unit in unit:',
  range: 'write a range as [low, high], e.g. range: [40, 45]',
  scale: 'one of thousand, million, billion, trillion',
  qualifier: 'one of over, below, about, at least, up to, nearly',
  currency: 'a three-letter currency code: CNY, USD, EUR',
  date: 'write dates as YYYY-MM-DD, YYYY-MM or YYYY, in quotes; the edition date is a day, YYYY-MM-DD',
  asOf: 'write dates as YYYY-MM-DD, YYYY-MM or YYYY, in quotes',
  projectedFor: 'write dates as YYYY-MM-DD, YYYY-MM or YYYY, in quotes',
  type: 'one of bar, horizontalBar, line, pie, doughnut, stackedBar, bar100, numbers',
  rates: 'name figures that state exchange rates, e.g. fx_usd_cny with unit: "CNY per USD"',
  op: 'one of share_of (of, share), cagr_value (end, rate, year), cagr (start, end)',
  items: 'list the items, each with at least a title',
  year: 'the year the value is wanted for, e.g. year: 2022',
  language: 'the language of the text, as a code: en, zh, de …',
  languages: 'the languages to build the edition in, as codes: languages: [en, zh]',
  title: 'a short title, as it should be shown',
  params: 'parameters are names (letters, digits, _ and -) with a text, number or true/false value',
  filter: 'write filter: { collection_id: { field: value or [values] } }',
  sections: 'list chapter or slide titles (or their ids, as in the outline of the report)',
};
