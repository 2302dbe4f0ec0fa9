// The deck as a package: schema-valid, consistent, free of the known PowerPoint repair triggers,
// compressed, small, and byte-identical for the same input.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, slideText } from '../../helpers/run.ts';
import { sampleDocument } from '../../helpers/sample-document.ts';
import { deck, partText, theme, type Deck } from './deck-helpers.ts';

describe('the deck package', () => {
  let d: Deck;
  beforeAll(async () => { d = await deck(sampleDocument()); });

  it('is byte-identical when emitted twice, and dated from the edition', async () => {
    const again = await deck(sampleDocument());
    expect(again.bytes.equals(d.bytes)).toBe(true);
    const core = await partText(d, 'docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-22T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-22T00:00:00Z</dcterms:modified>');
    for (const entry of Object.values(d.zip.files)) expect(entry.date.toISOString(), entry.name).toBe('2026-11-22T00:00:00.000Z');
  });

  it('lists [Content_Types].xml first and the other parts in name order', () => {
    const names: string[] = [];
    for (let i = d.bytes.indexOf('PK\x03\x04'); i >= 0; i = d.bytes.indexOf('PK\x03\x04', i + 4)) {
      const nameLength = d.bytes.readUInt16LE(i + 26);
      names.push(d.bytes.subarray(i + 30, i + 30 + nameLength).toString('utf8'));
    }
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names.slice(1)).toEqual([...names.slice(1)].sort());
  });

  it('deflates every XML part and stays small', () => {
    let deflated = 0;
    let xmlParts = 0;
    for (let i = d.bytes.indexOf('PK\x03\x04'); i >= 0; i = d.bytes.indexOf('PK\x03\x04', i + 4)) {
      const name = d.bytes.subarray(i + 30, i + 30 + d.bytes.readUInt16LE(i + 26)).toString('utf8');
      if (!/\.(xml|rels)$/.test(name)) continue;
      xmlParts++;
      if (d.bytes.readUInt16LE(i + 8) === 8) deflated++;
    }
    expect(deflated).toBe(xmlParts);
    console.log(`sample deck: ${d.slides.length} slides, ${(d.bytes.length / 1024).toFixed(1)} KiB`);
    expect(d.bytes.length).toBeLessThan(150 * 1024);
  });

  it('passes the ECMA-376 schemas (../shared/tools/ooxml-validate)', () => {
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [d.file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('RESULT: OK');
    expect(r.status).toBe(0);
  });

  it('is a consistent package: content types, relationships and ids', async () => {
    const names = new Set(Object.keys(d.zip.files).filter((n) => !d.zip.files[n].dir));
    const types = await partText(d, '[Content_Types].xml');
    const overrides = [...types.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]);
    for (const part of overrides) expect(names.has(part), `override ${part}`).toBe(true);
    expect(new Set(overrides).size).toBe(overrides.length);
    // Every XML part has a content type, by override or by its extension's default.
    const defaults = new Set([...types.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1]));
    for (const name of names) {
      if (name === '[Content_Types].xml') continue;
      expect(overrides.includes(name) || defaults.has(name.split('.').pop()!), `content type of ${name}`).toBe(true);
    }
    for (const name of names) {
      if (!name.endsWith('.rels')) continue;
      const rels = await partText(d, name);
      const base = path.posix.dirname(path.posix.dirname(name));
      const ids = [...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `unique ids in ${name}`).toBe(ids.length);
      for (const m of rels.matchAll(/<Relationship [^>]*Target="([^"]+)"[^>]*>/g)) {
        if (/TargetMode="External"/.test(m[0])) continue;
        const target = m[1].startsWith('/') ? m[1].slice(1) : path.posix.normalize(path.posix.join(base, m[1]));
        expect(names.has(target), `${name} → ${m[1]}`).toBe(true);
      }
    }
    for (const s of d.slides) {
      const ids = [...s.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('avoids the known PowerPoint repair triggers', async () => {
    const xmlNames = Object.keys(d.zip.files).filter((n) => n.endsWith('.xml'));
    const xml = (await Promise.all(xmlNames.map((n) => partText(d, n)))).join('\n');
    // Hex colours only (#588).
    for (const m of xml.matchAll(/<a:srgbClr val="([^"]*)"/g)) expect(m[1]).toMatch(/^[0-9A-F]{6}$/);
    expect(xml).not.toContain('<a:prstClr');
    // No empty runs, no empty table cells (#1168).
    expect(xml).not.toMatch(/<a:t><\/a:t>|<a:t\/>/);
    for (const tc of xml.match(/<a:tc>[\s\S]*?<\/a:tc>/g) ?? []) expect(slideText(tc).trim()).not.toBe('');
    // No phantom slide masters (#1444, PR #1458).
    const types = await partText(d, '[Content_Types].xml');
    for (const m of types.matchAll(/PartName="\/(ppt\/slideMasters\/[^"]+)"/g)) expect(xmlNames).toContain(m[1]);
    const presentation = await partText(d, 'ppt/presentation.xml');
    expect(presentation.indexOf('notesMasterIdLst')).toBeLessThan(presentation.indexOf('sldIdLst'));
  });

  it('gives the notes master valid placeholders and a theme of its own (#1443, PR #1458)', async () => {
    const master = await partText(d, 'ppt/notesMasters/notesMaster1.xml');
    const masterPlaceholders = new Map(placeholders(master));
    expect([...masterPlaceholders.keys()].sort()).toEqual(['body', 'dt', 'ftr', 'hdr', 'sldImg', 'sldNum']);
    const notes = Object.keys(d.zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(notes.length).toBe(d.slides.length);
    for (const name of notes) {
      const xml = await partText(d, name);
      for (const [type, idx] of placeholders(xml)) {
        expect(masterPlaceholders.has(type), `${name}: ${type} in the master`).toBe(true);
        if (type === 'sldNum') expect(idx, `${name}: slide number idx`).toBe(masterPlaceholders.get('sldNum'));
      }
    }
    const notesRels = await partText(d, 'ppt/notesMasters/_rels/notesMaster1.xml.rels');
    const slideMasterRels = await partText(d, 'ppt/slideMasters/_rels/slideMaster1.xml.rels');
    const themeOf = (rels: string) => /Target="\.\.\/theme\/(theme\d+\.xml)"/.exec(rels)![1];
    expect(themeOf(notesRels)).not.toBe(themeOf(slideMasterRels));
  });

  it('names the Latin and CJK fonts in the masters, layouts and the theme font scheme', async () => {
    const parts = Object.keys(d.zip.files).filter((n) => /^ppt\/(slideMasters|slideLayouts|notesMasters|theme)\/[^/]+\.xml$/.test(n));
    expect(parts.filter((n) => n.includes('theme/')).length).toBe(2);
    for (const name of parts) {
      const xml = await partText(d, name);
      for (const m of xml.matchAll(/<a:latin typeface="([^"]*)"/g)) expect(m[1], name).toBe(theme.fonts.latin);
      for (const m of xml.matchAll(/<a:ea typeface="([^"]*)"/g)) expect(m[1], name).toBe(theme.fonts.cjk);
      if (name.includes('theme/')) expect(xml).toContain(`<a:font script="Hans" typeface="${theme.fonts.cjk}"/>`);
    }
    // Runs holding Chinese say so, as PowerPoint writes mixed text.
    const chinese = d.slides.flatMap((s) => [...s.matchAll(/<a:r><a:rPr ([^>]*)>[\s\S]*?<a:t>([^<]*)<\/a:t>/g)]).filter((m) => /[\u4e00-\u9fff]/.test(m[2]));
    expect(chinese.length).toBeGreaterThan(0);
    for (const m of chinese) expect(m[1]).toContain('altLang="zh-CN"');
  });

  it('carries the edition in the document properties', async () => {
    const core = await partText(d, 'docProps/core.xml');
    expect(core).toContain('<dc:title>The large-model market in China</dc:title>');
    expect(core).toContain('<dc:subject>Briefing, November 2026 edition</dc:subject>');
    expect(core).toContain('<dc:creator>Briefsmith</dc:creator>');
    expect(core).toContain('<cp:keywords>large models, AI, China</cp:keywords>');
    const app = await partText(d, 'docProps/app.xml');
    expect(app).toContain('<Company>Briefsmith Research</Company>');
    expect(app).toContain(`<vt:lpstr>${theme.fonts.cjk}</vt:lpstr>`);
  });

  it('writes each paragraph of the talk track as its own notes paragraph, and unique slide ids', async () => {
    const doc = sampleDocument();
    doc.sections[0].notes = [[{ text: 'First point.' }], [{ text: 'Second point, cited', cite: 's002' }]];
    const two = await deck(doc);
    const notes = await partText(two, 'ppt/notesSlides/notesSlide2.xml');
    expect(notes).toContain('<a:t>First point.</a:t></a:r><a:endParaRPr lang="en-US" dirty="0"/></a:p><a:p>');
    // Notes are read aloud: the citation stays in the Document (for the sources list), not in the talk track.
    expect(slideText(notes)).toContain('Second point, cited');
    expect(slideText(notes)).not.toMatch(/\[\d+\]/);
    const ids = await Promise.all(Object.keys(d.zip.files).filter((n) => /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(n))
      .map(async (n) => /p14:creationId [^>]*val="(\d+)"/.exec(await partText(d, n))?.[1]));
    const stamped = ids.filter(Boolean);
    expect(stamped.length).toBeGreaterThan(0);
    expect(new Set(stamped).size).toBe(stamped.length);
  });
});

/** [type, idx] of each placeholder of a part (idx 0 when absent). */
function placeholders(xml: string): [string, string][] {
  return [...xml.matchAll(/<p:ph ([^>]*)\/>/g)].map((m) => [/type="(\w+)"/.exec(m[1])![1], /idx="(\d+)"/.exec(m[1])?.[1] ?? '0']);
}
