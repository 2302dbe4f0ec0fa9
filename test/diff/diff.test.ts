import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffEditions, diffLines, previousSnapshot, snapshotOf, withDiffSection } from '../../src/diff/index.ts';
import type { Findings } from '../../src/types.ts';
import { sampleDocument } from '../helpers/sample-document.ts';
import { tempDir } from '../helpers/run.ts';

function findings(date: string, figures: Findings['figures']): Findings {
  return {
    edition: { title: 'T', date, language: 'en' },
    sources: { s002: { id: 's002', title: 'Source', language: 'en' }, s9: { id: 's9', title: 'New source', language: 'en' } },
    figures, collections: {}, charts: {},
  };
}

const filed = { id: 'filed', label: 'large models filed', value: 309, unit: 'models', source: 's002' };
const price = { id: 'price', label: 'token price', value: 0.5, currency: 'CNY', unit: 'CNY per million tokens', qualifier: 'below' as const, source: 's002' };
const share = { id: 'share', label: 'vertical share', value: 72, unit: '%', source: 's002' };

describe('edition diff', () => {
  const before = snapshotOf(findings('2026-10-01', { filed, price, share }));
  const after = snapshotOf(findings('2026-11-22', {
    filed: { ...filed, value: 320 },
    price: { ...price, qualifier: 'about' },
    extra: { id: 'extra', label: 'new figure', value: 5, unit: 'x', source: 's9' },
  }));

  it('lists changed, added and removed figures by how they read', () => {
    const diff = diffEditions(before, after);
    expect(diff.since).toBe('2026-10-01');
    expect(diffLines(diff)).toEqual([
      'changed  large models filed: 309 models → 320 models [s002]',
      'changed  token price: below CNY 0.5 per million tokens → about CNY 0.5 per million tokens [s002]',
      'added    new figure: — → 5 x [s9]',
      'removed  vertical share: 72% → — [s002]',
    ]);
  });

  it('adds a "What changed" section after the key takeaways, with its sources', () => {
    const doc = sampleDocument();
    const diff = diffEditions(before, after);
    const withDiff = withDiffSection(doc, diff, findings('2026-11-22', {}));
    const index = withDiff.sections.findIndex((s) => s.title === 'What changed since 1 October 2026');
    expect(index).toBe(1);
    expect(withDiff.sections[0].id).toBe('key-takeaways');
    const table = withDiff.sections[index].blocks[0];
    expect(table).toMatchObject({ kind: 'table', columns: ['Figure', 'Before', 'Now', 'Source'] });
    expect(table.kind === 'table' && table.rows.length).toBe(4);
    expect(withDiff.sections[index].notes[0][0].text).toContain('2 figures changed, 1 figure added, 1 figure removed');
    expect(withDiff.sources.map((s) => s.id)).toContain('s9');
  });

  it('adds nothing when nothing changed', () => {
    const doc = sampleDocument();
    expect(withDiffSection(doc, diffEditions(before, before), findings('2026-11-22', {}))).toBe(doc);
  });

  it('compares with the latest earlier edition, ignoring later ones and unreadable files', async () => {
    const out = tempDir('bs-diff-');
    mkdirSync(path.join(out, '.editions'));
    const write = (date: string, text: string) => writeFileSync(path.join(out, '.editions', `${date}.json`), text);
    write('2026-09-01', JSON.stringify({ ...before, edition: { title: 'T', date: '2026-09-01' } }));
    write('2026-10-01', JSON.stringify(before));
    write('2026-11-01', '{ not json');
    write('2026-12-01', JSON.stringify(after));
    const warnings: string[] = [];
    const found = await previousSnapshot(out, '2026-11-22', (m) => warnings.push(m));
    expect(found?.edition.date).toBe('2026-10-01');
    expect(warnings).toEqual([expect.stringContaining('2026-11-01.json')]);
    expect(await previousSnapshot(tempDir('bs-diff-empty-'), '2026-11-22')).toBeUndefined();
  });
});
