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

/** Citation numbers: a source's place in the sources list both outputs end with, from 1. */
export function citationNumbers(doc: Document): Map<string, number> {
  return new Map(doc.sources.map((s, i) => [s.id, i + 1]));
}

export function citeMarker(numbers: Map<string, number>, sourceId: string): string {
  const n = numbers.get(sourceId);
  return n === undefined ? `[${sourceId}]` : `[${n}]`;
}

/** The plain text of runs, citations as [n]. */
export function runsText(runs: Run[], numbers: Map<string, number>): string {
  return runs.map((r) => r.text + (r.cite ? citeMarker(numbers, r.cite) : '')).join('');
}

/** The sections and blocks of one edition. */
export function forEdition(doc: Document, edition: Exclude<Audience, 'both'>): Section[] {
  return doc.sections
    .filter((s) => s.audience === 'both' || s.audience === edition)
    .map((s) => ({ ...s, blocks: s.blocks.filter((b: AudienceBlock) => b.audience === 'both' || b.audience === edition) }));
}

/** "1", "1.1", …: the numbers both reading editions give their sections; those before the first chapter (the summary) count within it. */
export function sectionNumbers(sections: Section[]): string[] {
  let chapter = 0;
  let sub = 0;
  return sections.map((section) => {
    if (section.level === 1) { chapter++; sub = 0; return String(chapter); }
    sub++;
    return chapter ? `${chapter}.${sub}` : String(sub);
  });
}

/** A source's title in the edition's language: its translation where it has one, else as published. */
export function sourceTitle(s: SourceEntry, language = 'en'): string {
  return s.titleTranslated ?? (primaryLanguage(language) === 'en' ? s.titleEn : undefined) ?? s.title;
}

/** The full entry of the sources list: title (translated title), publisher, date, language, note. */
export function sourceEntryText(s: SourceEntry, locale: Locale): string {
  const { messages } = locale;
  const translation = s.titleTranslated ?? (primaryLanguage(locale.language) === 'en' ? s.titleEn : undefined);
  const title = translation ? messages.titleWithTranslation(s.title, translation) : s.title;
  const foreign = primaryLanguage(s.language) !== primaryLanguage(locale.language);
  const parts = [title, s.publisher, s.date, foreign ? messages.inLanguage(languageName(s.language, locale.language)) : undefined, s.url];
  return messages.sourceEntry(parts.filter((p): p is string => Boolean(p)), s.note);
}

/** "Source: [2] China's large-model market…" for the sources a slide or figure shows. */
export function sourceLine(ids: string[], doc: Document, numbers: Map<string, number>, locale: Locale): string {
  const { messages } = locale;
  const entries = ids.map((id) => doc.sources.find((s) => s.id === id)).filter((s): s is SourceEntry => Boolean(s));
  if (!entries.length) return '';
  return `${messages.sourceLabel(entries.length)}${messages.colon}${entries.map((s) => `${citeMarker(numbers, s.id)} ${sourceTitle(s, locale.language)}`).join(messages.listSeparator)}`;
}
