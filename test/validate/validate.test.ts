import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, ValidationError, type Problem } from '../../src/errors.ts';
import { formatFigure } from '../../src/format/index.ts';
import { loadDataDir, parseDataText } from '../../src/load/index.ts';
import { validate } from '../../src/validate/index.ts';
import { own } from '../../src/ids.ts';
import { ROOT } from '../helpers/run.ts';

const EDITION = `edition:
  title: Test edition
  date: "2026-11-22"
  language: en
`;
const SOURCES = `sources:
  s1:
    title: Source one
    language: en
`;

/** Validates YAML texts given as file name → text, with the edition and one source added. */
function check(files: Record<string, string>) {
  const all = { 'edition.yaml': EDITION, 'sources.yaml': SOURCES, ...files };
  return validate(Object.entries(all).map(([name, text]) => parseDataText(text, `data/${name}`)));
}

function problemsOf(files: Record<string, string>): Problem[] {
  try {
    check(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('validate: the rejections the schema promises', () => {
  it('a figure without a unit, naming file, line, column and field', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  filed:\n    label: models filed\n    value: 309\n    source: s1\n' });
    expect(p).toMatchObject({ file: 'data/figures.yaml', line: 3, column: 5, field: 'figures.filed.unit', message: 'is missing' });
    expect(p.hint).toMatch(/unit/);
  });

  it('a figure without a source', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  filed:\n    label: models filed\n    value: 309\n    unit: models\n' });
    expect(p).toMatchObject({ field: 'figures.filed.source', message: 'is missing' });
  });

  it('an unknown source id, pointing at the value', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  filed:\n    label: models filed\n    value: 309\n    unit: models\n    source: s9\n' });
    expect(p).toMatchObject({ line: 6, column: 13, field: 'figures.filed.source', message: 'names no source "s9"' });
    expect(p.hint).toContain('s1');
  });

  it('a range whose low is above its high', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  api:\n    label: API share\n    range: [45, 40]\n    unit: "%"\n    source: s1\n' });
    expect(p).toMatchObject({ line: 4, field: 'figures.api.range', message: 'range low 45 is above its high 40' });
  });

  it('shares of one whole that sum over 100%', () => {
    const shares = (a: number, b: number) => `figures:
  general: { label: general, value: ${a}, unit: "%", whole: filed, source: s1 }
  vertical: { label: vertical, value: ${b}, unit: "%", whole: filed, source: s1 }
`;
    const [p] = problemsOf({ 'figures.yaml': shares(30, 72) });
    expect(p).toMatchObject({ line: 3, field: 'figures.vertical.whole' });
    expect(p.message).toBe('shares of "filed" sum to 102% (general + vertical), over 100%');
    expect(() => check({ 'figures.yaml': shares(28, 72) })).not.toThrow();
  });

  it('a chart series that names no figure', () => {
    const [p] = problemsOf({ 'charts.yaml': 'charts:\n  size:\n    type: bar\n    title: Size\n    unit: models\n    labels: [a]\n    series:\n      - name: s\n        figures: [nope]\n' });
    expect(p).toMatchObject({ line: 9, field: 'charts.size.series[0].figures[0]', message: 'names no figure "nope"' });
  });

  it('a projection dated before its as-of date', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  m:\n    label: market\n    value: 113\n    unit: CNY\n    currency: CNY\n    projection: true\n    projectedFor: "2023"\n    asOf: "2024"\n    source: s1\n' });
    expect(p).toMatchObject({ line: 8, field: 'figures.m.projectedFor' });
    expect(p.message).toMatch(/projection for 2023 is dated before its as-of date 2024/);
  });

  it('reports every problem of every file at once, in one error', () => {
    const problems = problemsOf({
      'a.yaml': 'figures:\n  x: { label: x, value: 1, source: s1 }\n  y: { label: y, value: 2, unit: m, source: s2 }\n',
      'b.yaml': 'figures:\n  x: { label: dup, value: 3, unit: m, source: s1 }\nchart:\n  c: {}\n',
    });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`)).toEqual([
      'data/b.yaml:2 figures.x: duplicate id "x" (first defined at data/a.yaml:2:6)',
      'data/b.yaml:4 chart: unknown section "chart"',
      'data/a.yaml:2 figures.x.unit: is missing',
      'data/a.yaml:3 figures.y.source: names no source "s2"',
    ]);
  });

  it('rejects typos in field names, wrong types and unknown qualifiers, with hints', () => {
    const problems = problemsOf({ 'figures.yaml': 'figures:\n  x:\n    label: x\n    value: "113 billion"\n    unti: CNY\n    unit: CNY\n    qualifier: roughly\n    source: s1\n' });
    const text = formatError(new ValidationError(problems));
    expect(text).toContain('data/figures.yaml:4:12 figures.x.value: must be a number, not "113 billion"');
    expect(text).toContain('hint: write a plain number');
    expect(text).toContain('figures.x: unknown field "unti"');
    expect(text).toContain('figures.x.qualifier: "roughly" is not one of "over", "below", "about", "at least", "up to", "nearly"');
  });

  it('requires exactly one of value and range, and real orders of magnitude', () => {
    const problems = problemsOf({ 'figures.yaml': 'figures:\n  a: { label: a, unit: m, source: s1 }\n  b: { label: b, value: 1, range: [1, 2], unit: m, source: s1 }\n  c: { label: c, magnitude: true, range: [5.0e+7, 1.0e+8], unit: USD, source: s1 }\n' });
    expect(problems.map((p) => p.message)).toEqual(['has neither value: nor range:', 'has both value: and range:', '50000000 is not an order of magnitude']);
  });

  it('ignores the recipients list that briefsmith send reads from the same folder', () => {
    expect(() => check({ 'recipients.yaml': 'recipients:\n  - name: A\n    address: a@example.com\n' })).not.toThrow();
  });
});

describe('validate: derived figures are computed, never typed', () => {
  const base = `figures:
  filed: { label: filed, value: 309, unit: models, asOf: "2024-11", source: s1 }
  vertical: { label: vertical, value: 72, unit: "%", source: s1 }
  cagr: { label: growth, value: 148, unit: "%", period: 2022–2027, source: s1 }
  m2024: { label: market 2024, value: 15.7, scale: billion, currency: CNY, unit: CNY, period: "2024", source: s1 }
  m2027: { label: market 2027, value: 113, scale: billion, currency: CNY, unit: CNY, projection: true, projectedFor: "2027", asOf: "2024", source: s1 }
`;
  const derived = `derived:
  vertical_count: { op: share_of, label: vertical models, of: filed, share: vertical, qualifier: about }
  base_2022: { op: cagr_value, label: market 2022, end: m2027, rate: cagr, year: 2022, qualifier: about }
  growth: { op: cagr, label: growth 2024–2027, start: m2024, end: m2027, qualifier: about }
`;

  it('computes share_of, cagr_value and cagr from their inputs and labels them', () => {
    const { figures } = check({ 'figures.yaml': base, 'derived.yaml': derived });
    expect(figures.vertical_count).toMatchObject({ value: 222, unit: 'models', source: 's1', derived: { kind: 'derived', inputs: ['filed', 'vertical'] } });
    expect(figures.base_2022).toMatchObject({ value: 1.2, scale: 'billion', currency: 'CNY', period: '2022', derived: { kind: 'implied' } });
    expect(figures.growth).toMatchObject({ value: 93, unit: '%', period: '2024–2027' });
    expect(formatFigure(figures.base_2022)).toBe('about CNY 1.2 billion (2022, implied)');
  });

  it('follows its inputs when they change', () => {
    const { figures } = check({ 'figures.yaml': base.replace('value: 309', 'value: 400'), 'derived.yaml': derived });
    expect(figures.vertical_count.value).toBe(288);
  });

  it('names the field of a derived figure whose input does not exist', () => {
    const [p] = problemsOf({ 'figures.yaml': base, 'derived.yaml': 'derived:\n  d: { op: share_of, label: d, of: filed, share: nothing }\n' });
    expect(p).toMatchObject({ field: 'derived.d.share', message: 'names no figure "nothing"' });
  });
});

describe('validate: values that would break or corrupt the outputs are refused where they are written', () => {
  const fig = (extra: string) => `figures:\n  f:\n    label: f\n    unit: models\n    source: s1\n${extra}`;

  it('dates that are not on the calendar, and an edition date that is not a day the files can carry', () => {
    const messages = (files: Record<string, string>) => problemsOf(files).map((p) => `${p.field}: ${p.message}`);
    expect(messages({ 'figures.yaml': fig('    value: 1\n    asOf: "2023-02-29"\n') })).toEqual(['figures.f.asOf: "2023-02-29" is not a date: February 2023 has no day 29 (it has 28 days)']);
    expect(messages({ 'figures.yaml': fig('    value: 1\n    asOf: "2024-13"\n') })).toEqual(['figures.f.asOf: "2024-13" is not a date: month 13 is not a month (01–12)']);
    expect(() => check({ 'figures.yaml': fig('    value: 1\n    asOf: "2024-02-29"\n') })).not.toThrow();
    const edition = (date: string) => validate([parseDataText(EDITION.replace('"2026-11-22"', `"${date}"`), 'data/edition.yaml'), parseDataText(SOURCES, 'data/sources.yaml')]);
    for (const [date, message] of [['2026-02-30', /February 2026 has no day 30/], ['2026-00-10', /month 00/], ['2026', /must be a day: YYYY-MM-DD/], ['1975-01-01', /1980–2107/]] as const) {
      expect(() => edition(date), date).toThrow(ValidationError);
      try { edition(date); } catch (e) { expect((e as ValidationError).problems[0]).toMatchObject({ file: 'data/edition.yaml', line: 3, field: 'edition.date', message: expect.stringMatching(message) }); }
    }
  });

  it('numbers too large or too small to show as digits, and .inf / .nan', () => {
    const [big] = problemsOf({ 'figures.yaml': fig('    value: 1.0e+300\n') });
    expect(big).toMatchObject({ line: 6, field: 'figures.f.value', message: expect.stringMatching(/too large to show/), hint: expect.stringContaining('scale') });
    const [range] = problemsOf({ 'figures.yaml': fig('    range: [1, 1.0e+16]\n') });
    expect(range).toMatchObject({ field: 'figures.f.range[1]', message: expect.stringMatching(/too large/) });
    expect(problemsOf({ 'figures.yaml': fig('    value: 1.0e-12\n') })[0].message).toMatch(/too small/);
    expect(problemsOf({ 'figures.yaml': fig('    value: .inf\n') })[0].message).toBe('must be a number, not .inf');
    expect(problemsOf({ 'figures.yaml': fig('    value: .nan\n') })[0].message).toBe('must be a number, not .nan');
    expect(() => check({ 'figures.yaml': fig('    value: 999999999999999\n') })).not.toThrow();
  });

  it('control characters, unpaired surrogates and reserved names, in values and in keys', () => {
    const problems = problemsOf({
      'figures.yaml': 'figures:\n  f:\n    label: "a\\0b"\n    value: 1\n    unit: "\\e[31m"\n    source: s1\n    note: "\\uD800"\n',
      'collections.yaml': 'collections:\n  c:\n    title: c\n    sources: [s1]\n    items:\n      - title: t\n        fields: { "a\\x07": x, __proto__: y }\n',
    });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`)).toEqual([
      'data/figures.yaml:3 figures.f.label: contains the invisible character U+0000 (NUL)',
      'data/figures.yaml:5 figures.f.unit: contains the invisible character U+001B (ESC)',
      'data/figures.yaml:7 figures.f.note: contains the invisible character U+D800 (an unpaired surrogate)',
      'data/collections.yaml:7 collections.c.items[0].fields.a\x07: the name contains the invisible character U+0007 (BEL)',
      'data/collections.yaml:7 collections.c.items[0].fields.__proto__: "__proto__" cannot be used as a name',
    ]);
    expect(() => check({ 'figures.yaml': fig('    value: 1\n    note: "tab\\there, emoji \u{1F600}, 中文, \u200b"\n') })).not.toThrow();
  });

  it('warns of a word too long to break across lines, where it stands; Chinese and links are fine', () => {
    const long = 'W'.repeat(45);
    const { warnings } = check({ 'figures.yaml': fig(`    value: 1\n    note: "${long} and 中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文"\n`) });
    expect(warnings).toEqual([expect.objectContaining({ line: 7, field: 'figures.f.note', message: expect.stringMatching(/\(45 characters\) cannot be broken across lines/) })]);
    expect(check({ 'sources2.yaml': `sources:\n  s9:\n    title: t\n    language: en\n    url: https://example.com/${long}\n` }).warnings).toBeUndefined();
  });

  it('a negative share of a whole, or one over 100%', () => {
    const [p] = problemsOf({ 'figures.yaml': 'figures:\n  a: { label: a, value: -20, unit: "%", whole: w, source: s1 }\n  b: { label: b, value: 80, unit: "%", whole: w, source: s1 }\n' });
    expect(p).toMatchObject({ line: 2, field: 'figures.a.value', message: 'a share of "w" must be between 0% and 100%, not -20%' });
  });
});

