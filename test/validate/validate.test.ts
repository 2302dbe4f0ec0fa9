import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError, ValidationError, type Problem } from '../../src/errors.ts';
import { formatFigure } from '../../src/format/index.ts';
import { loadDataDir, parseDataText } from '../../src/load/index.ts';
import { validate } from '../../src/validate/index.ts';
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
