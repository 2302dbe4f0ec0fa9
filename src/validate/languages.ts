// Texts in several languages. Every label, title and text of the data may be written once, in the
// data's own language (edition.language), or as a mapping from language to text:
//
//   label: { en: large-model application market in 2027, zh: 2027年大模型应用市场 }
//
// The schemas read such a field as a Localized value; validation goes on with the data's own text,
// and each other language of edition.languages gets Findings of its own with every text in it. A text
// an edition would show without its translation is a problem at its line, never a silent mix:
// only what has no words (2024, 40–45%) and names (a publisher) are the same in every language.
import { z } from 'zod';
import { knowsLanguage, LANGUAGES, primaryLanguage } from '../i18n/index.ts';
import type { Findings, SourceFile } from '../types.ts';
import type { Entry } from './figures.ts';
import type { Problems } from './problems.ts';

/** Whether an edition in another language needs its own text ('words': when the text has letters) or may show this one. */
export type Rule = 'words' | 'optional';

/** A field's text as written: one text in the data's language, or one per language. */
export class Localized<T extends string | string[] = string | string[]> {
  /** Only to tell Localized<string> from Localized<string[]> in types. */
  declare readonly kind?: T;

  constructor(readonly written: string | string[] | Record<string, string | string[]>, readonly rule: Rule) {}

  get byLanguage(): Record<string, string | string[]> | undefined {
    return typeof this.written === 'object' && !Array.isArray(this.written) ? this.written : undefined;
  }

  /** The text in a language: its own, or (a text written once) the data's. */
  in(language: string, dataLanguage: string): string | string[] | undefined {
    const map = this.byLanguage;
    if (!map) return primaryLanguage(language) === primaryLanguage(dataLanguage) || !needsWords(this.written as string | string[], this.rule) ? (this.written as string | string[]) : undefined;
    return map[language] ?? Object.entries(map).find(([code]) => primaryLanguage(code) === primaryLanguage(language))?.[1];
  }
}

const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A text (or list of texts) that may be given per language: `{ en: …, zh: … }`. */
export function localized<T extends z.ZodType<string | string[]>>(inner: T, rule: Rule = 'words'): z.ZodType<Localized<z.infer<T>>> {
  return z.unknown().superRefine((value, ctx) => {
    const check = (v: unknown, path: (string | number)[]) => {
      const result = inner.safeParse(v, { reportInput: true });
      if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as never);
    };
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      if (!entries.length) ctx.addIssue({ code: 'custom', message: 'has no text in any language', input: value });
      for (const [code, text] of entries) {
        if (!LANGUAGE_CODE.test(code)) ctx.addIssue({ code: 'custom', path: [code], message: `"${code}" is not a language code (en, zh, zh-CN…)`, input: code });
        else check(text, [code]);
      }
    } else {
      check(value, []);
    }
  }).transform((value) => new Localized<z.infer<T>>(value as Localized['written'], rule)) as unknown as z.ZodType<Localized<z.infer<T>>>;
}

/** A record's type once its Localized texts are replaced by the data's own (see useDataLanguage). */
export type Resolved<T> = T extends Localized<infer U> ? U
  : T extends object ? { [K in keyof T]: Resolved<T[K]> }
  : T;

/** Text with letters in it says something in a language; "2024", "40–45%" or "—" say the same in all. */
function needsWords(text: string | string[], rule: Rule): boolean {
  if (rule === 'optional') return false;
  return (Array.isArray(text) ? text : [text]).some((t) => /\p{L}/u.test(t));
}

/** One Localized text of the data: where it is written, and where it goes in the Findings. */
interface Text {
  file: SourceFile;
  /** Its place in the data file, for problems. */
  at: (string | number)[];
  /** Its place in the Findings: [section, id, ...field]. */
  target: (string | number)[];
  value: Localized;
}

export type Kind = 'edition' | 'sources' | 'figures' | 'derived' | 'collections' | 'charts' | 'variants';

/**
 * Replaces every Localized value in the records with the text in the data's language (so the rest of
 * validation reads plain text) and keeps the texts for translate(). A source's title is in the
 * source's own language; the data's language version of it, when given, is its translated title.
 */
export function useDataLanguage(kind: Kind, entries: Entry<unknown>[], dataLanguage: string, problems: Problems, texts: Text[]): void {
  const section = kind === 'derived' ? 'figures' : kind;
  for (const e of entries) {
    const sourceLanguage = kind === 'sources' ? String((e.value as { language?: unknown }).language ?? dataLanguage) : undefined;
    const walk = (value: unknown, sub: (string | number)[], put: (v: unknown) => void): void => {
      if (value instanceof Localized) {
        const original = sub.join('.') === 'title' && sourceLanguage ? sourceLanguage : dataLanguage;
        const text = value.byLanguage ? value.in(original, original) : value.written;
        if (text === undefined) {
          problems.at(e.file, [...e.path, ...sub], `has no ${original} text`, `add ${original}: to ${String(sub[sub.length - 1])}: (it is written in ${Object.keys(value.byLanguage ?? {}).join(', ')}; ${original === dataLanguage ? 'the data is in' : 'the source is in'} ${original})`);
        }
        put(text ?? '');
        texts.push({ file: e.file, at: [...e.path, ...sub], target: [section, e.id, ...sub], value });
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, [...sub, i], (x) => { value[i] = x; }));
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, [...sub, k], (x) => { (value as Record<string, unknown>)[k] = x; });
      }
    };
    walk(e.value, [], (x) => { e.value = x; });
  }
}

