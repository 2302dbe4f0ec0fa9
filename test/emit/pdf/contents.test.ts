// The report's contents, read back with poppler in A4 and Letter: on one page where they can be (at
// the theme's sizes, else one step tighter), and when even that is too long, continued on further
// pages under a "Contents (cont.)" heading, every entry once, in order, with the page it starts on.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitReport } from '../../../src/emit/pdf/index.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { ChartImage, Document, Section } from '../../../src/types.ts';
import { ROOT, bytesOf, pdfPages, tempDir } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';
import { shippedForReport } from '../../helpers/shipped.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));
const squash = (s: string) => s.replace(/\s+/g, '');
const CONT = 'Contents (cont.)';

/** A report of `chapters` chapters of `sections` sections each, every title about `words` words long. */
function manyHeadings(chapters: number, sections: number, words: number): Document {
  const base = sampleDocument();
  const filler = ['demand', 'grows', 'in', 'the', 'state', 'sector', 'while', 'prices', 'fall', 'for', 'large', 'models'];
  const title = (n: number) => Array.from({ length: words }, (_, i) => filler[(n + i) % filler.length]).join(' ');
  const all: Section[] = [];
  for (let c = 1; c <= chapters; c++) {
    all.push({ ...base.sections[1], id: `c${c}`, level: 1, title: `Chapter ${c}: ${title(c)}`, blocks: [], notes: [] });
    for (let s = 1; s <= sections; s++) {
      all.push({ ...base.sections[2], id: `c${c}-${s}`, level: 2, title: `Part ${c}.${s} ${title(c + s)}`, blocks: [{ kind: 'paragraph', audience: 'both', runs: [{ text: `What part ${c}.${s} finds.` }] }], notes: [] });
    }
  }
  return { ...base, sections: all, charts: {} };
}

interface Report { file: string; pages: string[] }
async function report(doc: Document, pageSize: 'A4' | 'LETTER', images: Map<string, ChartImage> = sampleChartImages()): Promise<Report> {
  const file = path.join(tempDir('bs-contents-'), 'report.pdf');
  writeFileSync(file, bytesOf(await emitReport(doc, images, theme, { pageSize })));
  return { file, pages: pdfPages(file) };
}

/** The contents pages (from page 2 on, while they are contents), and their entries: title and page. */
function contentsOf(r: Report): { pages: string[]; entries: { title: string; page: number }[] } {
  const pages = [r.pages[1]];
  while (r.pages[pages.length + 1]?.includes(CONT)) pages.push(r.pages[pages.length + 1]);
  const entries = pages.flatMap((p) => p.split('\n').map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m)).map((m) => ({ title: m[1].trim().replace(/\s+/g, ' '), page: Number(m[2]) })));
  return { pages, entries };
}

/** The height of the first word `word` on a page, as pdftotext's boxes give it: its font size, near enough. */
function wordHeight(file: string, page: number, word: string): number {
  const xml = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const m = new RegExp(`yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${word}<`).exec(xml)!;
  return Number(m[2]) - Number(m[1]);
}

describe.each(['A4', 'LETTER'] as const)('the report\'s contents (%s)', (pageSize) => {
  let shipped: Document;
  let shippedImages: Map<string, ChartImage>;
  beforeAll(async () => {
    ({ doc: shipped, images: shippedImages } = await shippedForReport(theme));
  });

  it('fits the shipped report\'s contents on one page, every entry in it', async () => {
    const r = await report(shipped, pageSize, shippedImages);
    const { pages, entries } = contentsOf(r);
    expect(pages).toHaveLength(1);
    expect(r.pages[2]).not.toContain('Contents');
    expect(entries.length).toBe(shipped.sections.filter((s) => s.audience !== 'deck').length + 1);
  });

  it('sets a short contents at the theme\'s sizes, and one too long for them a step smaller, still on one page', async () => {
    const short = await report(manyHeadings(3, 2, 4), pageSize);
    const long = await report(manyHeadings(7, 4, 12), pageSize);
    expect(contentsOf(short).pages).toHaveLength(1);
    expect(contentsOf(long).pages).toHaveLength(1);
    expect(contentsOf(long).entries).toHaveLength(7 * 5 + 1);
    expect(wordHeight(long.file, 2, 'Chapter')).toBeLessThan(wordHeight(short.file, 2, 'Chapter'));
  });

  it('continues a contents too long for one page under a "Contents (cont.)" heading, every entry once, in order, on its page', async () => {
    const doc = manyHeadings(12, 8, 10);
    const r = await report(doc, pageSize);
    const { pages, entries } = contentsOf(r);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages.slice(1)) expect(p.split('\n').find((l) => l.trim() && !l.includes(doc.edition.title))).toBe(CONT);
    expect(entries.map((e) => e.title)).toEqual([...doc.sections.map((s) => (s.level === 1 ? `${s.id.slice(1)} ${s.title}` : `${s.id.slice(1).replace('-', '.')} ${s.title}`)), 'Sources']);
    // The first section follows the last contents page; each entry names the page its heading opens.
    expect(entries[0].page).toBe(pages.length + 2);
    for (const e of entries) expect(squash(r.pages[e.page - 1]), `"${e.title}" on page ${e.page}`).toContain(squash(e.title).slice(0, 30));
    // A chapter's entry never ends a contents page without its first section.
    for (const p of pages) {
      const last = p.split('\n').map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l)).filter(Boolean).pop()!;
      expect(last[1], 'last entry of a contents page').not.toMatch(/^\d+\s+Chapter/);
    }
  });
});
