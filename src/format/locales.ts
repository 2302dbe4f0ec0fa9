// One way of saying figures per language: every stage that turns a figure into words asks for the
// edition's (formatFor(doc.edition.language)), so a Chinese edition says 超过950个项目 wherever the
// English one says "over 950 projects". A new language is a module beside en (index.ts) and zh.ts.
import type { Figure, Scale } from '../types.ts';
import * as en from './index.ts';
import type { Amount, Form } from './index.ts';
import * as zh from './zh.ts';

export interface FigureFormat {
  /** The primary language subtag: "en", "zh". */
  language: string;
  number(n: number): string;
  /** The quantity alone: "over 950", "CNY 113 billion"; 超过950个项目. */
  value(f: Amount, form?: Form): string;
  /** The quantity with its unit: "over 950 projects". */
  amount(f: Amount, form?: Form): string;
  /** The short form for tiles, the cover and data labels. */
  short(f: Figure): string;
  /** The figure with its context: "CNY 113 billion (2027, projected)"; 1130亿元（2027年，预测）. */
  figure(f: Figure): string;
  /** A change with its direction: "rises 148% (2022–2027)"; 增长148%（2022—2027年）. */
  change(f: Figure): string;
  /** What the figure covers and how sure it is: "2027, projected". */
  context(f: Figure): string;
  /** The context beside a label that may already say when. */
  contextBeside(label: string, f: Figure): string;
  /** When the figure is for, in words. */
  when(f: Figure): string | undefined;
  /** When, bare, as a sentence says it ({{when}}): "2027", "November 2024"; 2027年, 2024年11月. */
  moment(f: Figure): string | undefined;
  /** An ISO date in words: "22 November 2026"; 2026年11月22日. */
  date(iso: string): string;
  /** The unit as a heading says it: "CNY billion"; 亿元. */
  unitHeading(f: Pick<Figure, 'unit' | 'unitName' | 'scale' | 'currency'>): string;
  /** "40–45": two numbers as a range. */
  range(low: string, high: string): string;
  /** The value with a qualifier in front: "over 950"; 超过950. */
  qualified(qualifier: Figure['qualifier'], text: string): string;
  /** The context of a figure in brackets after its text: " (2027, projected)"; （2027年，预测）. */
  bracket(text: string): string;
  /**
   * Chart values in this language's scale words: the factor to multiply values given in `scale` by,
   * and the heading of the axis ("CNY billion" stays; Chinese charts 113 billion as 1130 亿元).
   */
  chartScale(values: number[], measure: { unit: string; unitName?: string; scale?: Scale; currency?: string }): { factor: number; heading: string };
}

const ENGLISH: FigureFormat = {
  language: 'en',
  number: en.formatNumber,
  value: en.formatFigureValue,
  amount: en.formatAmount,
  short: en.formatFigureShort,
  figure: en.formatFigure,
  change: en.formatChange,
  context: en.figureContext,
  contextBeside: en.contextBeside,
  when: en.figureWhen,
  moment: en.figureMoment,
  date: en.formatDate,
  unitHeading: en.unitHeading,
  range: (low, high) => `${low}\u2013${high}`,
  qualified: (q, text) => (q ? `${q} ${text}` : text),
  bracket: (text) => (text ? ` (${text})` : ''),
  chartScale: (_values, measure) => ({ factor: 1, heading: en.unitHeading(measure) }),
};

const CHINESE: FigureFormat = {
  language: 'zh',
  number: (n) => zh.chineseNumber(n),
  value: zh.value,
  amount: zh.amount,
  short: (f) => zh.amount(f, 'short'),
  figure: zh.figure,
  change: zh.change,
  context: zh.figureContext,
  contextBeside: zh.contextBeside,
  when: zh.figureWhen,
  moment: zh.figureMoment,
  date: zh.date,
  unitHeading: (f) => zh.unitHeading(f),
  range: (low, high) => `${low}${zh.RANGE}${high}`,
  qualified: (q, text) => (q ? `${zh.qualifier(q)}${text}` : text),
  bracket: (text) => (text ? `（${text}）` : ''),
  chartScale: (values, measure) => {
    const chinese = zh.chartScale(values, measure.scale);
    return { factor: zh.rescale(measure.scale, chinese), heading: zh.unitHeading(measure, chinese === 1 ? undefined : chinese) };
  },
};

const FORMATS: Record<string, FigureFormat> = { en: ENGLISH, zh: CHINESE };

/** The languages whose figures Briefsmith can say. */
export const FIGURE_LANGUAGES = Object.keys(FORMATS);

/** How figures read in a language ("zh", "zh-CN", "en-GB"…), by its primary subtag; undefined when unknown. */
export function figureFormat(language: string): FigureFormat | undefined {
  return FORMATS[language.split('-')[0].toLowerCase()];
}
