// compose: findings + templates → the one Document that both the deck and the report render.
import type { Document, Findings, Section, SourceEntry, Tile, Variant } from '../types.ts';
import { renderStory } from './engine.ts';
import { parseStory, tileOf } from './parse.ts';
import { own, recordOf } from '../ids.ts';
import { localeOf } from '../i18n/index.ts';
import { findingsFor, keepSections } from './variant.ts';
import { readImage } from '../images.ts';

export { escapeMarkdown } from './markers.ts';
export { plainText } from './parse.ts';

/** Composes the edition, or the edition of one variant (findings.variants[id]) when one is given. */
export function composeDocument(all: Findings, templatesDir: string, variant?: Variant): Document {
  const findings = findingsFor(all, variant);
  const story = renderStory(findings, templatesDir, variant);
  const parsed = parseStory(story, findings, (src) => readImage(templatesDir, src));
  const sections = variant ? keepSections(parsed, variant) : parsed;
  const usedCharts = new Set(sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chartId] : []))));
  const { format } = localeOf(findings.edition.language);
  const headlines = (findings.edition.headlines ?? []).map((id) => tileOf(own(findings.figures, id)!, format));
  return {
    edition: findings.edition,
    sections,
    sources: citedSources(sections, headlines, findings),
    charts: recordOf(Object.entries(findings.charts).filter(([id]) => usedCharts.has(id))),
    headlines,
  };
}

/** The sources list both outputs end with: every source used, in order of first use (the cover's last). */
function citedSources(sections: Section[], headlines: Tile[], findings: Findings): SourceEntry[] {
  const order: string[] = [];
  const add = (id: string | undefined) => { if (id && !order.includes(id)) order.push(id); };
  for (const s of sections) {
    s.sources.forEach(add);
    s.notes.flat().forEach((r) => add(r.cite));
  }
  // The report's cover cites its headline figures, even those the story does not show.
  headlines.forEach((h) => add(h.source));
  return order.flatMap((id) => own(findings.sources, id) ?? []);
}