/** Shown at once when an edition lacks more texts than this; the rest are counted. */
const MISSING_SHOWN = 40;

/**
 * The Findings of each language of the edition: every text in that language. The data's own language
 * keeps the Findings as validated (with translated source titles); the others get a copy. A text
 * without the language's version is a problem at its line.
 */
export function translate(findings: Findings, texts: Text[], languages: string[], problems: Problems): Record<string, Findings> {
  const data = findings.edition.language;
  const out: Record<string, Findings> = {};
  for (const language of languages) {
    const same = primaryLanguage(language) === primaryLanguage(data) && language === data;
    const copy: Findings = same ? findings : { ...structuredClone({ ...findings, warnings: undefined }), warnings: findings.warnings };
    copy.edition.language = language;
    if (!same) copy.edition.dataLanguage = data;
    let missing = 0;
    for (const t of texts) {
      const [section, id, ...field] = t.target as [string, string, ...(string | number)[]];
      const record = section === 'edition' ? copy.edition : (copy as unknown as Record<string, Record<string, unknown>>)[section]?.[id];
      if (!record) continue; // a record validation refused
      if (section === 'sources' && field.join('.') === 'title') {
        const source = record as { language: string; titleTranslated?: string; titleEn?: string };
        const translation = primaryLanguage(source.language) === primaryLanguage(language) ? undefined
          : (t.value.byLanguage ? t.value.in(language, source.language) : undefined) ?? (primaryLanguage(language) === 'en' ? source.titleEn : undefined);
        if (typeof translation === 'string') source.titleTranslated = translation;
        else delete source.titleTranslated;
        continue;
      }
      if (same) continue;
      const unit = section === 'figures' && field.join('.') === 'unit';
      const money = unit && (record as { currency?: string }).currency === (record as { unit: string }).unit;
      // An amount of money says its currency in each language's own words ("CNY 113 billion", 1130亿元).
      const text = money ? t.value.in(language, data) ?? (record as { unit: string }).unit : t.value.in(language, data);
      if (text === undefined) {
        if (++missing <= MISSING_SHOWN) {
          const shown = t.value.in(data, data);
          const key = String(t.at[t.at.length - 1]);
          const both = `{ ${data}: ${JSON.stringify(shown)}, ${language}: … }`;
          const hint = unit || key === 'unit'
            ? `write it in both: ${both}; a symbol said the same way in both is written twice ({ ${data}: GWh, ${language}: GWh })`
            : `write it in both: ${both} (see docs/DATA.md, "Languages")`;
          problems.at(t.file, t.at, `has no ${language} text, and edition.languages lists ${language}`, hint);
        }
        continue;
      }
      // A figure's unit stays what it is checked and charted by; the edition names it in its language.
      if (unit) {
        if (text !== (record as { unit: string }).unit) (record as { unitName?: string }).unitName = text as string;
        continue;
      }
      setAt(record, field, text);
    }
    nameDerivedUnits(copy);
    if (missing > MISSING_SHOWN) {
      problems.list.push({ message: `and ${missing - MISSING_SHOWN} more texts have no ${language} text`, hint: `translate them, or take ${language} out of edition.languages` });
    }
    out[language] = copy;
  }
  return out;
}

/** A copy of a record with each of its texts in a language (the data's where it has none). */
export function translatedRecord<T>(record: T, target: (string | number)[], texts: Text[], language: string, dataLanguage: string): T {
  const copy = structuredClone(record);
  const key = target.join('\u0000');
  for (const t of texts) {
    if (t.target.slice(0, target.length).join('\u0000') !== key) continue;
    const text = t.value.in(language, dataLanguage);
    if (text !== undefined) setAt(copy, t.target.slice(target.length), text);
  }
  return copy;
}

/** A derived figure's unit is its input's, named as the input names it (derived figures come after their inputs). */
function nameDerivedUnits(findings: Findings): void {
  for (const f of Object.values(findings.figures)) {
    if (!f.derived || f.unitName) continue;
    const input = f.derived.inputs.map((id) => findings.figures[id]).find((i) => i && i.unit === f.unit && i.unitName);
    if (input) f.unitName = input.unitName;
  }
}

function setAt(record: unknown, field: (string | number)[], value: unknown): void {
  let at = record as Record<string | number, unknown>;
  for (const key of field.slice(0, -1)) {
    if (!at[key] || typeof at[key] !== 'object') return;
    at = at[key] as Record<string | number, unknown>;
  }
  at[field[field.length - 1]] = value;
}

/** Problems with edition.languages: unknown languages, repeats. */
export function checkLanguages(entry: Entry<{ language: string; languages?: string[] }>, problems: Problems): string[] {
  const languages = entry.value.languages ?? [entry.value.language];
  const seen = new Set<string>();
  languages.forEach((code, i) => {
    const at = entry.value.languages ? [...entry.path, 'languages', i] : [...entry.path, 'language'];
    if (!knowsLanguage(code)) problems.at(entry.file, at, `Briefsmith cannot write an edition in "${code}" yet`, `the languages it writes are ${LANGUAGES.join(', ')}`);
    if (seen.has(code)) problems.at(entry.file, at, `"${code}" is listed twice`, 'list each language once');
    seen.add(code);
  });
  return languages;
}
