// What both emitters need to say the same things the same way: citation numbers, source lines,
// which sections and blocks belong to an edition.
import { CJK } from '../fonts/scripts.ts';
import { languageName, localeOf, primaryLanguage, type Locale } from '../i18n/index.ts';
import type { Audience, AudienceBlock, Document, Run, Section, SourceEntry } from '../types.ts';

export { CJK };

/** The edition's language: its built-in words (messages) and how it says figures (format). */
export function localeOfDocument(doc: Document): Locale {
  return localeOf(doc.edition.language);
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

const WORD_JOINER = '\u2060';
const NO_BREAK_SPACE = '\u00a0';
/** "(2022–2027)", "40–45%", "Jan–Jul", "GPT-3", "three-dimensional": words joined by dashes. */
const DASHED = /[\p{L}\p{N}%()]+(?:[-\u2010\u2013][\p{L}\p{N}%()]+)+/gu;
const DASH_INSIDE = /([-\u2010\u2013])(?=[\p{L}\p{N}(])/gu;
const CLOSING_MARKS = '。，、；：？！）》」』】〉〕〗〙］｝．';
const OPENING_MARKS = '（《「『【〈〔〖〘［｛';
/** Chinese punctuation no line may start with: closing marks and the marks that end a clause. */
export const NO_LINE_START = new RegExp(`[${CLOSING_MARKS}]`);
/** Chinese punctuation no line may end with: opening marks. */
export const NO_LINE_END = new RegExp(`[${OPENING_MARKS}]`);
/** "CNY 113 billion", "USD 30–60 million", "1.9 million": an amount with its currency or scale. */
const AMOUNT = /\b[A-Z]{3} \d[\d.,\u2013\u2060-]*(?: (?:thousand|million|billion|trillion)\b)?|\d[\d.,\u2013\u2060-]* (?:thousand|million|billion|trillion)\b/g;

/**
 * Text that no viewer may break inside a range or a compound: a word joiner after the dash of
 * "2022–2027" or "GPT-3" (slide viewers and pdfkit break after any dash) and no-break spaces in
 * "CNY 113 billion". Both emitters draw and measure text through this. The joiner has no width and
 * does not come out of the PDF's text. `fits` says whether a phrase fits the line at all: one that
 * does not (a long compound in a narrow column) may break at its dash, rather than be cut anywhere.
 */
export function keepTogether(text: string, fits: (phrase: string) => boolean = () => true): string {
  // A web address is left as written: a joiner inside it would come along when it is copied.
  if (WEB_ADDRESS.test(text)) return text.split(WEB_ADDRESSES).map((part, i) => (i % 2 ? part : keepTogether(part, fits))).join('');
  return text
    .replace(DASHED, (phrase) => (fits(phrase) ? phrase.replace(DASH_INSIDE, `$1${WORD_JOINER}`) : phrase))
    .replace(AMOUNT, (phrase) => (fits(phrase) ? phrase.replaceAll(' ', NO_BREAK_SPACE) : phrase));
}
const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)\S/i;
/** Split on these, a text's web addresses are its odd parts. */
const WEB_ADDRESSES = /(\b(?:https?:\/\/|www\.)\S+)/i;

/** Citation numbers: a source's place in the sources list both outputs end with, from 1. */
export function citationNumbers(doc: Document): Map<string, number> {
  return new Map(doc.sources.map((s, i) => [s.id, i + 1]));
}

export function citeMarker(numbers: Map<string, number>, sourceId: string): string {
  const n = numbers.get(sourceId);
  return n === undefined ? `[${sourceId}]` : `[${n}]`;
}

/** The sections and blocks of one edition. */
export function forEdition(doc: Document, edition: Exclude<Audience, 'both'>): Section[] {
  return doc.sections
    .filter((s) => s.audience === 'both' || s.audience === edition)
    .map((s) => ({ ...s, blocks: s.blocks.filter((b: AudienceBlock) => b.audience === 'both' || b.audience === edition) }));
}

/** "1", "1.1", …: the numbers both reading editions give their sections; a section before the first chapter has none. */
export function sectionNumbers(sections: Section[]): string[] {
  let chapter = 0;
  let sub = 0;
  return sections.map((section) => {
    if (section.level === 1) { chapter++; sub = 0; return String(chapter); }
    sub++;
    // Before the first chapter (key figures ahead of chapter 1): unnumbered, as a preface is; numbered
    // 1, 2, … they clashed with the chapters' own 1, 2, ….
    return chapter ? `${chapter}.${sub}` : '';
  });
}

/** A source's title in the edition's language: its translation where it has one, else as published. */
export function sourceTitle(s: SourceEntry, language = 'en'): string {
  return s.titleTranslated ?? (primaryLanguage(language) === 'en' ? s.titleEn : undefined) ?? s.title;
}

/**
 * The reference in the sources list: title (translated title). Publisher, date. Language. Note. Address.
 * A source that names no publisher or date says so, as a reference does; the words are the edition's.
 */
export function sourceEntryText(s: SourceEntry, locale: Locale): string {
  const { messages } = locale;
  const translation = s.titleTranslated ?? (primaryLanguage(locale.language) === 'en' ? s.titleEn : undefined);
  const title = translation ? messages.titleWithTranslation(s.title, translation) : s.title;
  const date = s.date ? locale.format.date(s.date) : undefined;
  const imprint = s.publisher ? messages.imprint(s.publisher, date ?? messages.undated) : date ?? messages.noImprint;
  const foreign = primaryLanguage(s.language) !== primaryLanguage(locale.language);
  const language = foreign ? messages.inLanguage(languageName(s.language, locale.language)) : undefined;
  return messages.sourceEntry([title, imprint, language, s.note].filter((p): p is string => Boolean(p)), s.url);
}

/** "Source: [2] China's large-model market…" for the sources a slide or figure shows. */
export function sourceLine(ids: string[], doc: Document, numbers: Map<string, number>, locale: Locale): string {
  const { messages } = locale;
  const entries = ids.map((id) => doc.sources.find((s) => s.id === id)).filter((s): s is SourceEntry => Boolean(s));
  if (!entries.length) return '';
  return `${messages.sourceLabel(entries.length)}${messages.colon}${entries.map((s) => `${citeMarker(numbers, s.id)} ${sourceTitle(s, locale.language)}`).join(messages.listSeparator)}`;
}

/** A column narrower than this share of the table, whole, is never wrapped. */
const NARROW_COLUMN = 0.25;

/**
 * Column widths for a table `total` wide, from each column's longest word (min) and its longest
 * text on one line (max), in any unit: as a browser lays out an automatic table, except that a
 * narrow column ("Short row 1", "Finance") gets all it needs and never wraps.
 */
export function autoColumnWidths(min: number[], max: number[], total: number): number[] {
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  if (sum(max) <= total) return max.map((w) => w + (total - sum(max)) * (w / sum(max)));
  if (sum(min) >= total) return min.map((w) => (w / sum(min)) * total);
  const narrow = max.map((w, i) => w <= total * NARROW_COLUMN && sum(max.filter((m, j) => j !== i && max[j] <= total * NARROW_COLUMN)) + w + sum(min.filter((_, j) => max[j] > total * NARROW_COLUMN)) <= total);
  const fixed = sum(max.filter((_, i) => narrow[i]));
  const rest = max.map((_, i) => i).filter((i) => !narrow[i]);
  if (!rest.length) return max.map((w) => (w / sum(max)) * total);
  const restMin = sum(rest.map((i) => min[i]));
  const slack = rest.map((i) => max[i] - min[i]);
  const share = (total - fixed - restMin) / (sum(slack) || 1);
  return max.map((w, i) => (narrow[i] ? w : min[i] + (max[i] - min[i]) * share));
}

/** The logo's alt text where it is content (the title slide, the report cover): the name it stands for. */
export function logoAlt(doc: Document, logoText: string): string {
  const name = logoText.trim() || doc.edition.publisher || '';
  return localeOfDocument(doc).messages.logoOf(name || undefined);
}
