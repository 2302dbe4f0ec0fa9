// Validate: the parsed data files → typed Findings. Every problem in every file is gathered in one
// pass and reported with its file, line, column and field, and a hint; nothing stops at the first.
// A record that is wrong is reported once, where it is written: references to it (from derived
// figures, charts, headlines) are not reported again as "names no figure".
import path from 'node:path';
import type { z } from 'zod';
import type { Space } from './problems.ts';
import { formatLocation, ValidationError } from '../errors.ts';
import { own, recordOf } from '../ids.ts';
import { COVER_HEADLINES, type ChartSpec, type Collection, type Edition, type Figure, type Findings, type SourceEntry, type SourceFile } from '../types.ts';
import { axisScale } from '../charts/plan.ts';
import { resolveChart } from './charts.ts';
import { localeOf, type Locale } from '../i18n/index.ts';
import { deriveAll } from './derive.ts';
import { checkFigure, checkShares, withoutUndefined, type Entry } from './figures.ts';
import { describeIssue, hintFor, Problems } from './problems.ts';
import { resolveVariants } from './variants.ts';
import {
  chartSchema, collectionSchema, derivedSchema, editionSchema, figureSchema, sourceSchema, variantSchema,
  type ChartRecord, type CollectionRecord,
} from './schema.ts';
import { checkText } from './text.ts';
import { checkLanguages, translate, translatedRecord, useDataLanguage, type Kind as TextKind, type Resolved } from './languages.ts';

/** Top-level keys of a data file, in the order they are checked. */
const KINDS = ['edition', 'sources', 'figures', 'derived', 'collections', 'charts', 'variants'] as const;
type Kind = (typeof KINDS)[number];
/** Keys other commands read from the data folder (briefsmith send reads recipients). */
const OTHER_KEYS = new Set(['recipients']);
/** The id namespace of each kind. */
const SPACE: Record<Kind, Space> = { edition: 'edition', sources: 'sources', figures: 'figures', derived: 'figures', collections: 'collections', charts: 'charts', variants: 'variants' };

