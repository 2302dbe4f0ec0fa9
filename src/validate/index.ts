// Validate: the parsed data files → typed Findings. Every problem in every file is gathered in one
// pass and reported with its file, line, column and field, and a hint; nothing stops at the first.
import type { z } from 'zod';
import { formatLocation, ValidationError, type Problem } from '../errors.ts';
import { COVER_HEADLINES, type ChartSpec, type Collection, type Edition, type Figure, type Findings, type SourceEntry, type SourceFile } from '../types.ts';
import { derive } from './derive.ts';
import {
  chartSchema, collectionSchema, derivedSchema, editionSchema, FIELD_HINTS, figureSchema, sourceSchema,
  type ChartRecord, type CollectionRecord, type FigureRecord,
} from './schema.ts';

/** Top-level keys of a data file, in the order they are checked. */
const KINDS = ['edition', 'sources', 'figures', 'derived', 'collections', 'charts'] as const;
type Kind = (typeof KINDS)[number];
/** Keys other commands read from the data folder (briefsmith send reads recipients). */
const OTHER_KEYS = new Set(['recipients']);

/** A record as written, with where it stands. */
interface Entry<T> {
  id: string;
  value: T;
  file: SourceFile;
  path: (string | number)[];
}

class Problems {
  readonly list: Problem[] = [];
  at(file: SourceFile, path: (string | number)[], message: string, hint?: string): void {
    this.list.push({ message, ...file.positionOf(path), field: fieldName(path), hint });
  }
}

export function validate(files: SourceFile[]): Findings {
  const problems = new Problems();
  const warnings = new Problems();
  const raw = gatherEntries(files, problems);

  const edition = parseEdition(raw.edition, problems);
  const sources = parseAll(raw.sources, sourceSchema, problems);
  const figures = parseAll(raw.figures, figureSchema, problems);
  const derived = parseAll(raw.derived, derivedSchema, problems);
  const collections = parseAll(raw.collections, collectionSchema, problems);
  const charts = parseAll(raw.charts, chartSchema, problems);

  const sourceIds = new Set(sources.map((s) => s.id));
  const checkSource = (e: Entry<unknown>, path: (string | number)[], ref: string) => {
    if (!sourceIds.has(ref)) problems.at(e.file, [...e.path, ...path], `names no source "${ref}"`, `known sources: ${[...sourceIds].join(', ') || 'none'}`);
  };

  const figureMap: Record<string, Figure> = {};
  for (const e of figures) {
    checkFigure(e, problems);
    checkSource(e, ['source'], e.value.source);
    figureMap[e.id] = withoutUndefined({ id: e.id, ...e.value });
  }
  checkShares(figures, problems);
  for (const e of derived) {
    const result = derive(e.id, e.value, figureMap);
    if ('problem' in result) problems.at(e.file, [...e.path, result.field], result.problem, result.hint);
    else if (figureMap[e.id]) problems.at(e.file, e.path, `"${e.id}" is both a figure and a derived figure`, 'give the derived figure its own id');
    else figureMap[e.id] = withoutUndefined(result.figure);
  }

  const collectionMap: Record<string, Collection> = {};
  for (const e of collections) {
    e.value.sources.forEach((s, i) => checkSource(e, ['sources', i], s));
    e.value.items.forEach((item, i) => item.source && checkSource(e, ['items', i, 'source'], item.source));
    checkColumns(e, problems);
    collectionMap[e.id] = withoutUndefined({ id: e.id, ...e.value });
  }

  const chartMap: Record<string, ChartSpec> = {};
  for (const e of charts) {
    const spec = resolveChart(e, figureMap, problems);
    if (spec) chartMap[e.id] = spec;
  }

  if (edition) {
    edition.value.headlines?.forEach((h, i) => {
      if (!figureMap[h]) problems.at(edition.file, [...edition.path, 'headlines', i], `names no figure "${h}"`, 'list ids from figures: or derived:');
    });
    const headlines = edition.value.headlines ?? [];
    if (headlines.length > COVER_HEADLINES) {
      warnings.at(edition.file, [...edition.path, 'headlines', COVER_HEADLINES], `${headlines.length} headline figures: the report cover shows the first ${COVER_HEADLINES}`, `keep the ${COVER_HEADLINES} that matter most in headlines: and show the others with {{tiles "id" …}} in the story`);
    }
  }
  if (problems.list.length) throw new ValidationError(problems.list);

  return {
    ...(warnings.list.length ? { warnings: warnings.list } : {}),
    edition: withoutUndefined(edition!.value) as Edition,
    sources: Object.fromEntries(sources.map((e) => [e.id, withoutUndefined({ id: e.id, ...e.value }) as SourceEntry])),
    figures: figureMap,
    collections: collectionMap,
    charts: chartMap,
  };
}

