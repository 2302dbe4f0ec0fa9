// Handlebars, set up for our Markdown step: data strings arrive pre-escaped (DataText), figures and
// blocks come only through helpers, and every helper problem is gathered with the template's file:line.
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { InputError, ValidationError, type Problem } from '../errors.ts';
import { formatChange, formatDate, formatFigure, formatFigureValue } from '../format/index.ts';
import type { Figure, Findings, Variant } from '../types.ts';
import { blockMarkerText, escapeMarkdown, markerText, type Marker } from './markers.ts';
import { displayPath } from '../paths.ts';
import { own } from '../ids.ts';
import { fileProblem, listFiles, readInputFiles, type InputFile } from '../load/files.ts';

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } };

/** The main template: one story, composed once, rendered by both the deck and the report. */
export const STORY_TEMPLATE = 'story.hbs';

export interface RenderedStory {
  markdown: string;
  file: string;
}

/**
 * Renders templates/story.hbs (with templates/partials/*.hbs) against the findings to Markdown.
 * Templates see the variant being built as {{variant.id}} ('' for the edition without one) and its
 * parameters as {{params.name}}.
 */
export function renderStory(findings: Findings, templatesDir: string, variant?: Variant): RenderedStory {
  const hb = Handlebars.create();
  const problems: Problem[] = [];
  const fileStack: string[] = [];
  const currentFile = () => fileStack[fileStack.length - 1] ?? '';

  // Wraps data strings so Handlebars prints them Markdown-escaped; helpers read the raw value.
  class DataText extends hb.SafeString {
    constructor(readonly raw: string) {
      super(escapeMarkdown(raw));
    }
  }
  const wrap = (value: unknown): unknown => {
    if (typeof value === 'string') return value === '' ? '' : new DataText(value);
    if (Array.isArray(value)) return value.map(wrap);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v)]));
    return value;
  };
  const raw = (value: unknown): string => (value instanceof DataText ? value.raw : String(value ?? ''));

  const problemAt = (options: HelperOptions, message: string, hint: string) => {
    const loc = options?.loc?.start;
    problems.push({ message, file: currentFile(), line: loc?.line, column: loc ? loc.column + 1 : undefined, hint });
  };
  const figureOf = (idArg: unknown, options: HelperOptions, helper: string): Figure | undefined => {
    const id = raw(idArg);
    const figure = own(findings.figures, id);
    if (!figure) problemAt(options, `{{${helper} "${id}"}}: no figure with id "${id}"`, `known figures: ${nearest(id, Object.keys(findings.figures))}`);
    return figure;
  };
  const cite = (source: string) => markerText({ kind: 'cite', source });
  /** A figure's citation: it supports the claim the figure is part of, so it moves to that claim's end. */
  const citeFigure = (source: string) => markerText({ kind: 'cite', source, floats: true });
  const safe = (markdown: string) => new hb.SafeString(markdown);
  const block = (marker: Marker) => safe(blockMarkerText(marker));
  const region = (name: 'notes' | 'deck' | 'report') => function (this: unknown, options: HelperOptions) {
    return safe(blockMarkerText({ kind: 'open', region: name }) + options.fn(this) + blockMarkerText({ kind: 'close', region: name }));
  };
  const collectionBlock = (kind: string) => (idArg: unknown, options: HelperOptions) => {
    const id = raw(idArg);
    if (!own(findings.collections, id)) {
      problemAt(options, `{{${kind} "${id}"}}: no collection with id "${id}"`, `known collections: ${nearest(id, Object.keys(findings.collections))}`);
      return '';
    }
    // A collection the variant leaves out has no items: its block draws nothing.
    if (!findings.collections[id].items.length) return '';
    return block({ kind: 'block', block: kind, id });
  };

  hb.registerHelper({
    /** A figure with its context: "CNY 113 billion (2027, projected)", cited. */
    fig(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'fig');
      return f ? safe(escapeMarkdown(formatFigure(f)) + citeFigure(f.source)) : '';
    },
    /** The value alone, as on a number tile: "over 950", cited. */
    value(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'value');
      return f ? safe(escapeMarkdown(formatFigureValue(f)) + citeFigure(f.source)) : '';
    },
    /** A change with its direction, cited: "rises 148% (2022–2027)", "falls about 13% a year (2015–2024, implied)". */
    change(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'change');
      if (!f) return '';
      if (f.magnitude || (f.value === undefined && !f.range)) {
        problemAt(options, `{{change "${f.id}"}}: figure "${f.id}" is not a number that can rise or fall`, 'use {{fig}} for orders of magnitude');
        return '';
      }
      return safe(escapeMarkdown(formatChange(f)) + citeFigure(f.source));
    },
    /** When a figure is for, as its data says: "2027" (projected for), "Jan–Jul 2024" (period), "November 2024" (as of). */
    when(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'when');
      if (!f) return '';
      const when = figureWhen(f);
      if (!when) problemAt(options, `{{when "${f.id}"}}: figure "${f.id}" has no projectedFor, period or asOf`, `add one of them to figure ${f.id}, or leave {{when}} out of the sentence`);
      return escapeMarkdown(when ?? '');
    },
    /** A figure's label, as plain text. */
    label(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'label');
      return f ? escapeMarkdown(f.label) : '';
    },
    /** A figure's note (caveats, inconsistencies between sources), or nothing. */
    caveat(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'caveat');
      return f?.note ? escapeMarkdown(f.note) : '';
    },
    date(value: unknown) {
      return escapeMarkdown(formatDate(raw(value)));
    },
    cite(source: unknown, options: HelperOptions) {
      const id = raw(source);
      if (!own(findings.sources, id)) problemAt(options, `{{cite "${id}"}}: no source with id "${id}"`, `known sources: ${Object.keys(findings.sources).join(', ')}`);
      return safe(cite(id));
    },
    /** Cites every source of a collection: put it after the facts taken from it. */
    sourcesOf(idArg: unknown, options: HelperOptions) {
      const id = raw(idArg);
      const collection = own(findings.collections, id);
      if (!collection) {
        problemAt(options, `{{sourcesOf "${id}"}}: no collection with id "${id}"`, `known collections: ${nearest(id, Object.keys(findings.collections))}`);
        return '';
      }
      return collection.items.length ? safe(collection.sources.map(cite).join('')) : '';
    },
    chart(idArg: unknown, options: HelperOptions) {
      const id = raw(idArg);
      if (!own(findings.charts, id)) {
        problemAt(options, `{{chart "${id}"}}: no chart with id "${id}"`, `known charts: ${nearest(id, Object.keys(findings.charts))}`);
        return '';
      }
      return block({ kind: 'block', block: 'chart', id });
    },
    /** Number tiles for the figures named, or for edition.headlines when none are. */
    tiles(...args: unknown[]) {
      const options = args.pop() as HelperOptions;
      const ids = args.length ? args.flat().map(raw) : findings.edition.headlines ?? [];
      const known = ids.filter((id) => figureOf(id, options, 'tiles'));
      return known.length ? block({ kind: 'block', block: 'tiles', id: known.join(','), ids: known }) : '';
    },
    /** The chapter titles, as bullets. */
    agenda() {
      return block({ kind: 'block', block: 'agenda', id: 'agenda' });
    },
    table: collectionBlock('table'),
    timeline: collectionBlock('timeline'),
    flow: collectionBlock('flow'),
    cards: collectionBlock('cards'),
    notes: region('notes'),
    deck: region('deck'),
    report: region('report'),
  });

  const { story, partials } = readTemplates(templatesDir);
  const compile = (file: InputFile) => {
    const display = file.path;
    let template: Handlebars.TemplateDelegate;
    try {
      template = hb.template(precompiled(file.text));
    } catch (cause) {
      throw templateError(cause, display);
    }
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      fileStack.push(display);
      try {
        return template(context, options);
      } catch (cause) {
        if (cause instanceof InputError) throw cause;
        throw templateError(cause, display);
      } finally {
        fileStack.pop();
      }
    };
  };
  for (const partial of partials) {
    hb.registerPartial(partial.name, compile(partial.file) as unknown as Handlebars.Template);
  }
  const context = wrap({
    edition: findings.edition, collections: findings.collections, sources: findings.sources, charts: findings.charts,
    variant: { id: variant?.id ?? '' }, params: findings.edition.params ?? {},
  });
  const markdown = compile(story)(context);
  if (problems.length) throw new ValidationError(problems);
  return { markdown, file: story.path };
}

