// The languages Briefsmith writes editions in: one message catalogue each (en.ts, zh.ts, with one
// type, so a missing key does not compile) for its own words, and one way of saying figures each
// (src/format/locales.ts). A language is named by its BCP 47 code; its primary subtag picks both.
import { InputError } from '../errors.ts';
import { FIGURE_LANGUAGES, figureFormat, type FigureFormat } from '../format/locales.ts';
import { en, type Messages } from './en.ts';
import { zh } from './zh.ts';

export type { Messages } from './en.ts';

const CATALOGUES: Record<string, Messages> = { en, zh };

/** The languages an edition can be written in (a catalogue and a way of saying figures each). */
export const LANGUAGES = Object.keys(CATALOGUES).filter((l) => FIGURE_LANGUAGES.includes(l));

/** "zh" of "zh-CN", "en" of "en-GB". */
export const primaryLanguage = (code: string): string => code.split('-')[0].toLowerCase();

/** Both halves of a language: its built-in words and its way of saying figures. */
export interface Locale {
  /** The language as the data names it ("zh", "en-GB"). */
  language: string;
  messages: Messages;
  format: FigureFormat;
  /** The tag lang attributes carry: the data's own when it names a region ("en-GB"), else the catalogue's ("zh-CN"). */
  tag: string;
}

/** Whether Briefsmith can write an edition in this language. */
export function knowsLanguage(code: string): boolean {
  return LANGUAGES.includes(primaryLanguage(code));
}

/** The locale of a language, or an error that lists the languages there are. */
export function localeOf(language: string): Locale {
  const primary = primaryLanguage(language);
  const messages = CATALOGUES[primary];
  const format = figureFormat(primary);
  if (!messages || !format) {
    throw new InputError(`Briefsmith cannot write an edition in "${language}" yet`, {
      field: 'edition.languages',
      hint: `the languages with built-in words and figure formats are ${LANGUAGES.join(', ')} (see docs/DATA.md, "Languages")`,
    });
  }
  return { language, messages, format, tag: language.includes('-') ? language : messages.tag };
}

/** The built-in words of a language. */
export function messagesOf(language: string): Messages {
  return localeOf(language).messages;
}

/** A language's name in another: "中文" for zh in Chinese, "Chinese" in English. */
export function languageName(code: string, inLanguage: string): string {
  const known = messagesOf(inLanguage).languageNames[primaryLanguage(code)];
  if (known) return known;
  try {
    // Made only when needed, once a language: ICU's display names cost tens of milliseconds to load.
    let names = displayNames.get(inLanguage);
    if (!names) displayNames.set(inLanguage, (names = new Intl.DisplayNames([inLanguage], { type: 'language' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
const displayNames = new Map<string, Intl.DisplayNames>();
