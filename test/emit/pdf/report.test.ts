// The report emitter on hand-made Documents, checked with the real PDF tools: qpdf, pdffonts,
// pdfinfo, pdftotext, pdfdetach.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitReport, type ReportOptions } from '../../../src/emit/pdf/index.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { Document } from '../../../src/types.ts';
import { ROOT, bytesOf, pdfPages, tempDir } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));
const squash = (s: string) => s.replace(/\s+/g, '');

async function report(doc: Document, opts: ReportOptions = {}): Promise<{ file: string; bytes: Buffer; pages: string[] }> {
  // A turn of the event loop: a test that lays out dozens of reports in a row must not block the worker for a minute.
  await new Promise((resolve) => setImmediate(resolve));
  const bytes = bytesOf(await emitReport(doc, sampleChartImages(), theme, opts));
  const file = path.join(tempDir('bs-report-'), 'report.pdf');
  writeFileSync(file, bytes);
  return { file, bytes, pages: pdfPages(file) };
}

const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe('emitReport on the sample document', () => {
  let r: Awaited<ReturnType<typeof report>>;
  beforeAll(async () => { r = await report(sampleDocument()); });

  it('passes qpdf --check', () => {
    const q = spawnSync('qpdf', ['--check', r.file], { encoding: 'utf8' });
    expect(q.status, q.stdout + q.stderr).toBe(0);
    expect(q.stdout).toContain('No syntax or stream encoding errors');
  });

  it('embeds every font, a Latin and a CJK face among them', () => {
    const lines = execFileSync('pdffonts', [r.file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    for (const line of lines) expect(line).toMatch(/\syes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    expect(lines.some((l) => /NotoSans-Regular/.test(l))).toBe(true);
    expect(lines.some((l) => /NotoSansCJK/.test(l))).toBe(true);
    expect(lines.some((l) => /Helvetica/.test(l))).toBe(false);
  });

  it('carries the metadata, A4 pages and a tagged structure', () => {
    const text = info(r.file);
    expect(text).toMatch(/Title:\s+The large-model market in China/);
    expect(text).toMatch(/Author:\s+Briefsmith/);
    expect(text).toMatch(/Keywords:\s+large models, AI, China/);
    expect(text).toMatch(/Tagged:\s+yes/);
    expect(text).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(text).toMatch(/CreationDate:\s+Sun Nov 22 00:00:00 2026 UTC/);
  });

  it('has a cover with the headline figures, then the contents', () => {
    expect(squash(r.pages[0])).toContain(squash('The large-model market in China'));
    expect(r.pages[0]).toContain('22 November 2026');
    // In reading order (not the visual layout, which interleaves the tiles' lines).
    const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', r.file, '-'], { encoding: 'utf8' });
    for (const value of ['CNY 113 bn', '309 models', 'below CNY 0.5 per million tokens']) expect(squash(cover)).toContain(squash(value));
    expect(r.pages[1]).toContain('Contents');
  });

  it('shows every headline figure on the cover, one to six, each with its unit and context', async () => {
    const base = sampleDocument();
    for (const n of [1, 4, 5, 6]) {
      const headlines = Array.from({ length: n }, (_, i) => ({
        value: `over ${i + 1},200 GWh`, label: `capacity of plant ${i + 1} (2030, projected)`, source: 's002', figureId: `f${i}`,
      }));
      const { file } = await report({ ...base, headlines });
      // In the order drawn: a tile's label may wrap beside its neighbours' lines.
      const cover = squash(execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }));
      for (const h of headlines) {
        expect(cover, `${n} headlines`).toContain(squash(h.value));
        expect(cover, `${n} headlines`).toContain(squash(h.label));
      }
    }
  });

  it('prints page numbers in the contents that match the pages where the sections start', () => {
    const tocLines = r.pages[1].split('\n').map((l) => /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(l)).filter((m): m is RegExpExecArray => Boolean(m));
    expect(tocLines.length).toBeGreaterThanOrEqual(6);
    for (const [, title, page] of tocLines) {
      const start = r.pages[Number(page) - 1];
      expect(squash(start), `"${title}" on page ${page}`).toContain(squash(title).slice(0, 25));
    }
  });

  it('has a running header and "Page X of Y" on every page but the cover', () => {
    const total = r.pages.length;
    expect(r.pages[0]).not.toMatch(/Page 1 of/);
    r.pages.slice(1).forEach((p, i) => {
      expect(p).toContain(`Page ${i + 2} of ${total}`);
      expect(p).toContain('The large-model market in China');
    });
  });

  it('lists every section in the outline', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', r.file], { encoding: 'utf8' }));
    const titles: string[] = [];
    const walk = (items: { title: string; kids: unknown[] }[]) => items.forEach((o) => { titles.push(o.title); walk(o.kids as never); });
    walk(json.outlines);
    for (const s of sampleDocument().sections) expect(titles.some((t) => t.endsWith(s.title)), s.title).toBe(true);
    expect(titles).toContain('Sources');
  });

  it('shows the text literally, Chinese included, and extracts it back', () => {
    const all = r.pages.join('\n');
    expect(squash(all)).toContain(squash('Literal text: *stars* # hash & <b>tags</b> {{x}} 中文标题'));
    expect(squash(all)).toContain(squash('AIGC即AI Generated Content，是继UGC、PGC之后的新型内容生产方式。'));
    expect(all).not.toContain('&amp;');
    expect(squash(all)).toContain(squash('The market grows at a CAGR of 148% (2022–2027).'));
  });

  it('captions the figure, cites its source, and ends with the sources list', () => {
    const all = r.pages.join('\n');
    expect(all).toMatch(/Figure 1\.\s+AI large-model application market, China/);
    const last = r.pages[r.pages.length - 1];
    expect(last).toContain('Sources');
    expect(squash(last)).toContain(squash('[3] AIGC被ChatGPT带火'));
  });

  it('links citation markers to their source entries', () => {
    const raw = r.bytes.toString('latin1');
    expect(raw).toMatch(/\/Subtype \/Link/);
    expect(raw).toMatch(/source-s002/);
    expect(raw).toMatch(/section-market-size/);
  });

  it('is byte-identical when emitted twice', async () => {
    const again = await report(sampleDocument());
    expect(again.bytes.equals(r.bytes)).toBe(true);
  });
});