/**
 * Each template's compiled form, by its text: a long-running watch or preview compiles only the
 * templates that changed (parsing and compiling them was about half of compose). The compiled form
 * holds no helpers or data; each build's Handlebars instance runs it with its own.
 */
const PRECOMPILED = new Map<string, TemplateSpecification>();
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

function precompiled(text: string): TemplateSpecification {
  let spec = PRECOMPILED.get(text);
  if (!spec) {
    // precompile() gives the template as JavaScript source; compile() would evaluate the same.
    spec = new Function(`return ${Handlebars.precompile(text, { strict: true, preventIndent: true })}`)() as TemplateSpecification;
    if (PRECOMPILED.size > 200) PRECOMPILED.clear();
    PRECOMPILED.set(text, spec);
  }
  return spec;
}

/** story.hbs and partials/*.hbs, read as UTF-8 text; every file that cannot be read is reported at once. */
function readTemplates(templatesDir: string): { story: InputFile; partials: { name: string; file: InputFile }[] } {
  const main = path.join(templatesDir, STORY_TEMPLATE);
  if (!lstatSync(main, { throwIfNoEntry: false })) {
    throw new InputError(`no ${STORY_TEMPLATE} in ${displayPath(templatesDir)}`, { file: displayPath(main), hint: 'pass --templates with the folder that holds story.hbs, theme.json and partials/' });
  }
  const partialsDir = path.join(templatesDir, 'partials');
  let listed: ReturnType<typeof listFiles> = { files: [], problems: [] };
  try {
    if (existsSync(partialsDir)) listed = listFiles(partialsDir, ['.hbs']);
  } catch (cause) {
    listed.problems.push(fileProblem(cause, partialsDir));
  }
  const [story, ...partials] = readInputFiles([main, ...listed.files], listed.problems);
  return { story, partials: partials.map((file, i) => ({ name: path.basename(listed.files[i], '.hbs'), file })) };
}

