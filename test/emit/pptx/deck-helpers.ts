// Opening a deck the emitter wrote, as PowerPoint and LibreOffice would: the package, its slides in
// order, their notes; and the checks several test files make on the slide XML.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { expect } from 'vitest';
import { emitDeck } from '../../../src/emit/pptx/index.ts';
import { createMeasurer } from '../../../src/emit/pptx/measure.ts';
import { loadTheme, type Theme } from '../../../src/theme/index.ts';
import type { ChartImage, Document } from '../../../src/types.ts';
import { ROOT, bytesOf, slideText, tempDir, unescapeXml } from '../../helpers/run.ts';
import { sampleChartImages } from '../../helpers/sample-document.ts';
import { parasHeightPt } from '../../helpers/slide-fill.ts';

export const theme = loadTheme(path.join(ROOT, 'templates'));
export const EMU = 914400;
/** The 16:9 slide, in EMU; a deck's own size is in its presentation.xml (slideSizeOf). */
export const SLIDE = { cx: 12192000, cy: 6858000 };
/** Top of the source line under the content (geometry.ts SOURCE_BOX.y), in EMU. */
const SOURCE_LINE_TOP = Math.round(6.52 * EMU);

export interface Deck { bytes: Buffer; zip: JSZip; slides: string[]; notes: Map<number, string>; file: string; size: { cx: number; cy: number } }

export async function deck(doc: Document, charts: 'image' | 'native' = 'image', images: Map<string, ChartImage> = sampleChartImages(), withTheme: Theme = theme): Promise<Deck> {
  const artifact = await emitDeck(doc, images, withTheme, { charts });
  expect(artifact.name).toBe('briefing.pptx');
  return openDeck(bytesOf(artifact));
}

export async function openDeck(bytes: Buffer): Promise<Deck> {
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
  const [cx, cy] = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(await zip.file('ppt/presentation.xml')!.async('string'))!.slice(1).map(Number);
  return { bytes, zip, slides, notes, file, size: { cx, cy } };
}

export async function partText(d: Deck, name: string): Promise<string> {
  return d.zip.file(name)!.async('string');
}

const num = (name: string) => Number(/(\d+)\.xml$/.exec(name)![1]);
export const titleOf = (xml: string): string => slideText(xml).split('\n').find((l) => l.trim()) ?? '';

/** The XML form of literal text as pptxgenjs writes it (escaped once). */
export function escapedOnce(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function expectShapesOnSlide(slides: string[], size: { cx: number; cy: number } = SLIDE): void {
  for (const [i, s] of slides.entries()) {
    for (const m of s.matchAll(/<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/g)) {
      const [x, y, cx, cy] = m.slice(1).map(Number);
      expect(x, `slide ${i + 1}`).toBeGreaterThanOrEqual(0);
      expect(y, `slide ${i + 1}`).toBeGreaterThanOrEqual(0);
      expect(x + cx, `slide ${i + 1}`).toBeLessThanOrEqual(size.cx);
      expect(y + cy, `slide ${i + 1}`).toBeLessThanOrEqual(size.cy);
    }
  }
}

/**
 * Re-measures every text box with the real font metrics: its wrapped lines, at their sizes, plus
 * the space after each paragraph, must fit the box's height.
 */
export function expectTextFits(slides: string[]): void {
  const m = createMeasurer(theme);
  for (const [i, s] of slides.entries()) {
    for (const sp of s.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
      const ext = /<a:off x="\d+" y="\d+"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp);
      if (!ext || !sp.includes('<a:t>') || sp.includes('type="sldNum"')) continue;
      const width = (Number(ext[1]) / EMU) * 72;
      const height = (Number(ext[2]) / EMU) * 72;
      const needed = parasHeightPt(sp, width, m);
      expect(needed, `slide ${i + 1}: "${slideText(sp).slice(0, 40)}"`).toBeLessThanOrEqual(height * 1.02);
    }
  }
}

/**
 * Every table: each row's measured cells fit the row height written for it (column widths from the
 * grid, 4 pt cell margins), and the table ends above the source line.
 */
