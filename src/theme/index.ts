// The one theme shared by charts, deck and report: colours, fonts, sizes (templates/theme.json).
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import type { z } from 'zod';
import { InputError, ValidationError, type Problem } from '../errors.ts';
import { parseDataText } from '../load/index.ts';
import { folderProblem, isAbsent, readInputFile } from '../load/files.ts';
import { nearestName } from '../nearest.ts';
import { displayPath } from '../paths.ts';
import { isImageProblem, readImage } from '../images.ts';
import type { ImageFile, SourceFile } from '../types.ts';
import { DEFAULT_THEME, themeSchema, type Theme } from './schema.ts';

export { DEFAULT_THEME, type Theme } from './schema.ts';

export const THEME_FILE = 'theme.json';

const SAY = {
  noTemplatesHint: 'pass --templates with the folder that holds story.hbs, partials/ and theme.json',
  notJson: (detail: string) => `not valid JSON: ${detail}`,
  notJsonHint: 'check the commas, quotes and braces here: keys and text in "double quotes", no comma after the last item',
  unknownKey: (key: string) => `unknown theme key "${key}"`,
  didYouMean: (near: string) => `did you mean "${near}"?`,
  knownKeys: (keys: string[]) => `the keys here are ${keys.join(', ')}`,
  defaultIs: (field: string, value: unknown) => `the built-in theme has "${field.split('.').pop()}": ${JSON.stringify(value)}; leave the key out to use it`,
  shapeHint: 'theme.json is an object of sections, e.g. { "deck": { "titleSize": 30 } }; leave out what you do not change',
  logoHint: (hint: string) => `${hint}; "logo" names a PNG or SVG file by its path in the templates folder, or leave the key out for no logo`,
  fontHint: 'install the font (npm run setup installs Noto Sans and Noto Sans CJK), or name an installed family in theme.json',
} as const;

/** Where each theme's keys stand in its theme.json, for problems found after loading (fonts). */
const origins = new WeakMap<Theme, SourceFile>();

/**
 * Reads templates/theme.json against the theme's schema: every key has a default, so the file may
 * hold only what it changes, and none at all gives the built-in theme. Every problem names its line,
 * column and key; unknown keys name the nearest known one.
 */
export function loadTheme(templatesDir: string): Theme {
  const file = path.join(templatesDir, THEME_FILE);
  const folder = folderProblem(templatesDir);
  if (folder) throw new InputError(`the templates folder ${folder.message}`, { file: folder.file, hint: folder.hint ?? SAY.noTemplatesHint });
  if (isAbsent(file)) return structuredClone(DEFAULT_THEME);
  const { text, path: shown, hash } = readInputFile(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError([{ message: SAY.notJson(jsonErrorText(cause)), file: shown, ...jsonErrorPosition(cause, text), hint: SAY.notJsonHint }]);
  }
  const source = parseDataText(text, shown, hash);
  const result = themeSchema.safeParse(value);
  if (!result.success) throw new ValidationError(result.error.issues.flatMap((issue) => themeProblems(issue, source, value)));
  origins.set(result.data, source);
  return result.data;
}

function themeProblems(issue: z.core.$ZodIssue, source: SourceFile, value: unknown): Problem[] {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(shapeAt(path));
    return issue.keys.map((key) => {
      const near = nearestName(key, known);
      return { message: SAY.unknownKey(key), ...source.positionOf([...path, key], 'key'), field: fieldOf([...path, key]), hint: near ? SAY.didYouMean(near) : SAY.knownKeys(known) };
    });
  }
  const input = valueAt(value, path);
  const message = issue.code === 'invalid_type' && input !== undefined ? `${issue.message}, not ${shown(input)}` : issue.message;
  const usual = valueAt(DEFAULT_THEME, path);
  return [{ message, ...source.positionOf(path), field: fieldOf(path) || THEME_FILE, hint: usual !== undefined && (typeof usual !== 'object' || Array.isArray(usual)) ? SAY.defaultIs(fieldOf(path), usual) : SAY.shapeHint }];
}

/** The keys the schema knows at a path of the theme ([] for the top, ["deck"] for a section). */
function shapeAt(path: (string | number)[]): Record<string, unknown> {
  let schema: z.ZodType = themeSchema;
  for (const key of path) {
    const inner = unwrap(schema);
    schema = (inner as z.ZodObject).shape?.[key as string] ?? inner;
  }
  return (unwrap(schema) as z.ZodObject).shape ?? {};
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { def: { innerType?: z.ZodType; in?: z.ZodType } };
  while (s.def.innerType || s.def.in) s = (s.def.innerType ?? s.def.in) as typeof s;
  return s;
}

function valueAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string | number, unknown>)[k] : undefined), value);
}

/** A value as the user wrote it (JSON reads 1e400 as Infinity). */
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to use';
  return JSON.stringify(value);
}

function fieldOf(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

/** The text of a JSON.parse error without the position (which the problem gives as line and column). */
function jsonErrorText(cause: unknown): string {
  return String((cause as Error).message).replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected token '(.)', .*$/, "unexpected '$1'");
}

