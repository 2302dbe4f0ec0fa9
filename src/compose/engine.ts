// Handlebars, set up for our Markdown step: data strings arrive pre-escaped (DataText), figures and
// blocks come only through helpers, and every problem is gathered with the template's file:line:column
// and the chain of partials that included it: the templates' syntax and helper calls before rendering,
// helpers' arguments as they run, and (through the story map) the Markdown's problems after.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatLocation, InputError, ValidationError, type Location, type Problem } from '../errors.ts';
import { localeOf } from '../i18n/index.ts';
import type { Edition, Figure, Findings, Variant } from '../types.ts';
import { missingStory, partialsFor, storyFileOf, templateLanguage, untranslatedPartials } from './languages.ts';
import { blockMarkerText, escapeMarkdown, markerText, type Marker, type Region } from './markers.ts';
import { displayPath } from '../paths.ts';
import { own } from '../ids.ts';
import { fileProblem, isAbsent, listFiles, readInputFiles, type InputFile } from '../load/files.ts';
import { UNSAFE_TEXT_HINT, unsafeCharacter, unsafeCharacterMessage } from '../load/text.ts';
import { nearestName } from '../nearest.ts';
import { instrument, mark, StoryMap, type Spot, type StoryLocation } from './locate.ts';
import { checkTemplate, inlinePartials, none, one, region as regionSignature, syntaxProblem, type Signature } from './templates.ts';

type HelperOptions = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } };

/** The main template: one story, composed once, rendered by both the deck and the report. */
export const STORY_TEMPLATE = 'story.hbs';

export interface RenderedStory {
  markdown: string;
  file: string;
  /** Where an offset of the Markdown stands in the templates. */
  locate(offset: number): StoryLocation;
}

/** What each helper takes, checked where a template calls it. A new helper needs its line here. */
export const SIGNATURES: Record<string, Signature> = {
  fig: one('a figure id'), value: one('a figure id'), change: one('a figure id'), when: one('a figure id'), label: one('a figure id'), caveat: one('a figure id'),
  date: one('a date'), cite: one('a source id'), sourcesOf: one('a collection id'), chart: one('a chart id'),
  tiles: { min: 0, max: Infinity, what: 'figure ids' }, agenda: none,
  table: one('a collection id'), timeline: one('a collection id'), flow: one('a collection id'), cards: one('a collection id'),
  notes: regionSignature, deck: regionSignature, report: regionSignature,
  callout: { min: 0, max: 1, what: 'a heading', block: true },
};

/** Partials nest at most this deep: deeper, one includes itself (directly or through others). */
const MAX_PARTIAL_DEPTH = 16;

/** The helper the story map calls before each {{…}}: it prints the place's mark and remembers the place. */
const AT_HELPER = '__briefsmith_at';

const SAY = {
  notText: (helper: string, what: string, value: unknown) => `{{${helper}}} needs ${what}, not ${describeValue(value)}`,
  notTextHint: 'name the id in quotes, or a value from the data that holds one',
  recursion: (name: string) => `the partial "${name}" includes itself (partials nest more than ${MAX_PARTIAL_DEPTH} deep)`,
  recursionHint: 'remove the {{> …}} that leads back to it',
  helperFailed: (helper: string, message: string) => `{{${helper}}}: ${message}`,
} as const;

/**
 * Renders templates/story.hbs (with templates/partials/*.hbs) against the findings to Markdown.
 * Templates see the variant being built as {{variant.id}} ('' for the edition without one) and its
 * parameters as {{params.name}}. `marks: false` renders without the story map (for the test that the
 * map changes nothing).
 */
