// Right-to-left paragraphs long enough to wrap (test/fixtures/rtl-paragraphs), built by the CLI as a
// user would. In the report each line of an Arabic or Hebrew paragraph ends at the column's right
// edge, the lines run top to bottom in reading order (UAX #9 §3.4: broken into lines first, each line
// turned round on its own), and the paragraph reads back in order through /ActualText; an English
// paragraph with an Arabic phrase inside stays flush left, its lines in order too. The deck marks the
// paragraphs right to left (LibreOffice sets them flush right), the web edition gives them dir="auto".
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfObjects, structureTree, type StructNode } from '../helpers/pdf-ua.ts';
import { ROOT, briefsmith, type CliRun, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/rtl-paragraphs');
const story = readFileSync(path.join(FIXTURE, 'templates/story.hbs'), 'utf8').split('\n\n').map((p) => p.trim());
const ARABIC = story.find((p) => p.startsWith('تنمو'))!;
// The citation goes before the sentence's full stop (src/compose/citations.ts).
const HEBREW = story.find((p) => p.startsWith('שוק'))!.replace('. {{cite "he"}}', ' [1].');
const ENGLISH = story.find((p) => p.startsWith('In English'))!;
/** The list's items: two in Arabic (one that wraps), one in English. */
const LIST = story.find((p) => p.startsWith('- '))!.split('\n').map((i) => i.slice(2));
const LIST_WORDS = new Set(LIST.flatMap((i) => i.match(/[\p{L}\p{N}]+/gu) ?? []));
const RTL = /[\u0590-\u08ff]/u;
const margin: number = JSON.parse(readFileSync(path.join(FIXTURE, 'templates/theme.json'), 'utf8')).report.margin;

/** Words (letters and digits) in reading order. */
const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];
/** A word as poppler gives it from a line's glyphs: right-to-left words come last letter first. */
const reading = (w: string): string => (RTL.test(w) ? [...w].reverse().join('') : w);
const sorted = (ws: string[]) => [...ws].sort();

interface Line { xMin: number; xMax: number; yMin: number; words: string[] }

/** Every line poppler finds in a PDF (pdftotext -bbox-layout), top to bottom per page, its words as read. */
function pdfLines(file: string): Line[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return xml.split('<page ').slice(1).flatMap((page) => [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)]
    .map((m) => ({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), words: [...m[4].matchAll(/>([^<]*)<\/word>/g)].flatMap((w) => words(w[1]).map(reading)) }))
    .sort((a, b) => a.yMin - b.yMin));
}

/** The lines holding a paragraph, and whether they hold it in reading order, line after line: each line the paragraph's next words. */
function linesOf(lines: Line[], paragraph: string): { lines: Line[]; inOrder: boolean } {
  const all = words(paragraph);
  const own = lines.filter((l) => l.words.some((w) => /\p{L}/u.test(w)) && l.words.every((w) => all.includes(w)));
  let at = 0;
  const inOrder = own.every((l) => {
    const next = all.slice(at, at + l.words.length);
    at += l.words.length;
    return JSON.stringify(sorted(next)) === JSON.stringify(sorted(l.words));
  }) && at === all.length;
  return { lines: own, inOrder };
}

const all = (tree: StructNode[]): StructNode[] => tree.flatMap((n) => [n, ...all(n.children)]);
/** What an element reads as: its /ActualText, or its children's, in order. */
const readAs = (n: StructNode): string => n.actual ?? n.children.map(readAs).join('');
const squeeze = (s: string) => s.replace(/[\u00a0\u2060]/g, ' ').replace(/\s+/g, ' ').trim();