describe('validate: ids are the user\'s own, and one wrong record is reported once', () => {
  it('ids named like JavaScript\'s inherited properties are ordinary ids', () => {
    const problems = problemsOf({
      'edition2.yaml': 'charts:\n  toString: { type: bar, title: t, unit: m, labels: [a], series: [{ name: s, figures: [constructor] }] }\n',
      'figures.yaml': 'figures:\n  f: { label: f, value: 1, unit: m, source: hasOwnProperty }\n',
    });
    expect(problems.map((p) => p.message)).toEqual(['names no source "hasOwnProperty"', 'names no figure "constructor"']);
    const { figures, charts } = check({ 'figures.yaml': 'figures:\n  constructor: { label: c, value: 1, unit: m, source: s1 }\n', 'charts.yaml': 'charts:\n  valueOf: { type: bar, title: t, unit: m, labels: [a], series: [{ name: s, figures: [constructor] }] }\n' });
    expect(figures.constructor).toMatchObject({ label: 'c', value: 1 });
    expect(own(charts, 'valueOf')!.series[0].values).toEqual([1]);
    expect(check({}).figures.toString).toBeUndefined();
  });

  it('a figure that is wrong is reported at the figure, not again where derived figures, charts and headlines name it', () => {
    const problems = problemsOf({
      'figures.yaml': 'figures:\n  f: { label: f, value: 1, source: s1 }\n  g: { label: g, value: 2, unit: m, source: s1, asOf: "2024" }\n',
      'derived.yaml': 'derived:\n  d: { op: share_of, label: d, of: f, share: g }\n  e: { op: cagr, label: e, start: d, end: g }\n',
      'charts.yaml': 'charts:\n  c: { type: bar, title: t, unit: m, labels: [a, b], series: [{ name: s, figures: [f, d] }] }\n',
      'head.yaml': 'edition:\n  title: t\n  date: "2026-11-22"\n  language: en\n  headlines: [f, e]\n',
    });
    expect(problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`)).toEqual([
      'data/head.yaml:2 edition: a second edition: (the first is in data/edition.yaml)',
      'data/figures.yaml:2 figures.f.unit: is missing',
    ]);
  });
});

describe('validate: derived figures that cannot be computed are problems at their own line', () => {
  const figs = `figures:
  zero: { label: zero, value: 0, unit: CNY, period: "2020", source: s1 }
  m2024: { label: m, value: 15, unit: CNY, period: "2024", source: s1 }
  m2027: { label: m, value: 113, unit: CNY, projection: true, projectedFor: "2027", source: s1 }
  bn2024: { label: m, value: 15, unit: CNY, scale: billion, period: "2024", source: s1 }
  fall: { label: fall, value: -100, unit: "%", source: s1 }
  share: { label: share, value: 140, unit: "%", source: s1 }
`;
  const derivedProblem = (d: string) => problemsOf({ 'figures.yaml': figs, 'derived.yaml': `derived:\n  d: ${d}\n` });

  it('growth from zero, from another unit, a fall of 100% or more, a share over 100%', () => {
    expect(derivedProblem('{ op: cagr, label: g, start: zero, end: m2027 }')[0]).toMatchObject({ line: 2, field: 'derived.d.start', message: 'a growth rate needs two positive values: figure "zero" is 0' });
    expect(derivedProblem('{ op: cagr, label: g, start: bn2024, end: m2027 }')[0]).toMatchObject({ field: 'derived.d.start', message: expect.stringMatching(/different units or scales/) });
    expect(derivedProblem('{ op: cagr_value, label: g, end: m2027, rate: fall, year: 2022 }')[0]).toMatchObject({ field: 'derived.d.rate', message: expect.stringMatching(/fall of 100%/) });
    expect(derivedProblem('{ op: share_of, label: g, of: m2024, share: share }')[0]).toMatchObject({ field: 'derived.d.share', message: expect.stringMatching(/not a share between 0% and 100%/) });
    expect(derivedProblem('{ op: cagr_value, label: g, end: m2027, rate: m2024, year: 1000 }')[0]).toMatchObject({ field: 'derived.d.rate' });
  });

  it('a value too large to show, at the derived figure', () => {
    const [p] = problemsOf({ 'figures.yaml': figs.replace('value: 15, unit: CNY, period: "2024"', 'value: 1000, unit: "%", period: "2024"'), 'derived.yaml': 'derived:\n  d: { op: cagr_value, label: g, end: m2027, rate: m2024, year: 1000 }\n' });
    expect(p).toMatchObject({ line: 2, field: "derived.d.year", message: expect.stringMatching(/its value in 1000 would be next to nothing: too small/) });
  });

  it('derived figures may name each other in any order; a loop is reported', () => {
    const { figures } = check({ 'figures.yaml': figs, 'derived.yaml': 'derived:\n  b: { op: cagr, label: b, start: a, end: m2027 }\n  a: { op: share_of, label: a, of: m2024, share: half }\n', 'half.yaml': 'figures:\n  half: { label: h, value: 50, unit: "%", source: s1 }\n' });
    expect(figures.a.value).toBe(8);
    expect(figures.b).toMatchObject({ unit: '%', period: '2024–2027', derived: { inputs: ['a', 'm2027'] } });
    const loop = problemsOf({ 'figures.yaml': figs, 'derived.yaml': 'derived:\n  a: { op: share_of, label: a, of: b, share: share }\n  b: { op: share_of, label: b, of: a, share: share }\n' });
    expect(loop.map((p) => p.message)).toEqual([expect.stringMatching(/depends on itself .*\(a, b\)/), expect.stringMatching(/depends on itself/)]);
  });
});

describe('the shipped data', () => {
  const dataDir = path.join(ROOT, 'data');

  it('validates, with every figure and collection citing a registered source', async () => {
    const findings = validate(await loadDataDir(dataDir));
    expect(Object.keys(findings.sources).sort()).toEqual(['s000', 's002', 's003', 's004']);
    expect(Object.keys(findings.charts).length).toBeGreaterThanOrEqual(6);
    for (const f of Object.values(findings.figures)) expect(findings.sources[f.source]).toBeDefined();
  });

  it('carries the sources\' wordings exactly', async () => {
    const { figures } = validate(await loadDataDir(dataDir));
    const said = (id: string) => formatFigure(figures[id]);
    expect(said('procurement_projects')).toBe('over 950 projects (Jan–Jul 2024)');
    expect(said('token_price_2024')).toBe('below CNY 0.5 per million tokens (end of 2024)');
    expect(said('commercialization_api')).toBe('40–45%');
    expect(said('market_2027')).toBe('CNY 113 billion (2027, projected)');
    expect(said('cagr_2022_2027')).toBe('148% (2022–2027)');
    expect(said('training_cost_mainstream')).toBe('tens of millions to hundreds of millions of USD');
    expect(said('vertical_models_count')).toMatch(/^about 222 models/);
  });

  it('keeps the Chinese wording of s004 alongside the English summary', async () => {
    const { collections, figures } = validate(await loadDataDir(dataDir));
    expect(figures.gpt3_training_cost.zh).toContain('400万美元');
    const chinese = collections.aigc_applications.items.filter((i) => /[\u4e00-\u9fff]/.test(i.zh ?? ''));
    expect(chinese.length).toBe(collections.aigc_applications.items.length);
  });

  it('templates contain no hard-coded figure: numbers come only through helpers', () => {
    const dir = path.join(ROOT, 'templates');
    const files = [path.join(dir, 'story.hbs'), ...readdirSync(path.join(dir, 'partials')).map((n) => path.join(dir, 'partials', n))];
    for (const file of files) {
      const prose = readFileSync(file, 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, '').replace(/\{\{[\s\S]*?\}\}/g, '')
        // Model names such as GPT-3 and DeepSeek-R1 carry digits but are not figures.
        .replace(/\b[A-Za-z]+-[A-Z]?\d+\b/g, '');
      expect({ file: path.relative(ROOT, file), digits: prose.match(/.{0,20}\d.{0,20}/g) }).toEqual({ file: path.relative(ROOT, file), digits: null });
    }
  });
});

describe('validate: a chart unit written in another language', () => {
  const bilingual = (zhUnit: string, type = 'bar') => validate(Object.entries({
    'edition.yaml': 'edition:\n  title: { en: Heat pumps, zh: 热泵 }\n  date: "2026-11-22"\n  language: en\n  languages: [en, zh]\n',
    'sources.yaml': 'sources:\n  s1:\n    title: Source one\n    language: en\n',
    'figures.yaml': [
      'figures:',
      ...[['s22', 2022, 3.0], ['s23', 2023, 2.6]].map(([id, year, value]) => `  ${id}:\n    label: { en: heat pumps sold, zh: 热泵销量 }\n    value: ${value}\n    scale: million\n    unit: { en: heat pumps, zh: 台热泵 }\n    period: "${year}"\n    source: s1`),
    ].join('\n') + '\n',
    'charts.yaml': `charts:\n  sales:\n    type: ${type}\n    title: { en: Heat pumps sold, zh: 热泵销量 }\n    unit:\n      en: million heat pumps\n      zh: ${zhUnit}\n    labels: ["2022", "2023"]\n    series:\n      - name: { en: Sold, zh: 销量 }\n        figures: [s22, s23]\n`,
  }).map(([name, text]) => parseDataText(text, `data/${name}`)));

  it('warns, at its line, when the axis in that language says something else: the values are rescaled (万, 亿) and named from the figures', () => {
    const { warnings, languages } = bilingual('亿台');
    expect(languages!.zh.charts.sales).toBeDefined();
    expect(warnings).toEqual([expect.objectContaining({ file: 'data/charts.yaml', line: 7, field: 'charts.sales.unit.zh', message: expect.stringContaining('the axis says 万台热泵') })]);
    expect(warnings![0].hint).toContain('"万台热泵"');
  });

  it('says nothing when the unit is the one the axis shows', () => {
    expect(bilingual('万台热泵').warnings).toBeUndefined();
  });

  it('says nothing for a chart with no value axis (big numbers, a pie): its labels carry the unit', () => {
    expect(bilingual('亿台', 'numbers').warnings).toBeUndefined();
  });
});
