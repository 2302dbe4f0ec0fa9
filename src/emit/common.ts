// What both emitters need to say the same things the same way: citation numbers, source lines,
// which sections and blocks belong to an edition.
import { CJK } from '../fonts/scripts.ts';
import type { Audience, AudienceBlock, Document, Run, Section, SourceEntry } from '../types.ts';

export { CJK };

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

/** "China's large-model market — definitions…" in English where the source has an English title. */
export function sourceTitle(s: SourceEntry): string {
  return s.titleEn ?? s.title;
}

/** The full entry of the sources list: title (English title), publisher, date, language, note. */
export function sourceEntryText(s: SourceEntry): string {
  const title = s.titleEn ? `${s.title} (${s.titleEn})` : s.title;
  const parts = [title, s.publisher, s.date, s.language !== 'en' ? `In ${languageName(s.language)}` : undefined, s.url];
  return `${parts.filter(Boolean).join('. ')}.${s.note ? ` ${s.note}` : ''}`;
}

/** "Source: [2] China's large-model market…" for the sources a slide or figure shows. */
export function sourceLine(ids: string[], doc: Document, numbers: Map<string, number>): string {
  const entries = ids.map((id) => doc.sources.find((s) => s.id === id)).filter((s): s is SourceEntry => Boolean(s));
  if (!entries.length) return '';
  return `${entries.length > 1 ? 'Sources' : 'Source'}: ${entries.map((s) => `${citeMarker(numbers, s.id)} ${sourceTitle(s)}`).join('; ')}`;
}

/** "Chinese" for "zh", "Arabic" for "ar": the common ones from a table, any other ICU knows, else the code. */
function languageName(code: string): string {
  const known = LANGUAGE_NAMES[code];
  if (known) return known;
  try {
    // Made only when needed: ICU's display names cost tens of milliseconds to load.
    displayNames ??= new Intl.DisplayNames(['en'], { type: 'language' });
    return displayNames.of(code) ?? code;
  } catch {
    return code;
  }
}
let displayNames: Intl.DisplayNames | undefined;
const LANGUAGE_NAMES: Record<string, string> = {
  zh: 'Chinese', en: 'English', ja: 'Japanese', ko: 'Korean', de: 'German', fr: 'French', es: 'Spanish', it: 'Italian',
  pt: 'Portuguese', ru: 'Russian', ar: 'Arabic', he: 'Hebrew', hi: 'Hindi', fa: 'Persian', tr: 'Turkish', nl: 'Dutch',
};