export function validate(files: SourceFile[]): Findings {
  const problems = new Problems();
  const warnings = new Problems();
  checkText(files, problems, OTHER_KEYS, warnings);
  const raw = gatherEntries(files, problems);

  // Texts may be given per language ({ en: …, zh: … }): validation reads the data's own language's,
  // and each other language of the edition gets its Findings at the end (languages.ts).
  const texts: Parameters<typeof useDataLanguage>[4] = [];
  const parsedEdition = parseAll(raw.edition, editionSchema, problems, 'edition');
  const dataLanguage = (parsedEdition[0]?.value.language as string | undefined) ?? 'en';
  const parse = <S extends z.ZodType>(kind: TextKind, entries: Entry<unknown>[], schema: S, space: Space) => {
    const parsed = parseAll(entries, schema, problems, space);
    useDataLanguage(kind, parsed, dataLanguage, problems, texts);
    return parsed as unknown as Entry<Resolved<z.infer<S>>>[];
  };
  useDataLanguage('edition', parsedEdition, dataLanguage, problems, texts);
  const edition = (parsedEdition as unknown as Entry<Resolved<z.infer<typeof editionSchema>>>[])[0];
  const sources = parse('sources', raw.sources, sourceSchema, 'sources');
  const figures = parse('figures', raw.figures, figureSchema, 'figures');
  const derived = parse('derived', raw.derived, derivedSchema, 'figures');
  const collections = parse('collections', raw.collections, collectionSchema, 'collections');
  const charts = parse('charts', raw.charts, chartSchema, 'charts');
  const variants = parse('variants', raw.variants, variantSchema, 'variants');
  const languages = edition ? checkLanguages(edition, problems) : [dataLanguage];

  const sourceMap = recordOf(sources.map((e) => [e.id, withoutUndefined({ id: e.id, ...e.value }) as SourceEntry]));
  const checkSource = (e: Entry<unknown>, path: (string | number)[], ref: string) => {
    if (!own(sourceMap, ref) && !problems.isBroken('sources', ref)) {
      problems.at(e.file, [...e.path, ...path], `names no source "${ref}"`, `known sources: ${Object.keys(sourceMap).join(', ') || 'none'}`);
    }
  };

  const figureMap = recordOf<Figure>();
  for (const e of figures) {
    checkSource(e, ['source'], e.value.source);
    if (checkFigure(e, problems)) figureMap[e.id] = withoutUndefined({ id: e.id, ...e.value });
    else problems.markBroken('figures', e.id);
  }
  checkShares(figures, problems);
  deriveAll(derived, figureMap, problems);

  const collectionMap = recordOf<Collection>();
  for (const e of collections) {
    e.value.sources.forEach((s, i) => checkSource(e, ['sources', i], s));
    e.value.items.forEach((item, i) => item.source && checkSource(e, ['items', i, 'source'], item.source));
    checkColumns(e, problems);
    collectionMap[e.id] = withoutUndefined({ id: e.id, ...e.value, items: e.value.items.map((item) => withoutUndefined({ ...item, ...(item.fields ? { fields: recordOf(Object.entries(item.fields)) } : {}) })) });
  }

  const chartMap = recordOf<ChartSpec>();
  for (const e of charts) {
    const spec = resolveChart(e.id, e.value, figureMap, {
      problem: (path, message, hint) => problems.at(e.file, [...e.path, ...path], message, hint),
      warning: (path, message, hint) => warnings.at(e.file, [...e.path, ...path], message, hint),
      isBroken: (figure) => problems.isBroken('figures', figure),
    });
    if (spec) chartMap[e.id] = spec;
  }

  if (edition) {
    edition.value.headlines?.forEach((h, i) => {
      if (!own(figureMap, h) && !problems.isBroken('figures', h)) problems.at(edition.file, [...edition.path, 'headlines', i], `names no figure "${h}"`, 'list ids from figures: or derived:');
    });
    const headlines = edition.value.headlines ?? [];
    if (headlines.length > COVER_HEADLINES) {
      warnings.at(edition.file, [...edition.path, 'headlines', COVER_HEADLINES], `${headlines.length} headline figures: the report cover shows the first ${COVER_HEADLINES}`, `keep the ${COVER_HEADLINES} that matter most in headlines: and show the others with {{tiles "id" …}} in the story`);
    }
  }
  const variantMap = resolveVariants(variants, { edition: edition?.value, figures: figureMap, collections: collectionMap }, (file, path, message, hint) => problems.at(file, path, message, hint));
  for (const e of variants) {
    if (languages.includes(e.id)) problems.at(e.file, e.path, `a variant cannot be called "${e.id}": out/${e.id}/ holds the ${e.id} edition`, 'choose another id (each language but the first is built into out/<language>/)');
  }
  if (problems.list.length) throw new ValidationError(problems.list);

  const findings: Findings = {
    ...(warnings.list.length ? { warnings: warnings.list } : {}),
    edition: withoutUndefined({ ...edition!.value, languages }) as Edition,
    sources: sourceMap,
    figures: figureMap,
    collections: collectionMap,
    charts: chartMap,
    variants: variantMap,
  };
  const inLanguages = translate(findings, texts, languages, problems);
  if (problems.list.length) throw new ValidationError(problems.list);
  // Each other language's charts are resolved again from their translated records: titles, notes,
  // labels and numbers in that language (their checks were made, and reported, in the data's).
  for (const [language, inLanguage] of Object.entries(inLanguages)) {
    if (language === dataLanguage) continue;
    const silent = { problem: () => {}, warning: () => {}, isBroken: (figure: string) => problems.isBroken('figures', figure) };
    for (const e of charts) {
      if (!chartMap[e.id]) continue;
      const record = translatedRecord(e.value, ['charts', e.id], texts, language, dataLanguage);
      const spec = resolveChart(e.id, record, inLanguage.figures, silent, localeOf(language), true);
      if (!spec) continue;
      inLanguage.charts[e.id] = spec;
      const shown = translatedAxis(spec, localeOf(language));
      if (record.unit && record.unit !== e.value.unit && shown && shown !== record.unit) {
        warnings.at(e.file, [...e.path, 'unit', language], `the axis says ${shown}, from the figures' unit scaled to their values; "${record.unit}" is not shown`,
          `leave the chart's unit in ${language} out, or write ${JSON.stringify(shown)}`);
      }
    }
  }
  const all = warnings.list.length ? { ...findings, warnings: warnings.list } : findings;
  return languages.length > 1 || languages[0] !== dataLanguage ? { ...all, languages: inLanguages } : all;
}