export function renderStory(findings: Findings, templatesDir: string, variant?: Variant, opts: { marks?: boolean } = {}): RenderedStory {
  const hb = Handlebars.create();
  // Figures and dates in the edition's language.
  const { format } = localeOf(findings.edition.language);
  const problems: Problem[] = [];
  const map = new StoryMap();
  // The templates being rendered, innermost last, each with the place that included it.
  const stack: { file: string; name: string; from?: Location; spots: Spot[] }[] = [];
  const currentFile = () => stack[stack.length - 1]?.file ?? '';
  const includedFrom = (): Location[] => stack.slice(1).map((f) => f.from ?? { file: '' }).reverse();
  // The {{…}} being rendered: where a partial is included from, where an error without a place stands.
  let current: Location | undefined;

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
    const chain = includedFrom();
    problems.push({ message, file: currentFile(), line: loc?.line, column: loc ? loc.column + 1 : undefined, hint, ...(chain.length ? { includedFrom: chain } : {}) });
  };
  const figureOf = (idArg: unknown, options: HelperOptions, helper: string): Figure | undefined => {
    const id = raw(idArg);
    const figure = own(findings.figures, id);
    if (!figure) problemAt(options, `{{${helper} ${q(id)}}}: no figure with id ${q(id)}`, knownIds('figures', id, Object.keys(findings.figures)));
    return figure;
  };
  const cite = (source: string) => markerText({ kind: 'cite', source });
  /** A figure's citation: it supports the claim the figure is part of, so it moves to that claim's end. */
  const citeFigure = (source: string) => markerText({ kind: 'cite', source, floats: true });
  const safe = (markdown: string) => new hb.SafeString(markdown);
  const block = (marker: Marker) => safe(blockMarkerText(marker));
  const region = (name: Region) => function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    // {{#callout "Key message"}}: the call-out's heading, as written.
    const title = args.length ? raw(args[0]).trim() : '';
    return safe(blockMarkerText({ kind: 'open', region: name, ...(title ? { title } : {}) }) + options.fn(this) + blockMarkerText({ kind: 'close', region: name }));
  };
  const collectionBlock = (kind: string) => (idArg: unknown, options: HelperOptions) => {
    const id = raw(idArg);
    const collection = own(findings.collections, id);
    if (collection && kind === 'table' && !collection.columns?.length) {
      problemAt(options, `{{table ${q(id)}}}: collection ${q(id)} has no columns`, `add columns: [{ key: title, label: … }, …] to collection ${id}, or show it with {{timeline}} or {{flow}}`);
      return '';
    }
    if (!collection) {
      problemAt(options, `{{${kind} ${q(id)}}}: no collection with id ${q(id)}`, knownIds('collections', id, Object.keys(findings.collections)));
      return '';
    }
    // A collection the variant leaves out has no items: its block draws nothing.
    if (!collection.items.length) return '';
    return block({ kind: 'block', block: kind, id });
  };

  hb.registerHelper({
    /** A figure with its context: "CNY 113 billion (2027, projected)", cited. */
    fig(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'fig');
      return f ? safe(escapeMarkdown(format.figure(f)) + citeFigure(f.source)) : '';
    },
    /** The value alone, as on a number tile: "over 950", cited. */
    value(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'value');
      return f ? safe(escapeMarkdown(format.value(f)) + citeFigure(f.source)) : '';
    },
    /** A change with its direction, cited: "rises 148% (2022–2027)", "falls about 13% a year (2015–2024, implied)". */
    change(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'change');
      if (!f) return '';
      if (f.magnitude || (f.value === undefined && !f.range)) {
        problemAt(options, `{{change ${q(f.id)}}}: figure ${q(f.id)} is not a number that can rise or fall`, 'use {{fig}} for orders of magnitude');
        return '';
      }
      return safe(escapeMarkdown(format.change(f)) + citeFigure(f.source));
    },
    /** When a figure is for, as its data says: "2027" (projected for), "Jan–Jul 2024" (period), "November 2024" (as of). */
    when(id: unknown, options: HelperOptions) {
      const f = figureOf(id, options, 'when');
      if (!f) return '';
      const when = format.moment(f);
      if (!when) problemAt(options, `{{when ${q(f.id)}}}: figure ${q(f.id)} has no projectedFor, period or asOf`, `add one of them to figure ${f.id}, or leave {{when}} out of the sentence`);
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
    date(value: unknown, options: HelperOptions) {
      const text = raw(value);
      try {
        return escapeMarkdown(format.date(text));
      } catch {
        problemAt(options, `{{date}}: ${q(text)} is not a date`, 'write dates as YYYY-MM-DD, YYYY-MM or YYYY, e.g. {{date edition.date}}');
        return '';
      }
    },
    cite(source: unknown, options: HelperOptions) {
      const id = raw(source);
      if (!own(findings.sources, id)) problemAt(options, `{{cite ${q(id)}}}: no source with id ${q(id)}`, knownIds('sources', id, Object.keys(findings.sources)));
      return safe(cite(id));
    },
    /** Cites every source of a collection: put it after the facts taken from it. */
    sourcesOf(idArg: unknown, options: HelperOptions) {
      const id = raw(idArg);
      const collection = own(findings.collections, id);
      if (!collection) {
        problemAt(options, `{{sourcesOf ${q(id)}}}: no collection with id ${q(id)}`, knownIds('collections', id, Object.keys(findings.collections)));
        return '';
      }
      return collection.items.length ? safe(collection.sources.map(cite).join('')) : '';
    },
    chart(idArg: unknown, options: HelperOptions) {
      const id = raw(idArg);
      if (!own(findings.charts, id)) {
        problemAt(options, `{{chart ${q(id)}}}: no chart with id ${q(id)}`, knownIds('charts', id, Object.keys(findings.charts)));
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
    callout: region('callout'),
  });

  // Every helper with a signature checks its arguments' values as it runs (their number is checked before).
  for (const [name, signature] of Object.entries(SIGNATURES)) {
    const helper = hb.helpers[name];
    if (!helper || signature.block || signature.max === 0) continue;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as HelperOptions;
      for (const arg of args.slice(0, -1).flat()) {
        if (typeof arg !== 'string' && !(arg instanceof DataText)) {
          problemAt(options, SAY.notText(name, signature.what, arg), SAY.notTextHint);
          return '';
        }
      }
      return (helper as (...a: unknown[]) => unknown).apply(this, args);
    });
  }
  // Given at run time, not registered: it is the story map's, not a helper of the templates.
  const runtimeHelpers = {
    [AT_HELPER]: (n: number) => {
      const top = stack[stack.length - 1];
      current = { file: top.file, line: top.spots[n].line, column: top.spots[n].column };
      return new hb.SafeString(mark(n));
    },
  };

  const { story, partials, untranslated } = readTemplates(templatesDir, findings.edition);
  // Every template is parsed and checked before any is rendered: all syntax and call problems at once.
  const files = [story, ...partials.map((p) => p.file)];
  const compiled = files.map((file) => compiledTemplate(file.text, opts.marks !== false));
  compiled.forEach((c, i) => { if (c.problem) problems.push({ ...c.problem, file: files[i].path }); });
  const partialNames = new Set([...partials.map((p) => p.name), ...untranslated, ...compiled.flatMap((c) => (c.ast ? inlinePartials(c.ast) : []))]);
  compiled.forEach((c, i) => {
    if (!c.ast) return;
    problems.push(...checkTemplate(c.ast, files[i].path, SIGNATURES, partialNames));
    // A partial the edition's language lacks: a problem where a template uses it, never the other language's prose.
    problems.push(...untranslatedPartials(c.ast, files[i].path, untranslated, findings.edition.language));
  });
  if (problems.length) throw new ValidationError(problems);

  const compile = (file: InputFile, name: string, { spec, spots }: CompiledTemplate) => {
    const template = hb.template(spec!);
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      const from = current;
      if (stack.length > MAX_PARTIAL_DEPTH) {
        // The loop once, then where the story entered it.
        const all = includedFrom();
        const seen = new Set<string>();
        const loop = all.filter((l) => !seen.has(formatLocation(l)) && seen.add(formatLocation(l)));
        const chain = loop.at(-1) === all.at(-1) ? loop : [...loop, all.at(-1)!];
        throw new ValidationError([{ message: SAY.recursion(name), ...from, includedFrom: chain, hint: SAY.recursionHint }]);
      }
      stack.push({ file: file.path, name, from, spots: spots! });
      try {
        return map.enter(file.path, spots!, includedFrom()) + template(context, options) + map.leave();
      } catch (cause) {
        if (cause instanceof InputError) throw cause;
        throw runtimeError(cause, current?.file === file.path ? current : { file: file.path }, includedFrom());
      } finally {
        stack.pop();
      }
    };
  };
  partials.forEach((partial, i) => {
    hb.registerPartial(partial.name, compile(partial.file, partial.name, compiled[i + 1]) as unknown as Handlebars.Template);
  });
  const context = wrap({
    edition: findings.edition, collections: findings.collections, sources: findings.sources, charts: findings.charts,
    variant: { id: variant?.id ?? '' }, params: findings.edition.params ?? {},
  });
  const rendered = compile(story, STORY_TEMPLATE, compiled[0])(context, { helpers: runtimeHelpers });
  if (problems.length) throw new ValidationError(problems);
  const { markdown, locate } = map.decode(rendered);
  return { markdown, file: story.path, locate };
}