/** Splits each file's top-level mappings into entries by kind; flags unknown keys and duplicate ids. */
function gatherEntries(files: SourceFile[], problems: Problems): Record<Kind, Entry<unknown>[]> {
  const out = Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, Entry<unknown>[]>;
  const seen = new Map<string, Entry<unknown>>();
  for (const file of files) {
    if (file.value == null) continue;
    if (!isMapping(file.value)) {
      problems.at(file, [], 'a data file must be a mapping of edition:, sources:, figures:, derived:, collections: or charts:', 'start the file with one of those keys');
      continue;
    }
    for (const [key, value] of Object.entries(file.value)) {
      if (OTHER_KEYS.has(key)) continue;
      if (!(KINDS as readonly string[]).includes(key)) {
        problems.at(file, [key], `unknown section "${key}"`, `use one of ${KINDS.join(', ')}`);
        continue;
      }
      const kind = key as Kind;
      if (kind === 'edition') {
        const previous = seen.get('edition');
        if (previous) problems.at(file, [key], `a second edition: (the first is in ${previous.file.path})`, 'keep one edition: in the data folder');
        else {
          seen.set('edition', { id: 'edition', value, file, path: [key] });
          out.edition.push({ id: 'edition', value, file, path: [key] });
        }
        continue;
      }
      if (!isMapping(value)) {
        problems.at(file, [key], `${key}: must be a mapping of id → record`, `write it as\n  ${key}:\n    some_id:\n      …`);
        continue;
      }
      for (const [id, record] of Object.entries(value)) {
        const entry = { id, value: record, file, path: [key, id] };
        // Figures and derived figures share one namespace: templates name both with {{fig}}.
        const space = kind === 'derived' ? 'figures' : kind;
        const previous = seen.get(`${space}:${id}`);
        if (previous) {
          const where = previous.file.positionOf(previous.path);
          problems.at(file, [key, id], `duplicate id "${id}" (first defined at ${formatLocation(where)})`, 'ids must be unique across all data files; rename or remove one');
          continue;
        }
        seen.set(`${space}:${id}`, entry);
        out[kind].push(entry);
      }
    }
  }
  if (!out.edition.length && files.length) {
    problems.list.push({ message: 'no edition: found in the data folder', file: files[0].path, hint: 'add an edition: with title, date and language (see data/edition.yaml)' });
  }
  return out;
}

function parseEdition(entries: Entry<unknown>[], problems: Problems): Entry<z.infer<typeof editionSchema>> | undefined {
  return parseAll(entries, editionSchema, problems)[0];
}

