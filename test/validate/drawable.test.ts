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