/** Turns a Handlebars parse or runtime error into one that names the template and line. */
function templateError(cause: unknown, file: string): InputError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const parseLine = /Parse error on line (\d+)/.exec(message)?.[1];
  const strictMiss = /"([^"]+)" not defined in .* - (\d+):(\d+)/.exec(message);
  if (strictMiss) {
    return new InputError(`"${strictMiss[1]}" is not defined`, {
      file, line: Number(strictMiss[2]), column: Number(strictMiss[3]) + 1,
      hint: 'check the spelling; templates see edition, variant, params (declared under edition.params), collections, sources and charts, and figures only through {{fig "id"}}',
    }, { cause });
  }
  if (/missing helper/i.test(message)) {
    return new InputError(message, { file, hint: 'helpers: fig, value, change, when, label, caveat, date, cite, sourcesOf, chart, tiles, table, timeline, flow, cards, agenda, notes, deck, report' }, { cause });
  }
  // Handlebars ends some messages with " - line:column" (e.g. "notes doesn't match note - 16:3").
  const at = / - (\d+):(\d+)$/.exec(message.split('\n')[0]);
  const text = message.split('\n')[0].replace(/ - \d+:\d+$/, '');
  return new InputError(`template error: ${text}`, {
    file, line: parseLine ? Number(parseLine) : at ? Number(at[1]) : undefined, column: at ? Number(at[2]) + 1 : undefined,
    hint: 'check that every {{#block}} has its {{/block}} and every {{ has its }}',
  }, { cause });
}

function figureWhen(f: Figure): string | undefined {
  if (f.projection && f.projectedFor) return formatDate(f.projectedFor);
  return f.period ?? (f.asOf ? formatDate(f.asOf) : undefined);
}

function nearest(id: string, known: string[]): string {
  const close = known.filter((k) => k.includes(id) || id.includes(k) || k.split('_')[0] === id.split('_')[0]);
  return (close.length ? close : known).slice(0, 8).join(', ') + (known.length > 8 && !close.length ? ', …' : '');
}

