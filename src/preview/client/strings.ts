// The preview page's words, in the language of the edition it shows (its catalogue in src/i18n): the
// page starts in English and follows the first view's language.
import { en } from '../../i18n/en.ts';
import { zh } from '../../i18n/zh.ts';

const CATALOGUES = { en, zh } as const;

export let STRINGS = en.preview;

/** Switches the page's words to a language (a tag such as "zh-CN"); true when they changed. */
export function useLanguage(tag: string): boolean {
  const primary = tag.split('-')[0].toLowerCase() as keyof typeof CATALOGUES;
  const next = (CATALOGUES[primary] ?? en).preview;
  document.documentElement.lang = tag;
  if (next === STRINGS) return false;
  STRINGS = next;
  return true;
}
