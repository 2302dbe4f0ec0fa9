// Figures and dates in Chinese, as a Chinese report writes them: the qualifier before the number
// (超过950个项目), scale words in 万 and 亿 (1130亿元, 190万块GPU), ranges with a wave dash (40%～45%,
// GB/T 15835), dates as 2026年11月22日, the context in full-width brackets (（2027年，预测）). The
// unit's Chinese name comes from the data (Figure.unitName); a currency's from its ISO code.
import type { Figure, Qualifier, Scale } from '../types.ts';
import { changeOf, formatNumber, type Amount, type Form } from './index.ts';

const QUALIFIERS: Record<Qualifier, string> = {
  over: '超过', below: '低于', about: '约', 'at least': '至少', 'up to': '最多', nearly: '近',
};

const SCALE_FACTOR: Record<Scale, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** The Chinese scale words, largest first: a number is said in the largest one it reaches. */
const CHINESE_SCALES: [number, string][] = [[1e12, '万亿'], [1e8, '亿'], [1e4, '万']];

/** Orders of magnitude: 1e7 → 数千万. */
const MAGNITUDES: Record<number, string> = {
  1: '数十', 2: '数百', 3: '数千', 4: '数万', 5: '数十万', 6: '数百万', 7: '数千万', 8: '数亿',
  9: '数十亿', 10: '数百亿', 11: '数千亿', 12: '数万亿',
};

/** What Chinese calls a currency after an amount: 元 (not 人民币) for CNY, 美元, 欧元…; ICU names the rest. */
const CURRENCY_NAMES: Record<string, string> = { CNY: '元', RMB: '元', USD: '美元', EUR: '欧元', JPY: '日元', GBP: '英镑', HKD: '港元' };
let currencyNames: Intl.DisplayNames | undefined;
export function currencyName(code: string): string {
  const known = CURRENCY_NAMES[code];
  if (known) return known;
  try {
    currencyNames ??= new Intl.DisplayNames(['zh'], { type: 'currency' });
    return currencyNames.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The range mark between two numbers: the wave dash of GB/T 15835 (40%～45%, 3000万～6000万). */
export const RANGE = '\uff5e';

/**
 * A number in Chinese, with the scale it carries (1.9 million → 190万): said in 万, 亿 or 万亿 from
 * ten thousand up, to the same precision the English figure has (CNY 113 billion → 1130亿, not
 * 1,130亿; CNY 1.2 billion, a derived 1.2046, → 12亿). Below 10,000 the digits stand alone, ungrouped.
 */
export function chineseNumber(n: number, scale?: Scale): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot format ${n} as a number`);
  const factor = scale ? SCALE_FACTOR[scale] : 1;
  // The precision of the number as written in its own scale ("15.7" billion: to 0.1 billion).
  const written = formatNumber(n).replace(/,/g, '');
  const decimals = written.includes('.') ? written.length - written.indexOf('.') - 1 : 0;
  const total = Number(written) * factor;
  const [size, word] = CHINESE_SCALES.find(([s]) => Math.abs(total) >= s) ?? [1, ''];
  const step = 10 ** -decimals * factor / size;
  const places = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const mantissa = Number((total / size).toFixed(Math.min(places, 20)));
  const digits = Math.abs(mantissa) >= 1e5 ? formatNumber(mantissa) : plainDigits(mantissa);
  return digits + word;
}

/** Digits without grouping, no exponent, ASCII minus: "1130", "0.005". */
function plainDigits(n: number): string {
  const text = Math.abs(n) < 1e-6 && n !== 0 ? n.toFixed(12).replace(/0+$/, '') : String(n);
  return text.replace('\u2212', '-');
}

/** "数千万", "数亿": an order of magnitude in words. */
export function chineseMagnitude(order: number): string {
  const exponent = Math.round(Math.log10(order));
  const words = MAGNITUDES[exponent];
  if (!words || order <= 0 || Math.abs(Math.log10(order) - exponent) > 1e-9) {
    throw new RangeError(`${order} is not a power of ten between 10 and 10^12`);
  }
  return words;
}

/** The unit as the Chinese edition names it (its translation), without a currency said by the amount. */
function unitNoun(f: Pick<Figure, 'unit' | 'unitName' | 'currency'>): string {
  if (f.unit === '%') return '';
  if (f.currency && f.unit === f.currency) return currencyName(f.currency);
  return f.unitName ?? f.unit;
}

/** A space between digits and a Latin unit ("3640 PF-days"), none before Chinese ("190万块GPU") or a symbol. */
function joinUnit(number: string, noun: string): string {
  if (!noun) return number;
  return /^[A-Za-z]/.test(noun) ? `${number} ${noun}` : number + noun;
}

/** 超过950个项目, 约157亿元, 40%～45%, 3000万～6000万美元, 至少数亿个参数. Short and long are one form. */
export function amount(f: Amount, _form: Form = 'long'): string {
  const qualifier = f.qualifier ? QUALIFIERS[f.qualifier] : '';
  if (f.magnitude) {
    const [low, high] = f.range ?? [requireValue(f), requireValue(f)];
    const words = low === high ? chineseMagnitude(low) : `${chineseMagnitude(low)}至${chineseMagnitude(high)}`;
    return qualifier + joinUnit(words, unitNoun(f));
  }
  const percent = f.unit === '%' ? '%' : '';
  const one = (n: number) => chineseNumber(n, f.scale) + percent;
  const numbers = f.range ? `${one(f.range[0])}${RANGE}${one(f.range[1])}` : one(requireValue(f));
  return qualifier + joinUnit(numbers, unitNoun(f));
}

/** The quantity alone, as on a tile: the same words as the amount (Chinese puts the measure word with the number). */
export function value(f: Amount, form: Form = 'long'): string {
  return amount(f, form);
}

/** The amount with its context: 超过950个项目（2024年1—7月）, 1130亿元（2027年，预测）. */
export function figure(f: Figure): string {
  const context = figureContext(f);
  return amount(f) + (context ? `（${context}）` : '');
}

/** 增长148%（2022—2027年）, 年均下降约13%（2015—2024年，推算）: a change with its direction. */
export function change(f: Figure): string {
  const { direction, size } = changeOf(f);
  const verb = { falls: '下降', rises: '增长', flat: '持平于', changes: '变动' }[direction];
  const context = figureContext(f);
  return `${f.perYear ? '年均' : ''}${verb}${amount(size)}${context ? `（${context}）` : ''}`;
}

/** What a figure covers and how sure it is: 2027年，预测 / 2024年1—7月 / 截至2024年11月，推算. */
export function figureContext(f: Figure): string {
  const { when, flags } = contextParts(f);
  return [when, ...flags].filter(Boolean).join('，');
}

/** The context beside a label that may already say when: "2027年大模型应用市场" takes "预测" alone. */
export function contextBeside(label: string, f: Figure): string {
  const { when, core, flags } = contextParts(f);
  return [when && core && !label.includes(core) ? when : undefined, ...flags].filter(Boolean).join('，');
}

export function figureWhen(f: Figure): string | undefined {
  return contextParts(f).when;
}

/** When, bare ({{when}}): 2027年, 2024年1—7月, 2024年11月. */
export function figureMoment(f: Figure): string | undefined {
  return contextParts(f).core;
}

function contextParts(f: Figure): { when?: string; core?: string; flags: string[] } {
  const core = f.projection && f.projectedFor ? date(f.projectedFor) : f.period ? period(f.period) : f.asOf ? date(f.asOf) : undefined;
  const when = core && !(f.projection && f.projectedFor) && !f.period && f.asOf ? `截至${core}` : core;
  const flags = [f.projection ? '预测' : undefined, f.derived ? '推算' : undefined].filter((x): x is string => Boolean(x));
  return { when, core, flags };
}

/**
 * A period as the data gives it. One that is only years ("2024", "2022–2027") is said here
 * (2024年, 2022—2027年); one with words comes translated from the data and stands as written.
 */
export function period(text: string): string {
  const years = /^(\d{4})(?:\s*[\u2013\u2014-]\s*(\d{4}))?$/.exec(text.trim());
  if (!years) return text;
  return years[2] ? `${years[1]}\u2014${years[2]}年` : `${years[1]}年`;
}

/** "2026-11-22" → 2026年11月22日, "2024-11" → 2024年11月, "2024" → 2024年. */
export function date(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  const month = m?.[2] ? Number(m[2]) : undefined;
  const day = m?.[3] ? Number(m[3]) : undefined;
  if (!m || (month !== undefined && (month < 1 || month > 12)) || (day !== undefined && (day < 1 || day > 31))) {
    throw new RangeError(`"${iso}" is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  }
  return `${m[1]}年${month ? `${month}月` : ''}${day ? `${day}日` : ''}`;
}