export function expectTablesFit(slides: string[]): void {
  const m = createMeasurer(theme);
  for (const [i, s] of slides.entries()) {
    for (const frame of s.match(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g) ?? []) {
      if (!frame.includes('<a:tbl>')) continue;
      const [, y, cy] = /<p:xfrm><a:off x="\d+" y="(\d+)"\/><a:ext cx="\d+" cy="(\d+)"\/>/.exec(frame)!.map(Number);
      expect(y + cy, `slide ${i + 1}: table above the source line`).toBeLessThanOrEqual(SOURCE_LINE_TOP);
      const cols = [...frame.matchAll(/<a:gridCol w="(\d+)"/g)].map((g) => (Number(g[1]) / EMU) * 72);
      let rowsTotal = 0;
      for (const tr of frame.match(/<a:tr h="\d+">[\s\S]*?<\/a:tr>/g) ?? []) {
        const h = (Number(/<a:tr h="(\d+)"/.exec(tr)![1]) / EMU) * 72;
        rowsTotal += h;
        expect(h, `slide ${i + 1}: row height written`).toBeGreaterThan(0);
        (tr.match(/<a:tc>[\s\S]*?<\/a:tc>/g) ?? []).forEach((tc, ci) => {
          const text = [...tc.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join('');
          const size = Number(/sz="(\d+)"/.exec(tc)?.[1] ?? 1800) / 100;
          const lines = m.wrap(text, size, cols[ci] - 8, /b="1"/.test(tc)).length;
          expect(lines * m.lineHeight(text, size) + 8, `slide ${i + 1}: "${text.slice(0, 30)}"`).toBeLessThanOrEqual(h);
        });
      }
      expect(rowsTotal / 72 * EMU, `slide ${i + 1}: frame as tall as its rows`).toBeCloseTo(cy, -4);
    }
  }
}

/** Chart pictures keep the image's aspect ratio and end above the source line. */
export function expectChartsPlaced(slides: string[], images: Map<string, ChartImage>): void {
  const aspects = [...images.values()].map((im) => im.width / im.height);
  for (const [i, s] of slides.entries()) {
    for (const pic of s.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
      const [, y, cx, cy] = /<a:off x="\d+" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(pic)!.map(Number);
      expect(aspects.some((a) => Math.abs(cx / cy - a) < 0.01), `slide ${i + 1}: aspect ratio kept`).toBe(true);
      expect(y + cy, `slide ${i + 1}: chart above the source line`).toBeLessThanOrEqual(SOURCE_LINE_TOP);
    }
  }
}

/**
 * What PowerPoint's Accessibility Checker and a screen reader would report of a deck, as a list of
 * problems (empty when there are none): every slide has a title in its layout's title placeholder,
 * read first; shape ids are unique in every slide, layout and master; every picture and chart has
 * alt text (a chart's with its numbers), every table a header row and a description; every shape
 * without text is decorative or described; app.xml names each slide by its title.
 */
export async function accessibilityProblems(d: Deck): Promise<string[]> {
  const problems: string[] = [];
  const names = Object.keys(d.zip.files);
  const drawn = names.filter((n) => /^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(n));
  for (const name of drawn) {
    const xml = await partText(d, name);
    const ids = [...xml.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1]);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (repeated.length) problems.push(`${name}: shape ids used twice: ${[...new Set(repeated)].join(', ')}`);
    for (const sp of xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
      if (/<a:t>[^<]|<a:fld\b|<p:ph\b/.test(sp)) continue;
      const named = /<p:cNvPr [^>]*name="([^"]*)"/.exec(sp)?.[1];
      if (!/<adec:decorative [^>]*val="1"/.test(sp) && !/<p:cNvPr [^>]*descr="[^"]+"/.test(sp)) problems.push(`${name}: shape "${named}" has no text, no alt text and is not marked decorative`);
    }
  }
  for (const [i, xml] of d.slides.entries()) {
    const where = `slide ${i + 1}`;
    const shapes = xml.match(/<p:(?:sp|pic|graphicFrame)>[\s\S]*?<\/p:(?:sp|pic|graphicFrame)>/g) ?? [];
    const titles = shapes.filter((s) => /<p:ph type="(?:title|ctrTitle)"/.test(s));
    if (titles.length !== 1) problems.push(`${where}: ${titles.length} title placeholders`);
    else if (!slideText(titles[0]).trim()) problems.push(`${where}: the title placeholder is empty`);
    else if (shapes[0] !== titles[0]) problems.push(`${where}: the title is not first in the reading order`);
    const rels = await partText(d, `ppt/slides/_rels/slide${i + 1}.xml.rels`);
    const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)?.[1];
    if (!layout || !(await partText(d, `ppt/slideLayouts/${layout}`)).includes('<p:ph type="title"/>')) problems.push(`${where}: its layout has no title placeholder`);
    for (const pic of xml.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
      if (!/<p:cNvPr [^>]*descr="[^"]{10,}"/.test(pic)) problems.push(`${where}: a picture without alt text`);
    }
    for (const frame of xml.match(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g) ?? []) {
      const descr = unescapeXml(/<p:cNvPr [^>]*descr="([^"]*)"/.exec(frame)?.[1] ?? '');
      if (frame.includes('<c:chart ') && !/\d/.test(descr)) problems.push(`${where}: a chart whose alt text has no values ("${descr}")`);
      if (frame.includes('<a:tbl>')) {
        if (!/<a:tblPr [^>]*firstRow="1"/.test(frame)) problems.push(`${where}: a table without its header-row flag`);
        if (!descr) problems.push(`${where}: a table without a description`);
      }
    }
  }
  const app = await partText(d, 'docProps/app.xml');
  const partTitles = [...app.matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => unescapeXml(m[1]));
  const slideTitles = d.slides.map((s) => slideText(/<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<p:ph type="title"[\s\S]*?<\/p:sp>/.exec(s)?.[0] ?? '').replace(/\n/g, ''));
  if (partTitles.slice(-d.slides.length).join('\n') !== slideTitles.join('\n')) problems.push('app.xml: the part titles are not the slide titles');
  const counted = Number(/<vt:lpstr>Slide Titles<\/vt:lpstr><\/vt:variant>\s*<vt:variant><vt:i4>(\d+)/.exec(app)?.[1]);
  if (counted !== d.slides.length) problems.push(`app.xml: ${counted} slide titles counted for ${d.slides.length} slides`);
  if (/<Words>0<\/Words>/.test(app)) problems.push('app.xml: no words counted');
  const types = await partText(d, '[Content_Types].xml');
  for (const [, ext] of types.matchAll(/<Default Extension="([^"]+)"/g)) {
    if (!names.some((n) => n.toLowerCase().endsWith(`.${ext.toLowerCase()}`))) problems.push(`[Content_Types].xml: a default for .${ext}, which no part has`);
  }
  const presentation = await partText(d, 'ppt/presentation.xml');
  const [cx, cy] = (/<p:notesSz cx="(\d+)" cy="(\d+)"/.exec(presentation) ?? []).slice(1).map(Number);
  const master = await partText(d, 'ppt/notesMasters/notesMaster1.xml');
  const extents = [...master.matchAll(/<a:off x="(\d+)" y="(\d+)"\/><a:ext cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => m.slice(1).map(Number));
  const right = Math.max(...extents.map(([x, , w]) => x + w));
  const bottom = Math.max(...extents.map(([, y, , h]) => y + h));
  if (right > cx || bottom > cy || bottom < cy * 0.95) problems.push(`the notes page (${cx}×${cy}) does not match the notes master (${right}×${bottom})`);
  return problems;
}