/** A template, parsed (for the checks) and compiled with the story map's marks; or what stops it, without its file. */
interface CompiledTemplate {
  ast?: hbs.AST.Program;
  problem?: Omit<Problem, 'file'>;
  spec?: TemplateSpecification;
  spots?: Spot[];
}
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * Each template's parsed and compiled forms, by its text: a long-running watch or preview parses and
 * compiles only the templates that changed (that was about half of compose). None holds helpers, data
 * or a file name: each build's Handlebars instance runs them with its own.
 */
const COMPILED = new Map<string, CompiledTemplate>();

function compiledTemplate(text: string, marks: boolean): CompiledTemplate {
  const key = `${marks ? 'm' : '-'}${text}`;
  let compiled = COMPILED.get(key);
  if (!compiled) {
    compiled = compileTemplate(text, marks);
    if (COMPILED.size > 200) COMPILED.clear();
    COMPILED.set(key, compiled);
  }
  return compiled;
}

function compileTemplate(text: string, marks: boolean): CompiledTemplate {
  const found = unsafeCharacter(text);
  if (found) {
    const before = text.slice(0, found.index).split('\n');
    return { problem: { message: unsafeCharacterMessage(found), line: before.length, column: [...before[before.length - 1]].length + 1, hint: UNSAFE_TEXT_HINT } };
  }
  let ast: hbs.AST.Program;
  let marked: hbs.AST.Program;
  try {
    // Two trees: one left as written for the checks, one to carry the marks.
    ast = Handlebars.parse(text);
    marked = Handlebars.parse(text);
  } catch (cause) {
    const { file: _, ...problem } = syntaxProblem(cause as Error, '', text);
    return { problem };
  }
  const spots = marks ? instrument(marked, AT_HELPER) : [];
  // precompile() gives the template as JavaScript source; compile() would evaluate the same.
  const spec = new Function(`return ${Handlebars.precompile(marked, { strict: true, preventIndent: true })}`)() as TemplateSpecification;
  return { ast, spec, spots };
}