function parseAll<S extends z.ZodType>(entries: Entry<unknown>[], schema: S, problems: Problems): Entry<z.infer<S>>[] {
  const out: Entry<z.infer<S>>[] = [];
  for (const e of entries) {
    const result = schema.safeParse(e.value, { reportInput: true });
    if (result.success) {
      out.push({ ...e, value: result.data });
      continue;
    }
    for (const issue of result.error.issues) {
      const path = [...e.path, ...(issue.path as (string | number)[])];
      problems.at(e.file, path, describeIssue(issue), hintFor(issue));
    }
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, not ${JSON.stringify(issue.input)}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `${JSON.stringify(issue.input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) return `op ${JSON.stringify(issue.input)} is not a known formula`;
  return issue.message;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  const last = issue.code === 'unrecognized_keys' ? undefined : [...issue.path].reverse().find((p) => typeof p === 'string');
  if (issue.code === 'unrecognized_keys') return 'check the spelling; see docs/DATA.md for the fields each record takes';
  if (issue.code === 'invalid_union') return FIELD_HINTS.op;
  return last ? FIELD_HINTS[last as string] : undefined;
}

/** Figure rules zod cannot see field by field. */
function checkFigure(e: Entry<FigureRecord>, problems: Problems): void {
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
  }
  if (f.projection && !f.projectedFor) {
    problems.at(e.file, [...e.path, 'projectedFor'], 'a projection needs projectedFor:', 'say which year the projection is for, e.g. projectedFor: "2027"');
  }
  if (f.projectedFor && f.asOf && f.projectedFor < f.asOf) {
    problems.at(e.file, [...e.path, 'projectedFor'], `projection for ${f.projectedFor} is dated before its as-of date ${f.asOf}`, 'a projection looks forward: projectedFor must not be before asOf');
  }
  if (f.whole && f.unit !== '%') {
    problems.at(e.file, [...e.path, 'whole'], `only percentage shares can be parts of a whole (unit is ${f.unit})`, 'use unit: "%" or drop whole:');
  }
}

/** Shares of one whole must not add up to more than 100% (ranges count with their low end). */
function checkShares(figures: Entry<FigureRecord>[], problems: Problems): void {
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

function checkColumns(e: Entry<CollectionRecord>, problems: Problems): void {
  for (const [c, column] of (e.value.columns ?? []).entries()) {
    if (column.key === 'title') continue;
    e.value.items.forEach((item, i) => {
      if (!item.fields?.[column.key]) problems.at(e.file, [...e.path, 'items', i], `has no fields.${column.key} for column "${column.label}"`, `add fields: { ${column.key}: … } to every item (column ${c + 1})`);
    });
  }
}

/** Resolves a chart's series from figures; values must share the chart's unit and scale. */
function resolveChart(e: Entry<ChartRecord>, figures: Record<string, Figure>, problems: Problems): ChartSpec | undefined {
  const c = e.value;
  let ok = true;
  const sources: string[] = [];
  const series = c.series.map((s, si) => {
    if (s.figures.length !== c.labels.length) {
      problems.at(e.file, [...e.path, 'series', si, 'figures'], `has ${s.figures.length} figures for ${c.labels.length} labels`, 'give one figure per label, in the same order');
      ok = false;
    }
    const first = figures[s.figures[0]];
    const values = s.figures.map((ref, fi) => {
      const f = figures[ref];
      const at = [...e.path, 'series', si, 'figures', fi];
      if (!f) {
        problems.at(e.file, at, `names no figure "${ref}"`, 'name the id of a figure in figures: or derived:');
        ok = false;
        return 0;
      }
      if (f.magnitude) {
        problems.at(e.file, at, `figure "${ref}" is an order of magnitude and cannot be drawn as a bar`, 'leave it out of the chart and say it in the text');
        ok = false;
      }
      if (first && (f.unit !== first.unit || f.scale !== first.scale || f.currency !== first.currency)) {
        problems.at(e.file, at, `figure "${ref}" is in ${unitText(f)}, the series is in ${unitText(first)}`, 'a chart series must use one unit and scale');
        ok = false;
      }
      if (!sources.includes(f.source)) sources.push(f.source);
      return f.range ? ([...f.range] as [number, number]) : (f.value ?? 0);
    });
    const qualifiers = s.figures.map((ref) => figures[ref]?.qualifier);
    return {
      name: s.name, figures: s.figures, values, projected: s.figures.map((ref) => Boolean(figures[ref]?.projection)),
      ...(qualifiers.some(Boolean) ? { qualifiers } : {}),
    };
  });
  if (!ok) return undefined;
  return withoutUndefined({ id: e.id, type: c.type, title: c.title, unit: c.unit, labels: c.labels, series, sources, note: c.note });
}

function unitText(f: Figure): string {
  return [f.currency, f.scale, f.unit === f.currency ? undefined : f.unit].filter(Boolean).join(' ');
}

function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Drops undefined fields, so Findings compare and serialise cleanly. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
