import { describe, expect, it } from 'vitest';
import { figureFormat } from '../../src/format/locales.ts';
import { chineseNumber } from '../../src/format/zh.ts';
import type { Figure } from '../../src/types.ts';

const zh = figureFormat('zh-CN')!;
const fig = (f: Partial<Figure>): Figure => ({ id: 'f', label: '一个数字', unit: 'models', unitName: '个模型', source: 's', ...f });

describe('figures in Chinese: the wordings a Chinese report uses', () => {
  it.each<[string, Partial<Figure>, string]>([
    ['a qualified count over a period', { value: 950, unit: 'projects', unitName: '个项目', qualifier: 'over', period: '2024年1—7月' }, '超过950个项目（2024年1—7月）'],
    ['a price per unit below a bound', { value: 0.5, currency: 'CNY', unit: 'CNY per million tokens', unitName: '元/百万tokens', qualifier: 'below', period: '2024年底' }, '低于0.5元/百万tokens（2024年底）'],
    ['a percentage range, with the wave dash', { range: [40, 45], unit: '%' }, '40%～45%'],
    ['CNY 113 billion, projected', { value: 113, scale: 'billion', currency: 'CNY', unit: 'CNY', projection: true, projectedFor: '2027', asOf: '2024' }, '1130亿元（2027年，预测）'],
    ['about CNY 15.7 billion in a year', { value: 15.7, scale: 'billion', currency: 'CNY', unit: 'CNY', qualifier: 'about', period: '2024' }, '约157亿元（2024年）'],
    ['a growth rate over years', { value: 148, unit: '%', period: '2022–2027' }, '148%（2022—2027年）'],
    ['1.9 million GPUs', { value: 1.9, scale: 'million', unit: 'GPUs', unitName: '块GPU', qualifier: 'over' }, '超过190万块GPU'],
    ['USD 30–60 million', { range: [30, 60], scale: 'million', currency: 'USD', unit: 'USD' }, '3000万～6000万美元'],
    ['USD 200 million', { value: 200, scale: 'million', currency: 'USD', unit: 'USD', qualifier: 'over' }, '超过2亿美元'],
    ['an order-of-magnitude range', { magnitude: true, range: [1e7, 1e8], currency: 'USD', unit: 'USD' }, '数千万至数亿美元'],
    ['one order of magnitude', { magnitude: true, value: 1e11, currency: 'CNY', unit: 'CNY' }, '数千亿元'],
    ['at least hundreds of millions of parameters', { magnitude: true, value: 1e8, unit: 'parameters', unitName: '个参数', qualifier: 'at least' }, '至少数亿个参数'],
    ['an as-of date', { value: 309, asOf: '2024-11' }, '309个模型（截至2024年11月）'],
    ['a derived value', { value: 222.48, qualifier: 'about', derived: { kind: 'derived', formula: 'a × b', inputs: [] } }, '约222个模型（推算）'],
    ['an implied value keeps the precision of its English form', { value: 1.2046, scale: 'billion', currency: 'CNY', unit: 'CNY', period: '2022', derived: { kind: 'implied', formula: 'x', inputs: [] } }, '12亿元（2022年，推算）'],
    ['nearly 70 years', { value: 70, unit: 'years', unitName: '年', qualifier: 'nearly' }, '近70年'],
    ['up to', { value: 5, unit: 'years', unitName: '年', qualifier: 'up to' }, '最多5年'],
    ['ten thousand, in 万', { value: 10000, unit: 'GPUs', unitName: '块GPU', qualifier: 'at least' }, '至少1万块GPU'],
    ['a Latin unit keeps a space', { value: 3640, unit: 'PF-days', unitName: 'PF-days' }, '3640 PF-days'],
    ['a trillion', { value: 1.2, scale: 'trillion', currency: 'EUR', unit: 'EUR' }, '1.2万亿欧元'],
  ])('%s', (_name, f, text) => {
    expect(zh.figure(fig(f))).toBe(text);
  });

  it('says the short form as the long one: Chinese has no abbreviated scale words', () => {
    expect(zh.short(fig({ value: 113, scale: 'billion', currency: 'CNY', unit: 'CNY' }))).toBe('1130亿元');
  });

  it('says changes with their direction', () => {
    expect(zh.change(fig({ value: 148, unit: '%', period: '2022–2027' }))).toBe('增长148%（2022—2027年）');
    expect(zh.change(fig({ value: -13, unit: '%', qualifier: 'about', perYear: true, period: '2015–2024', derived: { kind: 'implied', formula: 'x', inputs: [] } }))).toBe('年均下降约13%（2015—2024年，推算）');
  });

  it('writes dates as 年月日', () => {
    expect(zh.date('2026-11-22')).toBe('2026年11月22日');
    expect(zh.date('2024-11')).toBe('2024年11月');
    expect(zh.date('2024')).toBe('2024年');
  });

  it('does not repeat the year beside a label that has it', () => {
    const f = fig({ value: 113, projection: true, projectedFor: '2027' });
    expect(zh.contextBeside('2027年大模型应用市场', f)).toBe('预测');
    expect(zh.contextBeside('大模型应用市场', f)).toBe('2027年，预测');
  });

  it('charts money in 亿 with the values rescaled to match', () => {
    expect(zh.chartScale([15.7, 113], { unit: 'CNY', currency: 'CNY', scale: 'billion' })).toEqual({ factor: 10, heading: '亿元' });
    expect(zh.chartScale([950, 1000], { unit: 'projects', unitName: '个项目' })).toEqual({ factor: 1, heading: '个项目' });
  });

  it('keeps the digits a number has and no more', () => {
    expect(chineseNumber(0.005)).toBe('0.005');
    expect(chineseNumber(-2.3, 'billion')).toBe('-23亿');
    expect(chineseNumber(850, 'thousand')).toBe('85万');
    expect(chineseNumber(1234)).toBe('1234');
  });
});
