// Edition diff: each build keeps a snapshot of the figures it used (out/.editions/<date>.json);
// the next edition compares its figures with the latest earlier snapshot and says what changed.
// Rebuilding the same edition compares with the same earlier one, so its "what changed" is stable.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { localeOf, type Locale } from '../i18n/index.ts';
import { own } from '../ids.ts';
import { SNAPSHOT_DIR } from '../paths.ts';
import type { Artifact, Document, Findings, Run, Section } from '../types.ts';

export interface Snapshot {
  edition: { title: string; date: string };
  figures: Record<string, { label: string; text: string; source: string }>;
}

export interface FigureChange {
  id: string;
  label: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
  source: string;
}

export interface EditionDiff {
  since: string;
  changes: FigureChange[];
}

/** How each figure of the findings reads, in their edition's language. */
export function snapshotOf(findings: Findings): Snapshot {
  const { format } = localeOf(findings.edition.language);
  const figures = Object.fromEntries(Object.values(findings.figures).map((f) => [f.id, { label: f.label, text: format.figure(f), source: f.source }]));
  return { edition: { title: findings.edition.title, date: findings.edition.date }, figures };
}

/** Where an out/ folder keeps the snapshot of the edition of `date`. */
export const snapshotName = (date: string) => `${SNAPSHOT_DIR}/${date}.json`;

export function snapshotArtifact(snapshot: Snapshot): Artifact {
  return { name: snapshotName(snapshot.edition.date), chunks: [Buffer.from(`${JSON.stringify(snapshot, null, 2)}\n`)] };
}

/** The latest snapshot of an edition dated before `date`, or undefined when there is none. */
export async function previousSnapshot(outDir: string, date: string, warn?: (m: string) => void): Promise<Snapshot | undefined> {
  let names: string[];
  try {
    names = await readdir(path.join(outDir, SNAPSHOT_DIR));
  } catch {
    return undefined;
  }
  const earlier = names.filter((n) => /^\d{4}(-\d{2}){0,2}\.json$/.test(n) && n.slice(0, -5) < date).sort().reverse();
  for (const name of earlier) {
    const file = path.join(outDir, SNAPSHOT_DIR, name);
    try {
      const snapshot = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
      if (snapshot?.edition?.date && snapshot.figures) return snapshot;
    } catch { /* reported below */ }
    warn?.(`ignoring unreadable edition snapshot ${file}`);
  }
  return undefined;
}

/** Figures added, removed or changed (by how they read, so a new qualifier or date counts). */
export function diffEditions(before: Snapshot, after: Snapshot): EditionDiff {
  const changes: FigureChange[] = [];
  for (const [id, now] of Object.entries(after.figures)) {
    const was = own(before.figures, id);
    if (!was) changes.push({ id, label: now.label, kind: 'added', after: now.text, source: now.source });
    else if (was.text !== now.text) changes.push({ id, label: now.label, kind: 'changed', before: was.text, after: now.text, source: now.source });
  }
  for (const [id, was] of Object.entries(before.figures)) {
    if (!own(after.figures, id)) changes.push({ id, label: was.label, kind: 'removed', before: was.text, source: was.source });
  }
  return { since: before.edition.date, changes };
}

/** "changed  large models filed: 309 models → 320 models [s002]", one line per change. */
export function diffLines(diff: EditionDiff, locale: Locale = localeOf('en')): string[] {
  const { messages } = locale;
  const width = Math.max(...Object.values(messages.diff.kinds).map((k) => k.length)) + 1;
  return diff.changes.map((c) => `${messages.diff.kinds[c.kind].padEnd(width)} ${c.label}${messages.colon}${c.before ?? '—'} → ${c.after ?? '—'} [${c.source}]`);
}

export function diffTitle(diff: EditionDiff, locale: Locale = localeOf('en')): string {
  return locale.messages.diff.title(locale.format.date(diff.since));
}

/**
 * Adds a "What changed" slide/section after the key takeaways (or first), and the sources it cites.
 * No change: the document is returned as it was.
 */
export function withDiffSection(doc: Document, diff: EditionDiff, findings: Findings): Document {
  if (!diff.changes.length) return doc;
  const locale = localeOf(doc.edition.language);
  const t = locale.messages.diff;
  const known = new Set(doc.sources.map((s) => s.id));
  // A removed figure's source may be gone from the data too: name it, but cite only what exists.
  const citable = (id: string) => known.has(id) || Boolean(own(findings.sources, id));
  const sources = [...new Set(diff.changes.map((c) => c.source))].filter(citable);
  const cell = (text: string): Run[] => [{ text }];
  const sourceCell = (id: string): Run[] => (citable(id) ? [{ text: '', cite: id }] : cell(id));
  const rows = diff.changes.map((c) => [cell(c.label), cell(c.before ?? t.added), cell(c.after ?? t.removed), sourceCell(c.source)]);
  const counts = (['changed', 'added', 'removed'] as const)
    .map((kind) => [kind, diff.changes.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0).map(([kind, n]) => t.count(n, kind));
  const title = diffTitle(diff, locale);
  const section: Section = {
    id: uniqueId('what-changed', doc.sections), level: 2, title, audience: 'both', sources,
    origin: { file: 'data', line: 0, column: 0 },
    // The section's title says since when; the table's caption says how much moved, not the title again.
    blocks: [{ kind: 'table', audience: 'both', collectionId: 'edition_diff', title: t.caption(counts), columns: t.columns, rows, sources }],
    notes: [[{ text: t.notes(locale.format.date(diff.since), counts) }]],
  };
  const afterTiles = doc.sections.findIndex((s) => s.blocks.some((b) => b.kind === 'tiles'));
  const sections = [...doc.sections];
  sections.splice(afterTiles + 1, 0, section);
  const extra = sources.flatMap((id) => (known.has(id) ? [] : own(findings.sources, id) ?? []));
  return { ...doc, sections, sources: [...doc.sources, ...extra] };
}

function uniqueId(id: string, sections: Section[]): string {
  const ids = new Set(sections.map((s) => s.id));
  let candidate = id;
  for (let n = 2; ids.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}