/**
 * The unit as an axis or a column heading states it. Chinese says money in its scale word and
 * currency together (亿元, 万美元): a chart's values are given in `chinese` (1e4, 1e8, 1e12) when set.
 */
export function unitHeading(f: Pick<Figure, 'unit' | 'unitName' | 'scale' | 'currency'>, chinese?: number): string {
  const word = chinese ? CHINESE_SCALES.find(([s]) => s === chinese)?.[1] ?? '' : '';
  const noun = unitNoun(f);
  if (f.unit === '%') return '%';
  return word + noun;
}

/** The Chinese scale (1, 1e4, 1e8, 1e12) a set of values in `scale` is best charted in: the largest the biggest reaches. */
export function chartScale(values: number[], scale?: Scale): number {
  const factor = scale ? SCALE_FACTOR[scale] : 1;
  const largest = Math.max(0, ...values.map((v) => Math.abs(v) * factor));
  return CHINESE_SCALES.find(([s]) => largest >= s)?.[0] ?? 1;
}

/** How many of the Chinese scale one unit of the data's scale is: billion in 亿 → 10. */
export function rescale(scale: Scale | undefined, chinese: number): number {
  return (scale ? SCALE_FACTOR[scale] : 1) / chinese;
}

export function qualifier(q: Qualifier): string {
  return QUALIFIERS[q];
}

function requireValue(f: Amount & { id?: string }): number {
  if (f.value === undefined) throw new RangeError(`figure "${f.id ?? '?'}" has neither a value nor a range`);
  return f.value;
}
