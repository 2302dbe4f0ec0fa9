// Where the report's pages break, on the shipped story and on generated documents of every shape,
// in A4 and Letter, read back from the PDF with poppler: no heading at a page's foot, captions and
// source lines with their figure or table, short tables whole, and no page more than half empty
// except before a chapter.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitReport } from '../../../src/emit/pdf/index.ts';
import { forEdition } from '../../../src/emit/common.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { AudienceBlock, ChartImage, ChartSpec, Document, Run, Section } from '../../../src/types.ts';
import { ROOT, bytesOf, tempDir } from '../../helpers/run.ts';
import { sampleChartImages, sampleChart, sampleDocument } from '../../helpers/sample-document.ts';
import { shippedForReport } from '../../helpers/shipped.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

interface Line { text: string; top: number; bottom: number }
interface Page { lines: Line[]; height: number; images: number }

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Each page's lines of text in the text area (running head and page number left out), top down. */
function readPages(file: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => Number(l.trim().split(/\s+/)[0]));
  const m = theme.report.margin;
  return [...xml.matchAll(/<page width="[\d.]+" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((p, i) => {
    const height = Number(p[1]);
    const lines = [...p[2].matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)]
      .map((l) => ({ top: Number(l[1]), bottom: Number(l[2]), text: [...l[3].matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1])).join(' ') }))
      .filter((l) => l.top >= m + 6 && l.bottom <= height - m)
      .sort((a, b) => a.top - b.top);
    return { lines, height, images: images.filter((n) => n === i + 1).length };
  });
}