/**
 * The font sizes of body text on every slide but the title slide: all text but each slide's title,
 * its source line, citation superscripts, the slide number, and display figures (bold text larger
 * than the body size: tile values, divider numbers and titles).
 */
export function bodyTextSizes(slides: string[]): Map<number, string[]> {
  const sizes = new Map<number, string[]>();
  slides.slice(1).forEach((xml, i) => {
    const shapes = xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? [];
    const frames = xml.match(/<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/g) ?? [];
    const texts = [...shapes.filter((sp) => sp.includes('<a:t>')).slice(1), ...frames];
    for (const shape of texts) {
      if (/^Sources?: /.test(slideText(shape))) continue;
      for (const run of shape.match(/<a:r>[\s\S]*?<\/a:r>/g) ?? []) {
        const rPr = /<a:rPr [^>]*>|<a:rPr [^>]*\/>/.exec(run)?.[0] ?? '';
        const text = unescapeXml(/<a:t>([^<]*)<\/a:t>/.exec(run)?.[1] ?? '');
        if (!text.trim() || /baseline="30000"/.test(rPr)) continue;
        const size = Number(/sz="(\d+)"/.exec(rPr)?.[1] ?? /sz="(\d+)"/.exec(shape)?.[1] ?? 1800) / 100;
        if (/ b="1"/.test(rPr) && size > theme.deck.bodySize) continue;
        sizes.set(size, [...(sizes.get(size) ?? []), `slide ${i + 2}: ${text.slice(0, 30)}`]);
      }
    }
  });
  return sizes;
}

/** Body text at the theme's two body sizes only, and titles at its two title sizes (or smaller only when neither fits). */
export function expectTypeScale(slides: string[]): void {
  const body = bodyTextSizes(slides);
  const allowed = [theme.deck.bodySize, theme.deck.minBodySize];
  for (const [size, where] of body) expect(allowed, `${size} pt body text: ${where.slice(0, 3).join('; ')}`).toContain(size);
  expect(body.size).toBeLessThanOrEqual(2);
}