/** Splits each file's top-level mappings into entries by kind; flags unknown keys and duplicate ids. */
function gatherEntries(files: SourceFile[], problems: Problems): Record<Kind, Entry<unknown>[]> {
  const out = Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, Entry<unknown>[]>;
  const seen = new Map<string, Entry<unknown>>();
  for (const file of files) {
    if (file.value == null) continue;
    if (!isMapping(file.value)) {
      problems.at(file, [], 'a data file must be a mapping of edition:, sources:, figures:, derived:, collections:, charts: or variants:', 'start the file with one of those keys');
      continue;
    }
    for (const [key, value] of Object.entries(file.value)) {
      if (OTHER_KEYS.has(key) || key === '__proto__') continue;
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
        if (id === '__proto__') continue; // reported by checkText
        const entry = { id, value: record, file, path: [key, id] };
        // Figures and derived figures share one namespace: templates name both with {{fig}}.
        const space = SPACE[kind];
        const previous = seen.get(`${space}:${id}`);
        if (previous) {
          problems.at(file, [key, id], `duplicate id "${id}" (first defined at ${formatLocation(previous.file.positionOf(previous.path))})`, 'ids must be unique across all data files; rename or remove one');
          continue;
        }
        seen.set(`${space}:${id}`, entry);
        out[kind].push(entry);
      }
    }
  }
  if (!out.edition.length && files.length) {
    problems.list.push({ message: 'no edition: found in the data folder', file: path.dirname(files[0].path), hint: 'add an edition: with title, date and language (see data/edition.yaml)' });
  }
  return out;
}

/** Parses each entry with its schema; one that fails is reported field by field and marked broken. */
function parseAll<S extends z.ZodType>(entries: Entry<unknown>[], schema: S, problems: Problems, space: Space): Entry<z.infer<S>>[] {
  const out: Entry<z.infer<S>>[] = [];
  for (const e of entries) {
    const result = schema.safeParse(e.value, { reportInput: true });
    if (result.success) {
      out.push({ ...e, value: result.data });
      continue;
    }
    problems.markBroken(space, e.id);
    for (const issue of result.error.issues) {
      const path = [...e.path, ...(issue.path as (string | number)[])];
      problems.at(e.file, path, describeIssue(issue), hintFor(issue));
    }
  }
  return out;
}

function checkColumns(e: Entry<CollectionRecord>, problems: Problems): void {
  for (const [c, column] of (e.value.columns ?? []).entries()) {
    if (column.key === 'title') continue;
    e.value.items.forEach((item, i) => {
      if (!own(item.fields, column.key)) problems.at(e.file, [...e.path, 'items', i], `has no fields.${column.key} for column "${column.label}"`, `add fields: { ${column.key}: … } to every item (column ${c + 1})`);
    });
  }
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The axis heading a chart in another language gets when its values are rescaled there (Chinese
 * counts in 万 and 亿: "CNY billion" becomes 亿元): named from its figures, not from the chart's unit.
 */
function translatedAxis(spec: ChartSpec, locale: Locale): string | undefined {
  const scaled = axisScale(spec, locale.format);
  return scaled.factor === 1 ? undefined : scaled.heading;
}