describe('right-to-left paragraphs that wrap (test/fixtures/rtl-paragraphs)', () => {
  const out = tempDir('bs-rtl-lines-');
  let run: CliRun;
  let lines: Line[] = [];
  let report: string;

  beforeAll(async () => {
    run = await briefsmith(['build', '--html', '--data', path.join(FIXTURE, 'data'), '--templates', path.join(FIXTURE, 'templates'), '--out', out]);
    report = path.join(out, 'report.pdf');
    if (run.status === 0) lines = pdfLines(report);
  });

  it('builds', () => {
    expect(run.status, run.stderr).toBe(0);
  });

  it.each([['Arabic', () => ARABIC], ['Hebrew, with a number and a Latin word inside', () => HEBREW]])('sets a paragraph in %s flush right, its lines top to bottom in reading order', (_, text) => {
    const right = 595.28 - margin; // A4
    const { lines: own, inOrder } = linesOf(lines, text());
    expect(own.length).toBeGreaterThanOrEqual(3);
    for (const line of own) expect(line.xMax, line.words.join(' ')).toBeCloseTo(right, 0);
    // Flush right, not justified: the last line is shorter, so it starts further right.
    expect(own[own.length - 1].xMin).toBeGreaterThan(own[0].xMin + 50);
    expect(own[0].words).toEqual(expect.arrayContaining(words(text()).slice(0, 3)));
    expect(inOrder, own.map((l) => l.words.join(' ')).join('\n')).toBe(true);
  });

  it('keeps an English paragraph with an Arabic phrase inside flush left, its lines in reading order', () => {
    const { lines: own, inOrder } = linesOf(lines, ENGLISH);
    expect(own.length).toBeGreaterThanOrEqual(3);
    for (const line of own) expect(line.xMin).toBeCloseTo(margin, 0);
    expect(inOrder, own.map((l) => l.words.join(' ')).join('\n')).toBe(true);
  });

  it('hangs an Arabic list item\'s bullet on its right, its lines flush right inside the indent; an English item\'s on its left', () => {
    const right = 595.28 - margin;
    const xml = execFileSync('pdftotext', ['-bbox', report, '-'], { encoding: 'utf8' });
    const placed = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ xMin: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), text: m[4] }));
    const bullets = placed.filter((w) => w.text === '•');
    const item = (first: string) => LIST.find((i) => i.startsWith(first))!;
    for (const text of [item('تعتمد'), item('تحتاج')]) {
      const { lines: own, inOrder } = linesOf(lines, text);
      expect(own.length, text).toBeGreaterThanOrEqual(1);
      expect(inOrder).toBe(true);
      // Where a line's text ends, its bullet aside (poppler counts it into the first line).
      const textEnd = (line: Line) => Math.max(...placed.filter((w) => w.text !== '•' && Math.abs(w.y - line.yMin) < 6).map((w) => w.xMax));
      const end = textEnd(own[0]);
      for (const line of own) expect(textEnd(line)).toBeCloseTo(end, 0);
      expect(end).toBeLessThan(right - 5);
      const bullet = bullets.find((b) => Math.abs(b.y - own[0].yMin) < 6);
      expect(bullet, `a bullet beside "${text.slice(0, 20)}…"`).toBeDefined();
      expect(bullet!.xMin).toBeGreaterThan(end);
      expect(bullet!.xMax).toBeLessThanOrEqual(right + 0.5);
      expect(bullet!.xMax).toBeGreaterThan(right - 10);
    }
    const english = linesOf(lines, item('An item')).lines[0];
    const bullet = bullets.find((b) => Math.abs(b.y - english.yMin) < 6)!;
    expect(bullet.xMax).toBeLessThan(Math.min(...placed.filter((w) => w.text !== '•' && Math.abs(w.y - english.yMin) < 6).map((w) => w.xMin)));
    expect(bullet.xMin).toBeGreaterThanOrEqual(margin);
    expect(bullet.xMin).toBeLessThan(margin + 10);
  });

  it('reads each paragraph back in order through /ActualText, the citation included', () => {
    const paragraphs = all(structureTree(new PdfObjects(report))).filter((n) => n.type === 'P').map((p) => squeeze(readAs(p)));
    expect(paragraphs).toContain(ARABIC);
    expect(paragraphs).toContain(HEBREW);
  });

  it('marks the paragraphs right to left in the deck, and LibreOffice sets them flush right', async () => {
    const xml = (await slideXml(path.join(out, 'briefing.pptx'))).join('');
    const pPr = (start: string) => new RegExp(`<a:p><a:pPr([^>]*)>(?:(?!</a:p>)[\\s\\S])*?<a:t>${start}`).exec(xml)?.[1];
    expect(pPr('تنمو')).toMatch(/algn="r" rtl="1"/);
    expect(pPr('שוק')).toMatch(/algn="r" rtl="1"/);
    expect(pPr('In English')).not.toMatch(/rtl=/);
    // LibreOffice's PDF maps some Arabic glyphs back to other letters (the lam-alef ligature, final
    // forms): a paragraph's lines are those whose every word is in its script or one of its Latin words.
    const shown = pdfLines(await sofficeToPdf(path.join(out, 'briefing.pptx')));
    for (const [text, script] of [[ARABIC, /\p{Script=Arabic}/u], [HEBREW, /\p{Script=Hebrew}/u]] as const) {
      const own = shown.filter((l) => l.words.some((w) => script.test(w)) && l.words.every((w) => script.test(w) || /^\p{N}+$/u.test(w) || words(text).includes(w))
        && !l.words.some((w) => LIST_WORDS.has(w) && !words(text).includes(w)));
      expect(own.length).toBeGreaterThanOrEqual(2);
      const ends = own.map((l) => l.xMax);
      expect(Math.max(...ends) - Math.min(...ends)).toBeLessThan(1);
      expect(own[own.length - 1].xMin).toBeGreaterThan(own[0].xMin + 20);
    }
  });

  it('gives the web edition\'s paragraphs with right-to-left text dir="auto" (the browser sets them by their first letter)', () => {
    const page = readFileSync(path.join(out, 'briefing.html'), 'utf8');
    expect(page).toContain(`<p dir="auto">${ARABIC}</p>`);
    expect(page).toMatch(/<p dir="auto">שוק הבינה/);
    expect(page).toContain(`<li dir="auto">${LIST[0]}`);
    expect(page).toContain('<li>An item in English');
    expect(page.match(/dir="auto"/g)).toHaveLength(5);
  });
});
