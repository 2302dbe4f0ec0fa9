import { describe, expect, it } from 'vitest';
import { contextBeside, formatAmount, formatChange, formatDate, formatFigure, formatFigureShort, formatFigureValue, formatNumber, magnitudeWords, unitHeading } from '../../src/format/index.ts';
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

describe('the short form: for tiles, the cover and data labels, nothing dropped but the scale spelled short', () => {
  it.each<[Partial<Figure>, string]>([
    [{ value: 2200, unit: 'GWh', qualifier: 'over' }, 'over 2,200 GWh'],
    [{ value: 2.2, unit: 'TWh' }, '2.2 TWh'],
    [{ value: 113, scale: 'billion', currency: 'CNY', unit: 'CNY' }, 'CNY 113 bn'],
    [{ value: 850, scale: 'thousand', currency: 'USD', unit: 'USD' }, 'USD 850k'],
    [{ value: 4.5, scale: 'million', unit: 'vehicles' }, '4.5 mn vehicles'],
    [{ value: 1.2, scale: 'trillion', currency: 'EUR', unit: 'EUR' }, 'EUR 1.2 tn'],
    [{ value: 139, currency: 'USD', unit: 'USD per kWh', qualifier: 'below' }, 'below USD 139 per kWh'],
    [{ range: [3000, 3800], unit: 'GWh' }, '3,000–3,800 GWh'],
    [{ range: [40, 45], unit: '%' }, '40–45%'],
    [{ value: -2.3, scale: 'billion', currency: 'USD', unit: 'USD' }, 'USD -2.3 bn'],
    [{ value: 200, unit: '家', qualifier: 'over' }, 'over 200家'],
    [{ value: 34000, scale: 'thousand', unit: 'merchants', qualifier: 'over' }, 'over 34 mn merchants'],
    [{ value: 2530000, unit: 'users' }, '2.53 mn users'],
    [{ value: 1234567, unit: 'users' }, '1,234,567 users'],
    [{ value: 950, unit: 'projects' }, '950 projects'],
    [{ value: 12500, scale: 'billion', currency: 'USD', unit: 'USD' }, 'USD 12.5 tn'],
    [{ range: [3000, 3800], scale: 'million', unit: 'GWh' }, '3–3.8 bn GWh'],
    [{ value: 290, scale: 'thousand', unit: '台' }, '290k 台'],
    [{ value: 1.2, scale: 'million', unit: '台' }, '1.2 mn 台'],
    [{ magnitude: true, range: [1e7, 1e8], currency: 'USD', unit: 'USD' }, 'tens to hundreds of millions of USD'],
    [{ magnitude: true, range: [1e6, 1e7], unit: 'users' }, 'millions to tens of millions of users'],
  ])('%j → %s', (f, short) => {
    expect(formatFigureShort(fig(f))).toBe(short);
  });

  it('keeps the unit the long form has, whatever the figure', () => {
    expect(formatAmount(fig({ value: 2200, unit: 'GWh', qualifier: 'over' }))).toBe('over 2,200 GWh');
    expect(formatAmount(fig({ value: 113, scale: 'billion', currency: 'CNY', unit: 'CNY' }))).toBe('CNY 113 billion');
  });

  it('names the unit of an axis or a column with its currency and scale', () => {
    expect(unitHeading({ unit: 'CNY', currency: 'CNY', scale: 'billion' })).toBe('CNY billion');
    expect(unitHeading({ unit: 'USD per kWh', currency: 'USD' })).toBe('USD per kWh');
    expect(unitHeading({ unit: 'GWh', scale: 'thousand' })).toBe('thousand GWh');
    expect(unitHeading({ unit: '%' })).toBe('%');
  });

  it('does not say the year twice beside a label that has it', () => {
    const f = fig({ label: 'market in 2027', value: 113, projection: true, projectedFor: '2027' });
    expect(contextBeside(f.label, f)).toBe('projected');
    expect(contextBeside('market size', f)).toBe('2027, projected');
    expect(contextBeside('models filed', fig({ value: 3, asOf: '2024-11', derived: { kind: 'implied', formula: 'x', inputs: [] } }))).toBe('as of November 2024, implied');
  });
});

describe('formatChange: a change with its direction, never a negative rise', () => {
  const rate = (value: number): Figure => fig({ value, unit: '%', qualifier: 'about', period: '2015–2024', perYear: true, derived: { kind: 'implied', formula: 'x', inputs: [] } });
  it.each<[Figure, string]>([
    [rate(-13), 'falls about 13% a year (2015–2024, implied)'],
    [rate(93), 'rises about 93% a year (2015–2024, implied)'],
    [rate(0), 'is flat at about 0% a year (2015–2024, implied)'],
    [fig({ value: 148, unit: '%', period: '2022–2027' }), 'rises 148% (2022–2027)'],
    [fig({ range: [-15, -10], unit: '%' }), 'falls 10–15%'],
    [fig({ range: [-5, 3], unit: '%' }), 'changes by -5–3%'],
    [fig({ value: -1.5, scale: 'billion', currency: 'USD', unit: 'USD' }), 'falls USD 1.5 billion'],
  ])('%s', (f, text) => {
    expect(formatChange(f)).toBe(text);
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
