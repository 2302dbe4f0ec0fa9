import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { LANGUAGES, localeOf } from '../../src/i18n/index.ts';
import { zh } from '../../src/i18n/zh.ts';

/** Every entry of a catalogue as text: strings as they are, functions called with stand-in arguments. */
function entries(catalogue: object, prefix = ''): [string, string][] {
  return Object.entries(catalogue).flatMap(([key, value]): [string, string][] => {
    const name = prefix + key;
    if (key === 'tag') return [];
    if (typeof value === 'string') return [[name, value]];
    if (Array.isArray(value)) return value.map((v, i) => [`${name}[${i}]`, String(v)]);
    if (typeof value === 'function') return [[name, call(value as (...a: unknown[]) => unknown)]];
    if (value instanceof RegExp || key === 'languageNames') return [];
    return entries(value as object, `${name}.`);
  });
}

/** A function's text with stand-in arguments: the first kinds of argument (text, a count, a list) it takes. */
function call(f: (...a: unknown[]) => unknown): string {
  const kinds = [(i: number) => `甲${i}`, (i: number) => i + 2, (i: number) => [`甲${i}`, `乙${i}`], () => true];
  const n = Math.max(f.length, 1);
  for (const a of kinds) for (const b of kinds) for (const c of kinds) {
    try {
      return String(f(...Array.from({ length: n }, (_, i) => [a, b, c, c][Math.min(i, 3)](i))));
    } catch { /* another kind */ }
  }
  throw new Error(`cannot call ${f.toString()}`);
}

describe('the message catalogues', () => {
  it('has a catalogue and a figure format for English and Chinese', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'zh']));
    expect(localeOf('zh').tag).toBe('zh-CN');
    expect(localeOf('en-GB').tag).toBe('en-GB');
  });

  it('writes no English word in a Chinese entry (product names aside)', () => {
    for (const [key, text] of entries(zh)) {
      const words = (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== 'Briefsmith');
      expect(words, `zh.${key}: ${text}`).toEqual([]);
    }
  });

  it('gives every entry of the English catalogue its own Chinese wording', () => {
    const chinese = new Map(entries(zh));
    for (const [key, text] of entries(en)) {
      if (!/[A-Za-z]{2,}/.test(text.replace(/Briefsmith/g, ''))) continue;
      expect(chinese.get(key), key).not.toBe(text);
    }
  });

  it('refuses a language it has no words for, naming the ones it has', () => {
    expect(() => localeOf('de')).toThrow(/cannot write an edition in "de"/);
  });
});