/** The numbered headings the report prints ("2.3  Title"), chapters apart: as numberSections does. */
function headings(doc: Document): { text: string; chapter: boolean }[] {
  let chapter = 0;
  let sub = 0;
  return forEdition(doc, 'report').map((s) => {
    if (s.level === 1) { chapter++; sub = 0; return { text: `${chapter} ${s.title}`, chapter: true }; }
    sub++;
    return { text: `${chapter ? `${chapter}.${sub}` : sub} ${s.title}`, chapter: false };
  });
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();
const startsHeading = (line: Line, heading: string) => words(heading).startsWith(words(line.text)) && words(line.text).length >= Math.min(12, words(heading).length);

function checkPages(doc: Document, pages: Page[], where: string): void {
  const all = headings(doc);
  const chapters = [...all.filter((h) => h.chapter).map((h) => h.text), 'Sources'];
  const opensChapter = (page: Page | undefined) => Boolean(page?.lines[0] && chapters.some((c) => startsHeading(page.lines[0], c)));
  const firstChapter = pages.findIndex((p) => opensChapter(p));
  const m = theme.report.margin;
  pages.forEach((page, i) => {
    const at = `${where}, page ${i + 1}`;
    const { lines } = page;
    // A heading (all its lines) is followed by text on its page.
    for (const heading of all) {
      const start = lines.findIndex((l) => startsHeading(l, heading.text));
      if (start === -1) continue;
      let end = start;
      while (end + 1 < lines.length && words(lines.slice(start, end + 2).map((l) => l.text).join(' ')).length <= words(heading.text).length) end++;
      expect(end + 1, `${at}: heading "${heading.text}" at the page's foot`).toBeLessThan(lines.length);
    }
    // A caption stays with its figure; a table's caption with its table; a source line with its block.
    const figures = lines.filter((l) => /^Figure \d+\./.test(l.text)).length;
    expect(figures, `${at}: figure captions and pictures on the page`).toBe(page.images);
    lines.forEach((l, li) => {
      if (/^Table \d+\./.test(l.text)) expect(li + 1, `${at}: "${l.text}" ends its page`).toBeLessThan(lines.length);
    });
    if (lines[0]) expect(lines[0].text, `${at}: a source line opens the page`).not.toMatch(/^Sources?: /);
    // No page is more than half empty, but the front matter, the last page and one before a chapter.
    if (i > firstChapter && i < pages.length - 1 && !opensChapter(pages[i + 1]) && lines.length) {
      const top = m + 18;
      const bottom = page.height - m - 10;
      const fill = (lines[lines.length - 1].bottom - top) / (bottom - top);
      expect(fill, `${at}: filled ${Math.round(fill * 100)}%`).toBeGreaterThanOrEqual(0.5);
    }
  });
}

async function emit(doc: Document, images: Map<string, ChartImage>, pageSize: 'A4' | 'LETTER'): Promise<Page[]> {
  const file = path.join(tempDir('bs-pages-'), 'report.pdf');
  writeFileSync(file, bytesOf(await emitReport(doc, images, theme, { pageSize })));
  return readPages(file);
}

/** A document of random shape: chapters with leads, sections of paragraphs, lists, lead-ins, charts and tables. */
function randomDocument(seed: number): { doc: Document; images: Map<string, ChartImage>; shortTables: string[][] } {
  let s = seed;
  const rand = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const sentence = () => `${pick(['Demand', 'Supply', 'The market', 'Compute', 'Training'])} ${Array.from({ length: 6 + Math.floor(rand() * 18) }, () => pick(['grows', 'with', 'the', 'state', 'sector', 'models', 'large', 'buyers', 'data', 'costs', 'fall', 'slowly', 'projects', 'industry'])).join(' ')}.`;
  const runs = (n: number): Run[] => [{ text: Array.from({ length: n }, sentence).join(' '), cite: 's002' }];
  const base = sampleDocument();
  const png = sampleChartImages().get(sampleChart.id)!;
  const charts: Record<string, ChartSpec> = {};
  const images = new Map<string, ChartImage>();
  const shortTables: string[][] = [];
  const sections: Section[] = [];
  let t = 0;
  for (let c = 1; c <= 4; c++) {
    const lead: AudienceBlock[] = rand() < 0.6 ? [{ kind: 'paragraph', audience: 'both', runs: runs(2) }] : [];
    sections.push({ ...base.sections[1], id: `c${c}`, level: 1, title: `Chapter ${c} of the generated report`, blocks: lead, notes: [] });
    for (let k = 1; k <= 2 + Math.floor(rand() * 3); k++) {
      const blocks: AudienceBlock[] = [];
      for (let b = 0; b < 1 + Math.floor(rand() * 4); b++) {
        const kind = pick(['paragraph', 'bullets', 'chart', 'table', 'table', 'lead-in']);
        if (kind === 'paragraph') blocks.push({ kind: 'paragraph', audience: 'both', runs: runs(1 + Math.floor(rand() * 4)) });
        if (kind === 'bullets' || kind === 'lead-in') {
          if (kind === 'lead-in') blocks.push({ kind: 'paragraph', audience: 'both', runs: [{ text: 'The market needs three things at once:' }] });
          blocks.push({ kind: 'bullets', audience: 'both', items: Array.from({ length: 2 + Math.floor(rand() * 8) }, () => ({ runs: runs(1), level: 0 })) });
        }
        if (kind === 'chart') {
          const id = `chart-${t++}`;
          const type = pick(['bar', 'doughnut', 'horizontalBar', 'line'] as const);
          const labels = Array.from({ length: pick([2, 3, 6]) }, (_, i) => `L${i}`);
          charts[id] = { ...sampleChart, id, type, labels, series: [{ ...sampleChart.series[0], values: labels.map(() => 1), figures: labels.map(() => 'x') }] };
          images.set(id, { ...png, id });
          blocks.push({ kind: 'chart', audience: 'both', chartId: id });
        }
        if (kind === 'table') {
          const id = `T${t++}`;
          const long = rand() < 0.3;
          const n = long ? 14 + Math.floor(rand() * 20) : 2 + Math.floor(rand() * 6);
          const rows = Array.from({ length: n }, (_, r) => [[{ text: `${id} row ${r + 1}` }], [{ text: long ? sentence() : 'Short cell text' }]]);
          if (!long) shortTables.push(rows.map((r) => r[0][0].text));
          blocks.push({ kind: 'table', audience: 'both', collectionId: id, title: `Generated table ${id}`, columns: ['Row', 'What'], rows, sources: ['s002'] });
        }
      }
      sections.push({ ...base.sections[2], id: `c${c}-${k}`, level: 2, title: `Section ${c}.${k}: ${pick(['a short title', 'a longer title that states what the section finds about the market and why it matters'])}`, blocks, notes: [] });
    }
  }
  return { doc: { ...base, sections, charts }, images, shortTables };
}

describe('report pagination', () => {
  let shipped: Document;
  let shippedImages: Map<string, ChartImage>;
  beforeAll(async () => {
    ({ doc: shipped, images: shippedImages } = await shippedForReport(theme));
  });

  for (const size of ['A4', 'LETTER'] as const) {
    it(`keeps headings, captions and source lines with what they belong to, and pages at least half full, on the shipped story (${size})`, async () => {
      checkPages(shipped, await emit(shipped, shippedImages, size), `shipped ${size}`);
    });

    it(`does the same for documents of every shape, and never splits a short table (${size})`, async () => {
      for (const seed of [3, 17, 29]) {
        const { doc, images, shortTables } = randomDocument(seed);
        const pages = await emit(doc, images, size);
        checkPages(doc, pages, `seed ${seed} ${size}`);
        for (const rows of shortTables) {
          const on = new Set(rows.map((row) => pages.findIndex((p) => p.lines.some((l) => l.text.startsWith(`${row} `) || l.text === row))));
          expect(on.size, `${rows[0]}…: a short table on ${[...on].map((n) => n + 1).join(' and ')}`).toBe(1);
        }
      }
    });
  }
});
