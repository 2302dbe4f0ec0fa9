// A variant is data, not code: it changes what compose is given (its title, headlines, parameters, the
// collections and items it shows) and which chapters and slides of the composed story it keeps.
import { ValidationError, type Problem } from '../errors.ts';
import { recordOf } from '../ids.ts';
import type { Collection, Findings, Section, Variant } from '../types.ts';

/** The findings as a variant sees them. Collections it leaves out have no items (their blocks draw nothing). */
export function findingsFor(findings: Findings, variant: Variant | undefined): Findings {
  if (!variant) return findings;
  const edition = {
    ...findings.edition,
    title: variant.title ?? findings.edition.title,
    ...(variant.subtitle ?? findings.edition.subtitle ? { subtitle: variant.subtitle ?? findings.edition.subtitle } : {}),
    ...(variant.headlines ?? findings.edition.headlines ? { headlines: variant.headlines ?? findings.edition.headlines } : {}),
    params: variant.params,
  };
  const collections = recordOf<Collection>(Object.entries(findings.collections).map(([id, c]): [string, Collection] => {
    if (variant.collections && !variant.collections.includes(id)) return [id, { ...c, items: [] }];
    const keep = variant.keepItems?.[id];
    return [id, keep ? { ...c, items: keep.map((i) => c.items[i]) } : c];
  }));
  return { ...findings, edition, collections };
}

/**
 * The chapters and slides a variant keeps, named by id or title (case aside). A chapter keeps all its
 * slides; a slide keeps its chapter's divider. A name that matches nothing is a problem at its line.
 */
export function keepSections(all: Section[], variant: Variant): Section[] {
  const sections = variant.collections ? withoutEmptied(all) : all;
  if (!variant.sections) return sections;
  const norm = (s: string) => s.trim().toLowerCase();
  const wanted = variant.sections.map(norm);
  const matches = (s: Section) => wanted.includes(norm(s.id)) || wanted.includes(norm(s.title));
  const problems: Problem[] = [];
  variant.sections.forEach((name, i) => {
    if (!sections.some((s) => norm(s.id) === norm(name) || norm(s.title) === norm(name))) {
      const at = variant.sectionsAt?.[i] ?? variant.origin;
      problems.push({
        message: `variant "${variant.id}": no chapter or slide "${name}"`,
        ...at, field: `variants.${variant.id}.sections[${i}]`,
        hint: `chapters: ${sections.filter((s) => s.level === 1).map((s) => s.id).join(', ') || 'none'}`,
      });
    }
  });
  if (problems.length) throw new ValidationError(problems);
  const kept: Section[] = [];
  let chapter: Section | undefined;
  let chapterKept = false;
  for (const s of sections) {
    if (s.level === 1) {
      chapter = s;
      chapterKept = matches(s);
      if (chapterKept) kept.push(s);
    } else if (chapterKept || matches(s)) {
      if (chapter && !kept.includes(chapter)) kept.push(chapter);
      kept.push(s);
    }
  }
  return kept;
}

/**
 * Slides left with nothing on them once the variant's collections are left out (their blocks drew
 * nothing), and chapters left with no slides, go too.
 */
function withoutEmptied(sections: Section[]): Section[] {
  const full = sections.filter((s) => s.level === 1 || s.blocks.length > 0 || s.notes.length > 0);
  return full.filter((s, i) => s.level === 2 || s.blocks.length > 0 || full[i + 1]?.level === 2);
}
