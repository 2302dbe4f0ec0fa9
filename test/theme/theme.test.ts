// The theme is read against its schema: every key has a default (the built-in theme, whole when
// there is no theme.json), every problem names its line, column and key, and an unknown key names the
// nearest known one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError, type Problem } from '../../src/errors.ts';
import { checkThemeFonts, DEFAULT_THEME, loadTheme } from '../../src/theme/index.ts';
import { ROOT, tempDir } from '../helpers/run.ts';

const SHIPPED = readFileSync(path.join(ROOT, 'templates/theme.json'), 'utf8');

function themeIn(text?: string): string {
  const dir = tempDir('bs-theme-');
  if (text !== undefined) writeFileSync(path.join(dir, 'theme.json'), text);
  return dir;
}

function problemsOf(text: string): Problem[] {
  try {
    loadTheme(themeIn(text));
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('the theme', () => {
  it('built in, is the shipped theme.json: a project without one looks the same', () => {
    expect(JSON.parse(SHIPPED)).toEqual(DEFAULT_THEME);
    expect(loadTheme(themeIn())).toEqual(DEFAULT_THEME);
    expect(loadTheme(path.join(ROOT, 'templates'))).toEqual(DEFAULT_THEME);
  });

  it('takes what a theme.json changes and the defaults for the rest; a byte-order mark, # and lower-case colours are fine', () => {
    const theme = loadTheme(themeIn('\uFEFF{ "deck": { "titleSize": 36 }, "colors": { "accent": "#c0ffee" }, "report": { "pageSize": "letter" } }'));
    expect(theme.deck).toEqual({ ...DEFAULT_THEME.deck, titleSize: 36 });
    expect(theme.colors.accent).toBe('C0FFEE');
    expect(theme.report.pageSize).toBe('LETTER');
    expect(theme.chart).toEqual(DEFAULT_THEME.chart);
  });

  it('refuses sizes that cannot be drawn, with line, column, key and the default', () => {
    const problems = problemsOf(SHIPPED.replace('"bodySize": 18', '"bodySize": "18"').replace('"noteSize": 11', '"noteSize": -11').replace('"maxBullets": 7', '"maxBullets": 0').replace('"height": 900', '"height": 0'));
    expect(problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`)).toEqual([
      '21:17 deck.bodySize: must be a number from 8 to 48 (points), not "18"',
      '23:17 deck.noteSize: must be a number from 6 to 36 (points)',
      '24:19 deck.maxBullets: must be a number from 1 to 20 (bullets a slide)',
      '38:15 chart.height: must be a number from 225 to 4000 (pixels)',
    ]);
    expect(problems[0].hint).toBe('the built-in theme has "bodySize": 18; leave the key out to use it');
    const [min] = problemsOf('{ "deck": { "titleSize": 24, "minTitleSize": 28 } }');
    expect(min).toMatchObject({ field: 'deck.minTitleSize', message: 'must not be larger than deck.titleSize (24)' });
  });

  it('refuses a slide size it cannot lay out, naming the three it can, with the default', () => {
    const [problem, ...rest] = problemsOf(SHIPPED.replace('"slideSize": "16:9"', '"slideSize": "3:2"'));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 26, field: 'deck.slideSize', message: 'must be "16:9", "16:10" or "4:3"' });
    expect(problem.hint).toContain('"slideSize": "16:9"');
  });

  it('flags unknown keys with the nearest known one, and names colours that are not hex', () => {
    const problems = problemsOf(SHIPPED.replace('"titleSize": 26', '"titelSize": 26').replace('"accent": "E07A1F"', '"accent": "orange"').replace('"chart": {', '"charts": {'));
    expect(problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message} (${p.hint})`)).toEqual([
      '5:15 colors.accent: must be a colour as six hex digits, e.g. "1F3A5F" (the built-in theme has "accent": "E07A1F"; leave the key out to use it)',
      '19:5 deck.titelSize: unknown theme key "titelSize" (did you mean "titleSize"?)',
      '36:3 charts: unknown theme key "charts" (did you mean "chart"?)',
    ]);
  });

  it('names the line and column of a JSON syntax error', () => {
    const [p] = problemsOf(SHIPPED.replace('"bodySize": 18,', '"bodySize": 18'));
    expect(p).toMatchObject({ line: 22, column: 5, message: expect.stringMatching(/^not valid JSON: Expected ',' or '}'/) });
    expect(problemsOf('{ "deck": ')[0]).toMatchObject({ line: 1, column: 11, message: 'not valid JSON: Unexpected end of JSON input' });
  });

  it('names the line of a font that is not installed', () => {
    const dir = themeIn('{\n  "fonts": {\n    "latin": "Nowhere Sans"\n  }\n}\n');
    const error = (() => { try { checkThemeFonts(loadTheme(dir)); } catch (e) { return e as ValidationError; } })();
    expect(error?.problems).toEqual([expect.objectContaining({ line: 3, column: 14, field: 'fonts.latin', message: expect.stringMatching(/font "Nowhere Sans" is not installed/) })]);
  });
});
