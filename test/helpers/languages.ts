// What an edition in another language must not contain: the English catalogue's words.
import { en } from '../../src/i18n/en.ts';

const STAND_IN = '\u2063';

/** Calls a catalogue function with stand-ins of the kinds it takes (text, a count, a list). */
function literalParts(f: (...a: unknown[]) => unknown): string[] {
  const kinds = [() => STAND_IN, () => 7, () => [STAND_IN, STAND_IN], () => ''];
  const n = Math.max(f.length, 1);
  const texts = new Set<string>();
  for (const a of kinds) for (const b of kinds) for (const c of kinds) {
    try {
      texts.add(String(f(...Array.from({ length: n }, (_, i) => [a, b, c, c][Math.min(i, 3)]()))));
    } catch { /* another kind */ }
  }
  return [...texts].flatMap((t) => t.split(new RegExp(`${STAND_IN}|\\d+`)));
}

/** The English catalogue's phrases: each string, and the fixed words of each function ("Page ", " of "). */
export function englishPhrases(): string[] {
  const out = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (['tag', 'colon', 'listSeparator', 'sentenceEnd', 'languageNames', 'projectedLabel'].includes(key)) return;
    const parts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String)
      : typeof value === 'function' ? literalParts(value as (...a: unknown[]) => unknown) : undefined;
    if (parts) {
      for (const part of parts) {
        const phrase = part.replace(/Briefsmith/g, '').replace(/^[\s\W]+|[\s\W]+$/g, '');
        // A word or phrase of the catalogue's own: "Contents", "Page", "What changed since" (not "of", "to").
        if (/[A-Za-z]{4,}|[A-Za-z]+ [A-Za-z]+/.test(phrase)) out.add(phrase);
      }
      return;
    }
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(en, '');
  return [...out];
}

/** The English built-in phrases found in a text, as whole words. */
export function englishBoilerplate(text: string): string[] {
  return englishPhrases().filter((phrase) => new RegExp(`(^|[^A-Za-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z]|$)`).test(text));
}
