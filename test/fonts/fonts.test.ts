// Fonts for every script (src/fonts): fallbacks found through fontconfig for what the theme's fonts
// lack, characters no installed font has reported as missing, and right-to-left text reordered for
// drawing by the Unicode Bidirectional Algorithm.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { visualOrder } from '../../src/fonts/bidi.ts';
import { fontStack, planFonts } from '../../src/fonts/index.ts';
import { loadTheme } from '../../src/theme/index.ts';
import { ROOT } from '../helpers/run.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

describe('the font plan', () => {
  it('draws Latin, Chinese and emoji with the theme\'s fonts and finds the Noto face of each other script', async () => {
    const plan = await planFonts('Plain café 中文 🚀 مرحبا שלום नमस्ते สวัสดี 한국어', theme);
    expect(plan.faceOf('é')).toBe('latin');
    expect(plan.faceOf('中')).toBe('cjk');
    // The ideographic space of Chinese captions ("图1\u3000…"): Noto Sans has no glyph for it.
    expect(plan.faceOf('\u3000')).toBe('cjk');
    expect(plan.faceOf(' ')).toBe('latin');
    expect(plan.faceOf('🚀')).toBe('symbol');
    // Hangul is in the CJK font, though not in the CJK blocks.
    expect(plan.faceOf('한')).toBe('cjk');
    const family = (ch: string) => { const f = plan.faceOf(ch); return typeof f === 'object' ? f.family : f; };
    expect(family('م')).toBe('Noto Sans Arabic');
    expect(family('ש')).toBe('Noto Sans Hebrew');
    expect(family('न')).toBe('Noto Sans Devanagari');
    expect(family('ส')).toBe('Noto Sans Thai');
    expect(plan.missing).toEqual([]);
    expect(plan.fallbacks.filter((f) => f.rtl).map((f) => f.family)).toEqual(['Noto Sans Arabic', 'Noto Sans Hebrew']);
    expect(fontStack(plan, theme)).toEqual(['Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', 'Noto Sans Devanagari', 'Noto Sans Thai', 'Noto Sans CJK SC', 'Symbola']);
  });

  it('reports a character no installed font has, and asks fontconfig nothing for text the theme draws', async () => {
    const plan = await planFonts('A private-use character: \uE000.', theme);
    expect(plan.missing).toEqual([{ char: '\uE000', script: 'Common' }]);
    const plain = await planFonts('Only Latin text, 中文 and “quotes”.', theme);
    expect(plain.fallbacks).toEqual([]);
    expect(plain.missing).toEqual([]);
  });
});

describe('right-to-left text in drawing order', () => {
  const order = (text: string) => visualOrder([{ text }]).pieces.map((p) => p.text);

  it('leaves text without right-to-left letters as it is', () => {
    const pieces = [{ text: 'Plain text, 中文 (2024)' }];
    expect(visualOrder(pieces).pieces).toBe(pieces);
  });

  it('turns a right-to-left phrase round word by word, each word kept in reading order for shaping', () => {
    // Words of the phrase are drawn last first; fontkit turns each word's letters round itself.
    expect(order('RTL مرحبا بالعالم and end')).toEqual(['RTL ', 'بالعالم', ' ', 'مرحبا', ' and end']);
  });

  it('keeps a number inside Arabic text reading left to right, and mirrors brackets inside right-to-left text', () => {
    expect(order('في عام 2024 نمت')).toEqual(['نمت', ' ', '2024', ' ', 'عام', ' ', 'في']);
    // "(" inside the Arabic run reads as ")" when drawn backwards.
    expect(order('x مرحبا (عالم) y')).toEqual(['x ', '(', 'عالم', ')', ' ', 'مرحبا', ' y']);
  });

  it('sets a paragraph of an English edition left to right even when it starts with Arabic', () => {
    expect(order('تقرير (Arab report)')[0]).toBe('تقرير');
    expect(visualOrder([{ text: 'تقرير (Arab report)' }]).rtl).toBe(false);
  });

  it('numbers each right-to-left run and keeps its text in reading order, for /ActualText', () => {
    const { pieces } = visualOrder([{ text: 'a مرحبا بالعالم b שלום c' }]);
    const runs = [...new Map(pieces.filter((p) => p.rtlRun).map((p) => [p.rtlRun!.id, p.rtlRun!.text])).values()];
    expect(runs).toEqual(['مرحبا بالعالم', 'שלום']);
  });
});
