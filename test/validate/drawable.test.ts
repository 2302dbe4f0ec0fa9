// What validation says about data that builds but cannot be shown as meant: headlines beyond the
// cover, growth rates that cannot be computed.
import { describe, expect, it } from 'vitest';
import { findingsOf, problemsOf } from '../helpers/data.ts';

const figures = (n: number) => `figures:\n${Array.from({ length: n }, (_, i) => `  f${i}:\n    label: figure ${i}\n    value: ${i + 1}\n    unit: GWh\n    source: s1\n`).join('')}`;

describe('headline figures', () => {
  it('warns, with file and line, when the cover cannot show them all', () => {
    const edition = `edition:\n  title: T\n  date: "2026-11-22"\n  language: en\n  headlines: [f0, f1, f2, f3, f4, f5, f6, f7]\n`;
    const findings = findingsOf({ 'edition.yaml': edition, 'figures.yaml': figures(8) });
    expect(findings.warnings).toEqual([expect.objectContaining({
      file: 'data/edition.yaml', line: 5, field: 'edition.headlines[6]',
      message: '8 headline figures: the report cover shows the first 6',
    })]);
    expect(findingsOf({ 'edition.yaml': edition.replace(', f6, f7', ''), 'figures.yaml': figures(8) }).warnings).toBeUndefined();
  });
});

describe('derived growth rates', () => {
  it('refuses a growth rate from a value at or below zero instead of printing NaN', () => {
    const data = `figures:
  start:
    label: loss in 2020
    value: -4
    unit: USD
    currency: USD
    period: "2020"
    source: s1
  end:
    label: profit in 2024
    value: 6
    unit: USD
    currency: USD
    period: "2024"
    source: s1
derived:
  growth:
    op: cagr
    label: growth
    start: start
    end: end
`;
    const [p] = problemsOf({ 'figures.yaml': data });
    expect(p).toMatchObject({ field: 'derived.growth.start', message: expect.stringMatching(/two positive values/) });
  });

  it('marks a derived growth rate as a rate per year, so it reads "falls about 13% a year"', () => {
    const data = `figures:
  p2015:
    label: pack price in 2015
    value: 1000
    unit: USD per kWh
    currency: USD
    period: "2015"
    source: s1
  p2024:
    label: pack price in 2024
    value: 115
    unit: USD per kWh
    currency: USD
    period: "2024"
    source: s1
derived:
  price_trend:
    op: cagr
    label: annual change in pack prices
    start: p2015
    end: p2024
    qualifier: about
`;
    expect(findingsOf({ 'figures.yaml': data }).figures.price_trend).toMatchObject({ value: -21, unit: '%', perYear: true, period: '2015–2024' });
  });
});

/** figures: id → one-line YAML fields; charts: the charts: section. */
function data(figs: Record<string, string>, charts: string): Record<string, string> {
  const figures = Object.entries(figs).map(([id, fields]) => `  ${id}:\n    label: ${id}\n    source: s1\n${fields.split(';').map((f) => `    ${f.trim()}\n`).join('')}`).join('');
  return { 'figures.yaml': `figures:\n${figures}`, 'charts.yaml': `charts:\n${charts}` };
}
const chart = (type: string, figures: string[], extra = '', labels = figures.map((f) => `"${f}"`)) =>
  `  c:\n    type: ${type}\n    title: A chart\n${extra}    labels: [${labels.join(', ')}]\n    series:\n      - name: s\n        figures: [${figures.join(', ')}]\n`;

