import { describe, expect, it } from 'vitest';
import { formatDate, formatFigure, formatFigureValue, formatNumber, magnitudeWords } from '../../src/format/index.ts';
import type { Figure } from '../../src/types.ts';

const fig = (f: Partial<Figure>): Figure => ({ id: 'f', label: 'a figure', unit: 'models', source: 's', ...f });

describe('formatFigure: the wordings the sources use', () => {
  it.each<[string, Partial<Figure>, string, string]>([
    ['a qualified count over a period', { value: 950, unit: 'projects', qualifier: 'over', period: 'Jan–Jul 2024' }, 'over 950', 'over 950 projects (Jan–Jul 2024)'],
    ['a price per unit, below a bound', { value: 0.5, currency: 'CNY', unit: 'CNY per million tokens', qualifier: 'below', period: 'end of 2024' }, 'below CNY 0.5', 'below CNY 0.5 per million tokens (end of 2024)'],
    ['a percentage range', { range: [40, 45], unit: '%' }, '40–45%', '40–45%'],
    ['a projected amount of money', { value: 113, scale: 'billion', currency: 'CNY', unit: 'CNY', projection: true, projectedFor: '2027', asOf: '2024' }, 'CNY 113 billion', 'CNY 113 billion (2027, projected)'],
    ['a growth rate over a period', { value: 148, unit: '%', period: '2022–2027' }, '148%', '148% (2022–2027)'],
    ['an order-of-magnitude range', { magnitude: true, range: [1e7, 1e8], currency: 'USD', unit: 'USD' }, 'tens of millions to hundreds of millions of USD', 'tens of millions to hundreds of millions of USD'],
    ['one order of magnitude', { magnitude: true, value: 1e11, currency: 'CNY', unit: 'CNY' }, 'hundreds of billions of CNY', 'hundreds of billions of CNY'],
    ['a scaled count with a qualifier', { value: 1.9, scale: 'million', unit: 'GPUs', qualifier: 'over' }, 'over 1.9 million', 'over 1.9 million GPUs'],
    ['a money range with a scale', { range: [30, 60], scale: 'million', currency: 'USD', unit: 'USD' }, 'USD 30–60 million', 'USD 30–60 million'],
    ['an as-of date', { value: 309, asOf: '2024-11' }, '309', '309 models (as of November 2024)'],
    ['a derived value', { value: 222.48, qualifier: 'about', derived: { kind: 'derived', formula: 'a × b', inputs: ['a', 'b'] } }, 'about 222', 'about 222 models (derived)'],
    ['an implied value with its year', { value: 1.2046, scale: 'billion', currency: 'CNY', unit: 'CNY', period: '2022', derived: { kind: 'implied', formula: 'x', inputs: [] } }, 'CNY 1.2 billion', 'CNY 1.2 billion (2022, implied)'],
    ['zero', { value: 0, unit: '%' }, '0%', '0%'],
    ['at least', { value: 10000, unit: 'GPUs', qualifier: 'at least' }, 'at least 10,000', 'at least 10,000 GPUs'],
  ])('%s', (_name, f, value, full) => {
    expect(formatFigureValue(fig(f))).toBe(value);
    expect(formatFigure(fig(f))).toBe(full);
  });

  it('never prints an HTML entity or markup', () => {
    const text = formatFigure(fig({ value: 5, unit: 'R&D <units>' }));
    expect(text).toBe('5 R&D <units>');
  });

  it('refuses a figure with no value and no range instead of printing "undefined"', () => {
    expect(() => formatFigure(fig({}))).toThrow(/neither a value nor a range/);
  });
});

describe('formatNumber', () => {
  it.each<[number, string]>([
    [0, '0'], [7, '7'], [950, '950'], [1000, '1,000'], [1_900_000, '1,900,000'],
    [1e15, '1,000,000,000,000,000'], [15.7, '15.7'], [7.3816, '7.38'], [222.48, '222'],
    [0.5, '0.5'], [0.004567, '0.00457'], [1e-9, '0.000000001'], [-3.5, '-3.5'], [-1200, '-1,200'],
  ])('%d → %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it('writes whole numbers exactly as Intl.NumberFormat does, without it', () => {
    const intl = new Intl.NumberFormat('en-US', { useGrouping: true });
    const wholes = [1, 12, 123, 999, 1001, 99_999, 100_000, 123_456_789, Number.MAX_SAFE_INTEGER, 2 ** 60, 1e20, 9.99e20, 1e21, 1e25];
    for (let i = 0; i < 2000; i++) wholes.push(Math.round(10 ** (Math.random() * 16)));
    for (const n of [...wholes, ...wholes.map((w) => -w)]) expect(formatNumber(n), String(n)).toBe(intl.format(n).replace('\u2212', '-'));
  });

  it('refuses infinities and NaN', () => {
    expect(() => formatNumber(Infinity)).toThrow(RangeError);
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe('magnitudeWords', () => {
  it('names the orders the sources use', () => {
    expect(magnitudeWords(1e7)).toBe('tens of millions');
    expect(magnitudeWords(1e8)).toBe('hundreds of millions');
    expect(magnitudeWords(1e11)).toBe('hundreds of billions');
    expect(magnitudeWords(1e3)).toBe('thousands');
  });

  it('refuses what is not a power of ten', () => {
    expect(() => magnitudeWords(5e7)).toThrow(/power of ten/);
    expect(() => magnitudeWords(1)).toThrow(/power of ten/);
    expect(() => magnitudeWords(1e15)).toThrow(/power of ten/);
  });
});

describe('formatDate', () => {
  it.each([['2026-11-22', '22 November 2026'], ['2024-11', 'November 2024'], ['2024', '2024'], ['2023-03-01', '1 March 2023']])('%s → %s', (iso, text) => {
    expect(formatDate(iso)).toBe(text);
  });

  it.each(['22/11/2026', '2024-13', '2024-02-32', 'end of 2024', ''])('refuses "%s"', (bad) => {
    expect(() => formatDate(bad)).toThrow(/not an ISO date/);
  });
});