describe('emitReport layout', () => {
  it('keeps a lead-in with its list, a short table whole, a long one\'s caption with its first rows and its source line with its last, wherever the page breaks', async () => {
    // 0–39 one-line paragraphs in front move them all through every position on a page.
    for (let filler = 0; filler < 40; filler += 1) {
      const base = sampleDocument();
      const table = (title: string, n: number, text: string) => ({ kind: 'table' as const, audience: 'report' as const, collectionId: title, title, columns: ['Sector', 'Use'], sources: ['s002'],
        rows: Array.from({ length: n }, (_, i) => [[{ text: `${title} row ${i + 1}` }], [{ text }]]) });
      // Only what the test needs: one chapter, one section, no chart.
      const doc: Document = { ...base, charts: {}, sections: [base.sections[1], {
        id: 'lead-in', level: 2, title: 'Conditions', notes: [], sources: [], audience: 'both', origin: { file: 'story.hbs', line: 1, column: 1 },
        blocks: [
          ...Array.from({ length: filler }, (_, i) => ({ kind: 'paragraph' as const, audience: 'report' as const, runs: [{ text: `Filler line ${i + 1}.` }] })),
          { kind: 'paragraph', audience: 'report', runs: [{ text: 'The industry tests three conditions at once:' }] },
          { kind: 'bullets', audience: 'report', items: ['Technology', 'Talent', 'Capital'].map((t) => ({ runs: [{ text: `${t} condition` }], level: 0 })) },
          ...Array.from({ length: 9 }, (_, i) => ({ kind: 'paragraph' as const, audience: 'report' as const, runs: [{ text: `Gap line ${i + 1}.` }] })),
          table('Short', 6, 'Intelligent marketing, risk control and precise customer insight for the sector'),
          table('Long', 30, 'Intelligent marketing, risk control and precise customer insight for the sector, with a second line of text'),
        ],
      }] };
      const { pages } = await report(doc);
      const on = (text: string) => pages.findIndex((p) => p.replace(/\s+/g, ' ').includes(text));
      expect(on('Technology condition'), `${filler} filler lines`).toBe(on('three conditions at once'));
      expect(on('Short row 6'), `${filler} filler lines`).toBe(on('Short row 1'));
      expect(on('Table 1. Short'), `${filler} filler lines`).toBe(on('Short row 1'));
      expect(on('Long row 3'), `${filler} filler lines`).toBe(on('Table 2. Long'));
      const lastPage = pages.findLastIndex((p) => p.includes('Source: [2]'));
      expect(on('Long row 29'), `${filler} filler lines`).toBe(lastPage);
    }
  });

  it('repeats the header row on every page a long table spans and never cuts a row', async () => {
    const r = await report(sampleDocument({ tableRows: 60 }));
    const withRows = r.pages.filter((p) => /Sector \d+/.test(p));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const p of withRows) expect(p).toMatch(/Sector\s+Pain points\s+AI solutions/);
    const seen = withRows.flatMap((p) => [...p.matchAll(/Sector (\d+)\b/g)].map((m) => Number(m[1])));
    expect(new Set(seen).size).toBe(60);
    // Each row's two long cells end on the page the row starts on.
    for (const p of withRows) {
      const rows = (p.match(/Sector \d+/g) ?? []).length;
      expect((p.match(/slow & costly/g) ?? []).length).toBe(rows);
    }
  });

  it('offers citations as footnotes: a superscript number, and the reference at the foot of that page', async () => {
    const r = await report(sampleDocument({ bullets: 30 }), { citations: 'footnotes' });
    expect(spawnSync('qpdf', ['--check', r.file]).status).toBe(0);
    const body = r.pages.slice(2, -1);
    const citing = body.filter((p) => p.includes('²'));
    expect(citing.length).toBeGreaterThanOrEqual(2);
    for (const page of citing) {
      const lines = page.trimEnd().split('\n');
      // The reference sits under the text, just above the page number.
      const reference = lines.findIndex((l) => /^\s*2 China large-model market overview\. Publisher and date not given\./.test(l));
      expect(reference, page).toBeGreaterThan(lines.findLastIndex((l) => l.includes('²')));
    }
    // In the text, no bracketed markers: those belong to the numbered style.
    for (const page of body) expect(page.replace(/Sources?: .*/g, '')).not.toMatch(/\[\d+\]/);
  });

  it('offers US Letter, PDF/A and the findings as an attachment', async () => {
    const r = await report(sampleDocument(), { pageSize: 'LETTER', pdfa: true, attachments: [{ name: 'findings.json', bytes: Buffer.from('{"a":1}'), description: 'The findings' }] });
    expect(info(r.file)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect(spawnSync('qpdf', ['--check', r.file]).status).toBe(0);
    expect(r.bytes.toString('latin1')).toMatch(/pdfaid:part>3</);
    const list = execFileSync('pdfdetach', ['-list', r.file], { encoding: 'utf8' });
    expect(list).toContain('findings.json');
    const out = path.join(tempDir('bs-detach-'), 'findings.json');
    execFileSync('pdfdetach', ['-save', '1', '-o', out, r.file]);
    expect(JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' }))).toEqual({ a: 1 });
  });
});