describe('charts mean what their figures mean', () => {
  it('names the value axis from the figures: unit, scale and currency', () => {
    const spec = findingsOf(data({ a: 'value: 113; unit: CNY; currency: CNY; scale: billion', b: 'value: 15.7; unit: CNY; currency: CNY; scale: billion' }, chart('bar', ['a', 'b']))).charts.c;
    expect(spec).toMatchObject({ unit: 'CNY billion', measure: { unit: 'CNY', currency: 'CNY', scale: 'billion' }, series: [{ values: [113, 15.7] }] });
  });

  it('puts figures of different scales on the largest one', () => {
    const spec = findingsOf(data({ a: 'value: 850; unit: GWh; scale: million', b: 'value: 1.2; unit: GWh; scale: billion' }, chart('bar', ['a', 'b']))).charts.c;
    expect(spec).toMatchObject({ unit: 'billion GWh', series: [{ values: [0.85, 1.2] }] });
  });

  it('refuses a chart whose own unit contradicts its figures', () => {
    const [p] = problemsOf(data({ a: 'value: 113; unit: CNY; currency: CNY; scale: billion' }, chart('bar', ['a'], '    unit: USD million\n')));
    expect(p).toMatchObject({ file: 'data/charts.yaml', field: 'charts.c.unit', message: expect.stringContaining('does not match its figures, which are in CNY billion') });
  });

  it('refuses two currencies on one chart, and converts at a rate the data states', () => {
    const figs = { a: 'value: 100; unit: CNY; currency: CNY; scale: billion', b: 'value: 20; unit: USD; currency: USD; scale: billion', fx: 'value: 7.2; unit: CNY per USD; asOf: "2024-12"' };
    const [p] = problemsOf(data(figs, chart('bar', ['a', 'b'])));
    expect(p).toMatchObject({ field: 'charts.c.series[0].figures[1]', message: expect.stringContaining('one currency per chart'), hint: expect.stringContaining('rates:') });
    const spec = findingsOf(data(figs, chart('bar', ['a', 'b'], '    currency: USD\n    rates: [fx]\n'))).charts.c;
    expect(spec.series[0].values[0]).toBeCloseTo(13.89, 2);
    expect(spec).toMatchObject({ unit: 'USD billion', measure: { currency: 'USD' }, note: 'Converted to USD at 7.2 CNY per USD (2024-12).' });
  });

  it('refuses units that differ, and money mixed with counts', () => {
    expect(problemsOf(data({ a: 'value: 1; unit: GWh', b: 'value: 2; unit: TWh' }, chart('bar', ['a', 'b'])))[0].message).toMatch(/is in TWh, the chart's first figure in GWh/);
    expect(problemsOf(data({ a: 'value: 1; unit: USD; currency: USD', b: 'value: 2; unit: cars' }, chart('bar', ['a', 'b'])))[0].message).toMatch(/amounts of money/);
  });

  it('refuses shapes a chart type cannot draw: ranges stacked or sliced, negative parts, parts over a whole, many series in a pie', () => {
    const range = { a: 'range: [40, 45]; unit: "%"', b: 'value: 30; unit: "%"' };
    for (const type of ['stackedBar', 'pie', 'doughnut', 'bar100']) {
      expect(problemsOf(data(range, chart(type, ['a', 'b'])))[0], type).toMatchObject({ field: 'charts.c.series[0].figures[0]', message: expect.stringContaining('is a range') });
    }
    expect(problemsOf(data({ a: 'value: -4; unit: cars', b: 'value: 3; unit: cars' }, chart('pie', ['a', 'b'])))[0].message).toMatch(/negative/);
    expect(problemsOf(data({ a: 'value: 70; unit: "%"', b: 'value: 50; unit: "%"' }, chart('doughnut', ['a', 'b'])))[0].message).toMatch(/sum to 120%/);
    expect(problemsOf(data({ a: 'value: 7; unit: cars' }, chart('bar100', ['a'])))[0].message).toMatch(/100% bar shows shares in %/);
    const twoSeries = `  c:\n    type: pie\n    title: T\n    labels: [x]\n    series:\n      - name: one\n        figures: [a]\n      - name: two\n        figures: [a]\n`;
    expect(problemsOf(data({ a: 'value: 7; unit: cars' }, twoSeries))[0]).toMatchObject({ field: 'charts.c.series[1]', message: expect.stringContaining('shows one series') });
  });

  it('warns about shapes it draws poorly', () => {
    const findings = findingsOf(data({ a: 'value: 7; unit: cars' }, chart('line', ['a'])));
    expect(findings.warnings).toEqual([expect.objectContaining({ file: 'data/charts.yaml', field: 'charts.c.labels', message: 'a line chart of one point draws a dot' })]);
  });

  it('adds the period its figures share to the title, unless the title or labels say it', () => {
    const figs = { a: 'value: 1; unit: cars; period: "2024"', b: 'value: 2; unit: cars; period: "2024"' };
    expect(findingsOf(data(figs, chart('bar', ['a', 'b']))).charts.c.title).toBe('A chart, 2024');
    expect(findingsOf(data(figs, chart('bar', ['a', 'b'], '', ['"2024 north"', 'south']))).charts.c.title).toBe('A chart');
    expect(findingsOf(data({ a: 'value: 1; unit: cars; period: "2023"', b: 'value: 2; unit: cars; period: "2024"' }, chart('bar', ['a', 'b']))).charts.c.title).toBe('A chart');
  });

  it('marks shares of a whole, and carries qualifiers and derived points to the chart', () => {
    const figs = { a: 'value: 72; unit: "%"; whole: models', b: 'value: 20; unit: "%"; whole: models; qualifier: over' };
    const spec = findingsOf(data(figs, chart('bar', ['a', 'b']))).charts.c;
    expect(spec).toMatchObject({ share: true, unit: '%', series: [{ qualifiers: [undefined, 'over'] }] });
  });
});
