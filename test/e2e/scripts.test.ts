// No text is ever lost: the rtl-text fixture (Arabic and Hebrew with numbers inside, Devanagari, Thai,
// Chinese) built by the CLI draws every script with a font that has it, right-to-left text extracts
// back in reading order, and a character no installed font has is refused where it was written.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfObjects, structureTree, type StructNode } from '../helpers/pdf-ua.ts';
import { ROOT, briefsmith, type CliRun, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/rtl-text');
/** Extracted text without the direction marks poppler puts round right-to-left runs, and without spaces. */
const plain = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, '');
const all = (tree: StructNode[]): StructNode[] => tree.flatMap((n) => [n, ...all(n.children)]);

describe('a project in many scripts (test/fixtures/rtl-text)', () => {
  const out = tempDir('bs-scripts-');
  let run: CliRun;
  let report: string;

  beforeAll(async () => {
    run = await briefsmith(['build', '--data', path.join(FIXTURE, 'data'), '--templates', path.join(FIXTURE, 'templates'), '--out', out]);
    report = run.status === 0 ? execFileSync('pdftotext', [path.join(out, 'report.pdf'), '-'], { encoding: 'utf8' }) : '';
  });

  it('builds, embedding a font for each script', async () => {
    expect(run.status, run.stderr).toBe(0);
    // One line saying what was built, and no warning.
    expect(run.stderr).toMatch(/^built [^\n]*\n$/);
    const fonts = execFileSync('pdffonts', [path.join(out, 'report.pdf')], { encoding: 'utf8' });
    for (const face of ['NotoSansArabic', 'NotoSansHebrew', 'NotoSansDevanagari', 'NotoSansThai', 'NotoSansCJK']) expect(fonts).toContain(face);
  });

  it('extracts right-to-left text from the report in reading order, and every other script as written', async () => {
    for (const text of ['RTL مرحبا بالعالم and שלום עולם end', 'سوق الذكاء الاصطناعي', 'שוק הבינה', 'تقرير السوق العربي', 'ตลาดเติบโตอย่างรวดเร็ว', '市场快速增长', 'बाज़ार तेज़ी से बढ़ा']) {
      expect(plain(report), text).toContain(plain(text));
    }
  });

  it('gives each right-to-left run a Span in its language that reads it in order (/ActualText), numbers inside included', async () => {
    const spans = all(structureTree(new PdfObjects(path.join(out, 'report.pdf')))).filter((n) => n.type === 'Span');
    const actual = (lang: string) => spans.filter((s) => s.lang === lang).map((s) => s.actual);
    expect(actual('ar')).toContain('في عام 2024 نمت السوق بسرعة');
    expect(actual('ar')).toContain('مرحبا بالعالم');
    expect(actual('he'), JSON.stringify(actual('he'))).toContain('השוק גדל ב-2024 במהירות');
  });

  it('sets the deck\'s right-to-left runs in their fonts and language, and LibreOffice shows them in reading order', async () => {
    const slides = (await slideXml(path.join(out, 'briefing.pptx'))).join('');
    expect(slides).toMatch(/<a:rPr lang="ar"[^>]*>(?:(?!<\/a:rPr>)[\s\S])*<a:latin typeface="Noto Sans Arabic"(?:(?!<\/a:rPr>)[\s\S])*<a:cs typeface="Noto Sans Arabic"/);
    expect(slides).toMatch(/<a:rPr lang="he"[^>]*>(?:(?!<\/a:rPr>)[\s\S])*<a:cs typeface="Noto Sans Hebrew"/);
    const text = execFileSync('pdftotext', [await sofficeToPdf(path.join(out, 'briefing.pptx')), '-'], { encoding: 'utf8' });
    expect(plain(text)).toContain(plain('مرحبا بالعالم and שלום עולם end'));
    expect(plain(text)).toContain(plain('ตลาดเติบโตอย่างรวดเร็ว'));
  });

  it('plans each table row as tall as LibreOffice draws it, in every script, and the text under the table clear of it', async () => {
    const slides = await slideXml(path.join(out, 'briefing.pptx'));
    const index = slides.findIndex((x) => x.includes('<a:tbl>'));
    const xml = slides[index];
    const EMU_PER_PT = 12700;
    const frameTop = Number(/<p:graphicFrame>[\s\S]*?<a:off x="\d+" y="(\d+)"/.exec(xml)![1]) / EMU_PER_PT;
    const heights = [...xml.matchAll(/<a:tr h="(\d+)"/g)].map((m) => Number(m[1]) / EMU_PER_PT);
    // The planned top of each row, and of the text under the table.
    const tops = heights.map((_, i) => frameTop + heights.slice(0, i).reduce((a, b) => a + b, 0));
    const tableBottom = frameTop + heights.reduce((a, b) => a + b, 0);
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', String(index + 1), '-l', String(index + 1), await sofficeToPdf(path.join(out, 'briefing.pptx')), '-'], { encoding: 'utf8' });
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), top: Number(m[2]), bottom: Number(m[3]), text: m[4] }));
    const left = Math.min(...words.map((w) => w.x));
    const under = words.filter((w) => w.x <= left + 1 && w.top > tops[tops.length - 1] + 5 && w.text === 'RTL')[0];
    expect(under, 'the paragraph under the table').toBeDefined();
    // Every word LibreOffice drew in the table lies inside one planned row, and every row has words:
    // a row drawn taller than planned pushes the rows after it across the planned lines.
    const inTable = words.filter((w) => w.top >= frameTop - 1 && w.top < under.top - 1);
    const rowOf = (y: number) => tops.findIndex((t, i) => y >= t - 1 && y < t + heights[i]);
    for (const w of inTable) {
      const row = rowOf(w.top);
      expect(row, `"${w.text}" at ${w.top.toFixed(1)} pt`).toBeGreaterThanOrEqual(0);
      expect(w.bottom, `"${w.text}" ends inside row ${row + 1}`).toBeLessThanOrEqual(tops[row] + heights[row] + 1);
    }
    expect(new Set(inTable.map((w) => rowOf(w.top))).size).toBe(heights.length);
    // The paragraph under the table starts below it.
    expect(under.top).toBeGreaterThan(tableBottom);
  });
});

describe('text no installed font can draw', () => {
  it('is refused with the file, line and column where it was written, exit 2, and the previous outputs kept', async () => {
    const work = tempDir('bs-missing-glyph-');
    cpSync(FIXTURE, work, { recursive: true });
    const args = ['build', '--data', path.join(work, 'data'), '--templates', path.join(work, 'templates'), '--out', path.join(work, 'out')];
    expect((await briefsmith(args)).status).toBe(0);
    const before = readFileSync(path.join(work, 'out', 'report.pdf'));
    const file = path.join(work, 'data', 'findings.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('label: "users in Hebrew (משתמשים)"', 'label: "users in Hebrew (משתמשים) \uE000"'));
    const r = await briefsmith(args);
    expect(r.status, r.stderr).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('users in Hebrew')) + 1;
    expect(r.stderr).toMatch(new RegExp(`findings\\.yaml:${line}:\\d+:? no installed font can draw "\uE000" \\(U\\+E000`));
    expect(r.stderr).toMatch(/hint: /);
    expect(readFileSync(path.join(work, 'out', 'report.pdf')).equals(before)).toBe(true);
  });
});