/**
 * story.hbs and partials/*.hbs (story.zh.hbs and partials/*.zh.hbs for an edition in Chinese when the
 * data is not), read as UTF-8 text; every file that cannot be read is reported at once.
 */
function readTemplates(templatesDir: string, edition: Edition): { story: InputFile; partials: { name: string; file: InputFile }[]; untranslated: string[] } {
  const main = path.join(templatesDir, storyFileOf(STORY_TEMPLATE, templateLanguage(edition)));
  if (isAbsent(main)) {
    if (templateLanguage(edition) && !isAbsent(path.join(templatesDir, STORY_TEMPLATE))) throw missingStory(main, edition);
    throw new InputError(`no ${STORY_TEMPLATE} in ${displayPath(templatesDir)}`, { file: displayPath(main), hint: 'pass --templates with the folder that holds story.hbs, theme.json and partials/' });
  }
  const partialsDir = path.join(templatesDir, 'partials');
  let listed: ReturnType<typeof listFiles> = { files: [], problems: [] };
  try {
    if (existsSync(partialsDir)) listed = listFiles(partialsDir, ['.hbs']);
  } catch (cause) {
    listed.problems.push(fileProblem(cause, partialsDir));
  }
  const { chosen, untranslated } = partialsFor(listed.files, edition);
  const names = [...chosen.keys()];
  // Line breaks as Markdown reads them (CR LF and CR are LF), so that offsets and lines agree.
  const [story, ...partials] = readInputFiles([main, ...chosen.values()], listed.problems).map((f) => ({ ...f, text: f.text.replace(/\r\n?/g, '\n') }));
  return { story, partials: partials.map((file, i) => ({ name: names[i], file })), untranslated: [...untranslated.keys()] };
}

/** A Handlebars error while rendering, as a problem at its place (strict mode names a value that is not there). */
function runtimeError(cause: unknown, at: Location, chain: Location[]): InputError {
  const error = cause as Error & { lineNumber?: number; column?: number };
  const message = error instanceof Error ? error.message : String(cause);
  // Handlebars names the place of some errors; for the rest, the {{…}} being rendered is the place.
  const where = { ...at, ...(error.lineNumber ? { line: error.lineNumber, column: (error.column ?? 0) + 1 } : {}), ...(chain.length ? { includedFrom: chain } : {}) };
  const strictMiss = /^"([^"]+)" not defined in /.exec(message);
  if (strictMiss) {
    return new ValidationError([{
      message: `"${strictMiss[1]}" is not defined here`, ...where,
      hint: 'check the spelling; templates see edition, variant, params (declared under edition.params), collections, sources and charts, and figures only through {{fig "id"}}; a field some items lack needs {{#if field}}…{{/if}}',
    }]);
  }
  const reading = error instanceof TypeError ? /\(reading '([^']*)'\)/.exec(message) : null;
  if (reading) {
    return new ValidationError([{
      message: `this {{…}} reads "${reading[1]}" of something that is not there`, ...where,
      hint: 'check the spelling of each part of the path (e.g. collections.<id>.items) against the data',
    }]);
  }
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return new ValidationError([{ message: 'the templates include each other without end', ...where, hint: 'remove the {{> …}} that leads back to a partial already being rendered' }]);
  }
  // Anything else Handlebars refuses at run time is still the template's: say it where it stands.
  return new ValidationError([{ message: `template error: ${message.split('\n')[0].replace(/ - \d+:\d+$/, '')}`, ...where, hint: 'check the {{…}} on this line' }]);
}

/** "known figures: a, b, …", or "did you mean …?" when one is close. */
function knownIds(kind: string, id: string, known: string[]): string {
  const near = nearestName(id, known);
  if (near) return `did you mean "${near}"?`;
  return `known ${kind}: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`;
}

/** A user's id or text in a message: quoted, on one line whatever it holds, and not too long. */
function q(text: string): string {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  return shown;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a record (name one of its fields, or an id in quotes)';
  return `${typeof value} ${String(value)}`;
}
