// The YAML traps an author falls into get a hint that shows the line written the way that works.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors.ts';
import { buildSummary, duration } from '../../src/summary.ts';
import { problemsOf } from '../helpers/data.ts';

const shown = (files: Record<string, string>) => problemsOf(files).map(formatProblem).join('\n');
const FIGURE = (extra: string) => `figures:\n  sold:\n    label: units sold\n    value: 300\n    unit: units\n    source: s1\n${extra}`;

describe('YAML traps', () => {
  it('a year, a code or true where text belongs: quote it', () => {
    const text = shown({ 'figures.yaml': FIGURE('    period: 2018\n    region: 0123\n    zh: true\n') });
    expect(text).toMatch(/figures\.yaml:7:13 figures\.sold\.period: must be a string, not 2018\n  hint: unquoted, 2018 is read as a number: write period: "2018" in quotes/);
    expect(text).toMatch(/figures\.sold\.region: must be a string, not 123\n  hint: .*leading zero/);
    expect(text).toMatch(/figures\.sold\.zh: must be a string, not true\n  hint: unquoted, true is read as true or false: write zh: "true" in quotes/);
  });

  it('years as chart labels, and an empty value', () => {
    const text = shown({
      'figures.yaml': FIGURE('    note:\n'),
      'charts.yaml': 'charts:\n  c:\n    type: bar\n    title: Sold\n    unit: units\n    labels: [2023]\n    series:\n      - { name: Sold, figures: [sold] }\n',
    });
    expect(text).toMatch(/charts\.yaml:6:14 charts\.c\.labels\[0\]: must be a string, not 2023\n  hint: unquoted, 2023 is read as a number: write "2023" in quotes/);
    expect(text).toMatch(/figures\.sold\.note: must be a string, not null\n  hint: note has an empty value/);
  });

  it('a comma inside { … }: the words after it became a key; quote the text', () => {
    const text = shown({
      'collections.yaml': [
        'collections:', '  steps:', '    title: Steps', '    sources: [s1]',
        '    columns: [{ key: title, label: Step }, { key: effect, label: Effect }]',
        '    items:',
        '      - { title: Subsidy, text: A grant, paid monthly }',
        '      - { title: Lanes, fields: { effect: Safer, and more riders } }',
      ].join('\n'),
    });
    expect(text).toMatch(/collections\.yaml:7:\d+ collections\.steps\.items\[0\]: unknown field "paid monthly"\n  hint: inside \{ … \} a comma ends the text, .*: text: "A grant, paid monthly"/);
    expect(text).toMatch(/collections\.yaml:8:\d+ collections\.steps\.items\[1\]\.fields\.and more riders: must be a string, not null\n  hint: inside \{ … \} a comma .*: effect: "Safer, and more riders"/);
  });

  it('syntax: a colon or an @ in unquoted text, a tab, an apostrophe in single quotes', () => {
    const hints = (text: string) => problemsOf({ 'figures.yaml': `figures:\n  sold:\n${text}` }).map((p) => p.hint);
    expect(hints('    label: Sales: units sold\n')).toEqual(['text with ": " in it needs quotes: label: "Sales: units sold"']);
    expect(hints('    label: @home\n')).toEqual(['text that starts with @ needs quotes: label: "@home"']);
    expect(hints("    label: 'it's sold'\n")[0]).toMatch(/^inside '…' an apostrophe is written twice \(''\), or use double quotes: label: "it's sold"/);
    expect(hints('\tlabel: x\n')[0]).toMatch(/indent with spaces/);
  });
});

describe('the summary line of a build', () => {
  it('names each output with its slides or pages, and the time', () => {
    const result = { files: ['/p/out/briefing.pptx', '/p/out/report.pdf'], pages: [28, 17], upToDate: false };
    expect(buildSummary(result, 1234, '/p')).toBe('built out/briefing.pptx, 28 slides, and out/report.pdf, 17 pages, in 1.2 s');
    expect(buildSummary({ files: ['/p/out/report.pdf'], pages: [1], upToDate: false }, 850, '/p')).toBe('built out/report.pdf, 1 page, in 850 ms');
    expect(buildSummary({ ...result, upToDate: true }, 95, '/p')).toBe('up to date: out/briefing.pptx, 28 slides, and out/report.pdf, 17 pages (nothing changed since the last build; 95 ms)');
    expect(duration(59_950)).toBe('60.0 s');
  });
});