/** Line and column of a JSON.parse error: V8 names the character offset ("at position 497"), or the end. */
function jsonErrorPosition(cause: unknown, text: string): { line: number; column: number } {
  const at = /at position (\d+)/.exec(String((cause as Error).message));
  const offset = at ? Number(at[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: [...before[before.length - 1]].length + 1 };
}

/**
 * Checks that the theme's fonts are installed, naming their line in theme.json when one is not: the
 * emitters and the charts would otherwise stop on it later, without saying where it was chosen.
 */
export function checkThemeFonts(theme: Theme): void {
  const problems: Problem[] = [];
  for (const key of ['latin', 'cjk'] as const) {
    try {
      fontFile(theme.fonts[key]);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const source = origins.get(theme);
      problems.push({ message: error.message, ...(source ? source.positionOf(['fonts', key]) : {}), field: `fonts.${key}`, hint: SAY.fontHint });
    }
  }
  if (problems.length) throw new ValidationError(problems);
}

/**
 * The theme's logo, read from the templates folder and checked as the story's pictures are; a logo
 * that cannot be drawn stops the build at its line in theme.json. Undefined when the theme has none.
 */
export function loadLogo(theme: Theme, templatesDir: string): ImageFile | undefined {
  if (!theme.logo) return undefined;
  const image = readImage(templatesDir, theme.logo);
  if (!isImageProblem(image)) return image;
  const source = origins.get(theme);
  throw new ValidationError([{ message: image.message, ...(source ? source.positionOf(['logo']) : {}), field: 'logo', hint: SAY.logoHint(image.hint) }]);
}

export type FontWeight = 'regular' | 'bold' | 'italic';

export interface FontFile {
  /** Path of the font file (.ttf/.otf/.ttc). */
  file: string;
  /** PostScript name of the face inside a collection (.ttc), as pdfkit and fontkit want it. */
  postscriptName: string;
}

/** Every lookup so far: the font's file, or why there is none. */
const lookups = new Map<string, FontFile | InputError>();

const FC_MATCH_FORMAT = '%{file}\n%{postscriptname}\n%{family}';
const FC_MATCH_ARGS = (family: string, weight: FontWeight) => ['-f', FC_MATCH_FORMAT, `${family}:${weight}`];

/** Finds the installed file of a font family through fontconfig (the set-up installs the fonts). */
export function fontFile(family: string, weight: FontWeight = 'regular'): FontFile {
  const key = `${family}:${weight}`;
  let found = lookups.get(key);
  if (!found) {
    let out: string | Error;
    try {
      out = execFileSync('fc-match', FC_MATCH_ARGS(family, weight), { encoding: 'utf8' });
    } catch (cause) {
      out = cause as Error;
    }
    found = fontFound(family, out);
    lookups.set(key, found);
  }
  if (found instanceof InputError) throw found;
  return found;
}

/**
 * Looks up these fonts all at once, so that later fontFile() calls are answered from memory: one
 * fc-match after another cost the build ~10 ms each on its main thread, and even started side by side
 * each child process cost it ~4 ms to start. So one shell runs every lookup, off this thread.
 */
export async function prefetchFonts(fonts: [string, FontWeight][]): Promise<void> {
  const wanted = fonts.filter(([family, weight]) => !lookups.has(`${family}:${weight}`));
  if (wanted.length === 0) return;
  // Each answer ends with a record separator (\036); a failed lookup answers \001 instead.
  const script = wanted
    .map(([family, weight]) => `fc-match -f ${shellQuoted(FC_MATCH_FORMAT)} ${shellQuoted(`${family}:${weight}`)} || printf '\\001'; printf '\\036'`)
    .join('; ');
  const answers = await new Promise<(string | Error)[]>((resolve) => {
    execFile('/bin/sh', ['-c', script], { encoding: 'utf8' }, (error, stdout) => {
      const complete = stdout.split('\x1e').slice(0, -1);
      const failed = error ?? new Error('fc-match failed');
      resolve(wanted.map((_, i) => (complete[i] === undefined || complete[i].endsWith('\x01') ? failed : complete[i])));
    });
  });
  wanted.forEach(([family, weight], i) => lookups.set(`${family}:${weight}`, fontFound(family, answers[i])));
}

/** A word for /bin/sh, whatever it holds (a family name comes from the user's theme.json). */
function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The fonts a theme's outputs use: Latin and CJK faces, and the symbols font for emoji. */
export function themeFonts(theme: Theme): [string, FontWeight][] {
  return [
    [theme.fonts.latin, 'regular'], [theme.fonts.latin, 'bold'], [theme.fonts.latin, 'italic'],
    [theme.fonts.cjk, 'regular'], [theme.fonts.cjk, 'bold'], [SYMBOLS_FAMILY, 'regular'],
  ];
}

/** Emoji and pictographs are drawn with this family when it is installed. */
export const SYMBOLS_FAMILY = 'Symbola';

/** fc-match's answer (or failure) for a family, as a font file or an error that says what to do. */
function fontFound(family: string, out: string | Error): FontFile | InputError {
  if (out instanceof Error) {
    return new InputError(`cannot look up font "${family}": fc-match failed`, { hint: 'run `npm run setup` to install fontconfig and the fonts' }, { cause: out });
  }
  const [file, postscriptName, families = ''] = out.split('\n');
  if (!file || !families.split(',').some((f) => f.trim().toLowerCase() === family.toLowerCase())) {
    return new InputError(`font "${family}" is not installed (fontconfig offered ${families || 'nothing'})`, { field: 'fonts', hint: 'run `npm run setup`, or name an installed family in templates/theme.json' });
  }
  return { file, postscriptName };
}
