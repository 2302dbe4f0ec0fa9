// The one theme shared by charts, deck and report: colours, fonts, sizes (templates/theme.json).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { displayPath } from '../paths.ts';

export interface Theme {
  name: string;
  colors: {
    primary: string; accent: string; text: string; muted: string; background: string;
    panel: string; rule: string; projection: string; series: string[];
  };
  fonts: { latin: string; cjk: string };
  deck: { titleSize: number; minTitleSize: number; bodySize: number; minBodySize: number; noteSize: number; maxBullets: number; logoText: string };
  report: { pageSize: 'A4' | 'LETTER'; bodySize: number; h1Size: number; h2Size: number; captionSize: number; margin: number };
  chart: { width: number; height: number; fontSize: number; titleSize: number };
}

const HEX = /^[0-9A-F]{6}$/;

/** Reads templates/theme.json. Colours must be 6-digit hex (named colours make PowerPoint repair the file). */
export function loadTheme(templatesDir: string): Theme {
  const file = path.join(templatesDir, 'theme.json');
  if (!existsSync(templatesDir)) {
    throw new InputError('the templates folder does not exist', { file: displayPath(templatesDir), hint: 'pass --templates with the folder that holds story.hbs, partials/ and theme.json' });
  }
  let theme: Theme;
  try {
    theme = JSON.parse(readFileSync(file, 'utf8')) as Theme;
  } catch (cause) {
    throw new InputError(`cannot read the theme: ${(cause as Error).message}`, { file, hint: 'templates/theme.json must be valid JSON' }, { cause });
  }
  const colors = Object.entries(theme.colors ?? {}).flatMap(([k, v]) =>
    Array.isArray(v) ? v.map((c, i) => [`colors.${k}[${i}]`, c] as const) : [[`colors.${k}`, v] as const]);
  for (const [field, value] of colors) {
    if (typeof value !== 'string' || !HEX.test(value)) {
      throw new InputError(`colour ${JSON.stringify(value)} is not a 6-digit hex colour`, { file, field, hint: 'write colours as RRGGBB in capitals, e.g. "1F3A5F" (no #, no names)' });
    }
  }
  return theme;
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
