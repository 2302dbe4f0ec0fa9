// The deck emitter on hand-made Documents: the package is opened and its XML read, as PowerPoint
// and LibreOffice would; then LibreOffice itself converts it.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/charts/index.ts';
import { composeDocument } from '../../../src/compose/index.ts';
import { emitDeck } from '../../../src/emit/pptx/index.ts';
import { loadFindings } from '../../../src/index.ts';
import { createMeasurer } from '../../../src/emit/pptx/measure.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { Document } from '../../../src/types.ts';
import { ROOT, pdfPageCount, slideText, sofficeToPdf, tempDir, unescapeXml } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));
const EMU = 914400;
const SLIDE = { cx: 12192000, cy: 6858000 };

interface Deck { bytes: Buffer; zip: JSZip; slides: string[]; notes: Map<number, string>; file: string }

async function deck(doc: Document, charts: 'image' | 'native' = 'image'): Promise<Deck> {
  const { bytes } = await emitDeck(doc, sampleChartImages(), theme, { charts });
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => num(a) - num(b));
  const slides = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
  const notes = new Map<number, string>();
  for (const [i, name] of names.entries()) {
    const rels = await zip.file(name.replace('slides/', 'slides/_rels/') + '.rels')!.async('string');
    const target = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)?.[1];
    if (target) notes.set(i, slideText(await zip.file(`ppt/notesSlides/${target}`)!.async('string')));
  }
  const file = path.join(tempDir('bs-deck-'), 'deck.pptx');
  writeFileSync(file, bytes);
  return { bytes, zip, slides, notes, file };
}

const num = (name: string) => Number(/(\d+)\.xml$/.exec(name)![1]);
const titleOf = (xml: string) => slideText(xml).split('\n').find((l) => l.trim()) ?? '';

describe('emitDeck on the sample document', () => {
  let d: Deck;
  beforeAll(async () => { d = await deck(sampleDocument()); });

  it('has a title slide, every section in order, and the sources at the end', () => {
    const texts = d.slides.map(slideText);
    expect(texts[0]).toContain('The large-model market in China');
    expect(texts[0]).toContain('22 November 2026');
    const titles = ['Key takeaways', 'The market', 'Market size and growth', 'Literal text', 'Evolution', 'Industry chain', 'Sector use cases', 'Sources'];
    let at = 0;
    for (const t of titles) {
      const i = texts.findIndex((x, k) => k >= at && x.includes(t));
      expect(i, t).toBeGreaterThanOrEqual(at);
      at = i;
    }
    expect(texts[texts.length - 1]).toMatch(/^Sources/);
    expect(texts[texts.length - 1]).toContain('AIGC被ChatGPT带火');
  });

  it('shows markup, entities and Chinese literally, never double-escaped', () => {
    const all = d.slides.join('');
    expect(all).toContain(unescapeXmlInverse('Literal text: *stars* # hash & <b>tags</b> {{x}} 中文标题 🚀'));
    expect(all).not.toContain('&amp;amp;');
    expect(d.slides.map(slideText).join('\n')).toContain('AIGC即AI Generated Content');
  });

  it('gives every slide speaker notes, and content slides the talk track', () => {
    d.slides.forEach((_, i) => expect(d.notes.get(i), `notes of slide ${i + 1}`).toBeTruthy());
    const market = d.slides.findIndex((s) => titleOf(s).startsWith('Market size'));
    expect(d.notes.get(market)).toContain('the 2027 bar is a projection');
  });

  it('puts the chart picture on its slide with alt text from the chart data', () => {
    const withPicture = d.slides.filter((s) => s.includes('<p:pic>'));
    expect(withPicture).toHaveLength(1);
    const descr = /<p:cNvPr [^>]*descr="([^"]*)"/.exec(withPicture[0])?.[1];
    expect(unescapeXml(descr ?? '')).toBe(sampleChartImages().get('market-size')!.alt);
  });

  it('numbers the slides and prints the edition date in the footer (from the master)', async () => {
    expect(d.slides[1]).toContain('type="slidenum"');
    // pptxgenjs writes each master's objects into its slide layout: follow slide 2 to its layout.
    const rels = await d.zip.file('ppt/slides/_rels/slide2.xml.rels')!.async('string');
    const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)![1];
    expect(await d.zip.file(`ppt/slideLayouts/${layout}`)!.async('string')).toContain('22 November 2026');
  });

  it('sets the Latin and East Asian font slots on every run', () => {
    for (const s of d.slides) {
      for (const rPr of s.match(/<a:rPr\b[\s\S]*?<\/a:rPr>/g) ?? []) {
        expect(rPr).toContain(`<a:latin typeface="${theme.fonts.latin}"`);
        expect(rPr).toContain(`<a:ea typeface="${theme.fonts.cjk}"`);
      }
    }
  });

  it('keeps every shape on the slide', () => expectShapesOnSlide(d.slides));

  it('fits the measured text of every text box inside its box', () => expectTextFits(d.slides));

  it('is byte-identical when emitted twice, compressed, and dated from the edition', async () => {
    const again = await deck(sampleDocument());
    expect(again.bytes.equals(d.bytes)).toBe(true);
    const core = await d.zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('2026-11-22T00:00:00Z');
    const raw = d.bytes;
    // Local file headers: compression method 8 (DEFLATE) for the XML parts.
    let deflated = 0;
    for (let i = raw.indexOf('PK\x03\x04'); i >= 0; i = raw.indexOf('PK\x03\x04', i + 4)) if (raw.readUInt16LE(i + 8) === 8) deflated++;
    expect(deflated).toBeGreaterThan(20);
  });

  it('passes the ECMA-376 schemas (../shared/tools/ooxml-validate)', () => {
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [d.file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('RESULT: OK');
    expect(r.status).toBe(0);
  });

  it('is a consistent package: content types, relationships and ids', async () => {
    const names = new Set(Object.keys(d.zip.files).filter((n) => !d.zip.files[n].dir));
    const types = await d.zip.file('[Content_Types].xml')!.async('string');
    for (const m of types.matchAll(/<Override PartName="\/([^"]+)"/g)) expect(names.has(m[1]), `override ${m[1]}`).toBe(true);
    for (const name of names) {
      if (!name.endsWith('.rels')) continue;
      const rels = await d.zip.file(name)!.async('string');
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
    const xml = (await Promise.all(Object.keys(d.zip.files).filter((n) => n.endsWith('.xml')).map((n) => d.zip.file(n)!.async('string')))).join('\n');
    for (const m of xml.matchAll(/<a:srgbClr val="([^"]*)"/g)) expect(m[1]).toMatch(/^[0-9A-F]{6}$/);
    expect(xml).not.toContain('<a:prstClr');
    expect(xml).not.toMatch(/<a:t><\/a:t>|<a:t\/>/);
    expect(xml).not.toMatch(/<a:tc>\s*<a:txBody>\s*<a:bodyPr[^>]*\/>\s*<a:lstStyle\/>\s*<a:p>\s*<a:endParaRPr/);
    const presentation = await d.zip.file('ppt/presentation.xml')!.async('string');
    expect(presentation.indexOf('notesMasterIdLst')).toBeLessThan(presentation.indexOf('sldIdLst'));
    // PowerPoint gives the notes master a theme of its own; pptxgenjs shares the slide master's.
    const notesRels = await d.zip.file('ppt/notesMasters/_rels/notesMaster1.xml.rels')!.async('string');
    const slideMasterRels = await d.zip.file('ppt/slideMasters/_rels/slideMaster1.xml.rels')!.async('string');
    const themeOf = (rels: string) => /Target="\.\.\/theme\/(theme\d+\.xml)"/.exec(rels)![1];
    expect(themeOf(notesRels)).not.toBe(themeOf(slideMasterRels));
  });

  it('names the Latin and CJK fonts in the masters, layouts and the theme font scheme', async () => {
    const parts = Object.keys(d.zip.files).filter((n) => /^ppt\/(slideMasters|slideLayouts|theme)\/[^/]+\.xml$/.test(n));
    expect(parts.filter((n) => n.includes('theme/')).length).toBeGreaterThanOrEqual(1);
    for (const name of parts) {
      const xml = await d.zip.file(name)!.async('string');
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
    const core = await d.zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>The large-model market in China</dc:title>');
    expect(core).toContain('<cp:keywords>large models, AI, China</cp:keywords>');
    const app = await d.zip.file('docProps/app.xml')!.async('string');
    expect(app).toContain('<Company>Briefsmith Research</Company>');
  });
});

describe('emitDeck fits long content onto continuation slides', () => {
  it('splits many bullets, at most seven a slide', async () => {
    const d = await deck(sampleDocument({ bullets: 20 }));
    const parts = d.slides.filter((s) => titleOf(s).startsWith('Literal text'));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const s of parts) expect((s.match(/<a:buChar/g) ?? []).length).toBeLessThanOrEqual(7);
    expect(parts.slice(1).every((s) => titleOf(s).endsWith('(cont.)'))).toBe(true);
  });

  it('splits a long table with its header row on every slide', async () => {
    const d = await deck(sampleDocument({ tableRows: 30 }));
    const parts = d.slides.filter((s) => s.includes('<a:tbl>'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    let rows = 0;
    for (const s of parts) {
      const first = /<a:tr [\s\S]*?<\/a:tr>/.exec(s)![0];
      expect(slideText(first)).toContain('Pain points');
      rows += (s.match(/<a:tr /g) ?? []).length - 1;
    }
    expect(rows).toBe(30);
  });
});

describe('emitDeck with native charts', () => {
  it('writes an editable chart with the same numbers as the image', async () => {
    const d = await deck(sampleDocument(), 'native');
    const chartParts = Object.keys(d.zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    expect(chartParts).toHaveLength(1);
    const xml = await d.zip.file(chartParts[0])!.async('string');
    for (const v of ['1.2', '15.7', '113']) expect(xml).toContain(`<c:v>${v}</c:v>`);
    expect(d.slides.some((s) => s.includes('<p:pic>'))).toBe(false);
  });
});

describe('emitDeck on the shipped data', () => {
  it('keeps every shape on its slide and every text inside its box', async () => {
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    const doc = composeDocument(findings, path.join(ROOT, 'templates'));
    const renderer = createChartRenderer(theme);
    const { images } = await renderer.render(Object.values(doc.charts));
    await renderer.close();
    const { bytes } = await emitDeck(doc, images, theme, { charts: 'image' });
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => num(a) - num(b));
    const slides = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
    expect(slides.length).toBeGreaterThanOrEqual(18);
    expectShapesOnSlide(slides);
    expectTextFits(slides);
    // Every chart picture is placed large enough to be sharp (>= 150 dpi) and readable.
    for (const s of slides.filter((x) => x.includes('<p:pic>'))) {
      const cx = Number(/<p:pic>[\s\S]*?<a:ext cx="(\d+)"/.exec(s)![1]);
      expect(1600 / (cx / EMU)).toBeGreaterThanOrEqual(150);
      // Chart labels are drawn at theme.chart.fontSize px on a 1600 px canvas: at least 14 pt as placed.
      expect((theme.chart.fontSize * (cx / EMU) * 72) / 1600).toBeGreaterThanOrEqual(14);
    }
  });
});

describe('LibreOffice', () => {
  it('opens the deck and renders one page per slide', async () => {
    const d = await deck(sampleDocument({ tableRows: 12, bullets: 9 }));
    const pdf = sofficeToPdf(d.file);
    expect(pdfPageCount(pdf)).toBe(d.slides.length);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('中文标题');
  });
});


function expectShapesOnSlide(slides: string[]): void {
  for (const [i, s] of slides.entries()) {
    for (const m of s.matchAll(/<a:off x="(-?\d+)" y="(-?\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/g)) {
      const [x, y, cx, cy] = m.slice(1).map(Number);
      expect(x, `slide ${i + 1}`).toBeGreaterThanOrEqual(0);
      expect(y, `slide ${i + 1}`).toBeGreaterThanOrEqual(0);
      expect(x + cx, `slide ${i + 1}`).toBeLessThanOrEqual(SLIDE.cx);
      expect(y + cy, `slide ${i + 1}`).toBeLessThanOrEqual(SLIDE.cy);
    }
  }
}

/** Re-measures every text box with the real font metrics: its lines must fit its height. */
function expectTextFits(slides: string[]): void {
  const m = createMeasurer(theme);
  for (const [i, s] of slides.entries()) {
    for (const sp of s.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
      const ext = /<a:off x="\d+" y="\d+"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
      if (!ext || !sp.includes('<a:t>') || sp.includes('type="sldNum"')) continue;
      const width = (Number(ext[1]) / EMU) * 72;
      const height = (Number(ext[2]) / EMU) * 72;
      let needed = 0;
      for (const p of sp.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []) {
        const text = [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join('');
        const size = Number(/sz="(\d+)"/.exec(p)?.[1] ?? 1800) / 100;
        const indent = Number(/marL="(\d+)"/.exec(p)?.[1] ?? 0) / 12700;
        const bold = /b="1"/.test(p) && !/b="0"/.test(p);
        needed += m.wrap(text, size, width - indent, bold).length * m.lineHeight(text, size);
      }
      expect(needed, `slide ${i + 1}: "${slideText(sp).slice(0, 40)}"`).toBeLessThanOrEqual(height * 1.02);
    }
  }
}

/** The XML form of literal text as pptxgenjs writes it (escaped once). */
function unescapeXmlInverse(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
