// The shipped project's Chinese edition (`briefsmith build --lang zh`), read back from its files as a
// Chinese reader's software reads them: every figure in Chinese form, the built-in words in Chinese,
// Chinese line breaking, a font with every glyph, and files the real clients accept.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureFormat } from '../../src/format/locales.ts';
import { findingsIn, loadFindings } from '../../src/index.ts';
import type { Findings } from '../../src/types.ts';
import { cutWords, pdfLines, punctuationBreaks } from '../helpers/cjk-lines.ts';
import { deckMissingGlyphs, pdfMissingGlyphs } from '../helpers/glyphs.ts';
import { englishBoilerplate } from '../helpers/languages.ts';
import { ROOT, briefsmith, type CliRun, pdfPages, slideText, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the shipped data in Chinese (briefsmith build --lang zh)', () => {
  const out = tempDir('bs-shipped-zh-');
  let run: CliRun;
  let zh: Findings;
  let pages: string[];
  let xml: string[];
  let slides: string[];

  beforeAll(async () => {
    run = await briefsmith(['build', '--lang', 'zh', '--out', out]);
    zh = findingsIn((await loadFindings(path.join(ROOT, 'data'))).findings, 'zh');
    if (run.status !== 0) return;
    pages = pdfPages(path.join(out, 'report.pdf'));
    xml = await slideXml(path.join(out, 'briefing.pptx'));
    slides = xml.map(slideText);
  });

  it('builds the Chinese deck and report', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(slides.length).toBeGreaterThanOrEqual(18);
  });

  it('says every figure of the data in Chinese form in the report, and the headlines in the deck', () => {
    const format = figureFormat('zh')!;
    const report = squash(pages.join('\n'));
    const deck = squash(slides.join('\n'));
    for (const figure of Object.values(zh.figures)) expect(report, figure.id).toContain(squash(format.value(figure)));
    for (const id of zh.edition.headlines ?? []) expect(deck, id).toContain(squash(format.value(zh.figures[id], 'short')));
    // Scale words in 亿 and 万, as a Chinese reader writes them (CNY 113 billion is 1130亿元).
    expect(report).toMatch(/\d亿元/);
  });

  it('writes the built-in words in Chinese and none of the English ones', () => {
    const report = pages.join('\n');
    for (const word of ['目录', '资料来源', '第2页，共']) expect(report).toContain(word);
    expect(englishBoilerplate(report), 'report').toEqual([]);
    expect(englishBoilerplate(slides.join('\n')), 'deck').toEqual([]);
  });

  it('breaks no line before a closing mark or after an opening one, nor inside a Latin word or a number', async () => {
    const report = pdfLines(path.join(out, 'report.pdf')).flat();
    const deck = pdfLines(await sofficeToPdf(path.join(out, 'briefing.pptx'))).flat();
    // The Latin words and numbers the Chinese text mixes in ("GPU", "2027", "12.4"): none may be cut.
    const words = [...new Set(pages.join(' ').match(/[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]|\d+(?:\.\d+)?%?/g) ?? [])].filter((w) => w.length > 1);
    expect(words.length).toBeGreaterThan(20);
    for (const [where, lines] of [['report', report], ['deck', deck]] as const) {
      expect(lines.filter((l) => /[\u4e00-\u9fff]/.test(l)).length, where).toBeGreaterThan(100);
      expect(punctuationBreaks(lines), where).toEqual([]);
      expect(cutWords(lines, words), where).toEqual([]);
    }
  });

  it('draws every character with a font that has its glyph, embeds every font, and marks the files zh-CN', async () => {
    expect(await pdfMissingGlyphs(path.join(out, 'report.pdf'))).toEqual([]);
    expect(deckMissingGlyphs(xml)).toEqual([]);
    const fonts = execFileSync('pdffonts', [path.join(out, 'report.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.some((l) => /NotoSansCJK/.test(l))).toBe(true);
    for (const line of fonts) expect(line).toMatch(/\syes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    expect(readFileSync(path.join(out, 'report.pdf'), 'latin1')).toMatch(/\/Lang \(zh-CN\)/);
    expect(new Set(xml.flatMap((x) => [...x.matchAll(/<a:rPr lang="([^"]+)"/g)].map((m) => m[1])))).toEqual(new Set(['zh-CN']));
  });

  it('writes a deck that passes the ECMA-376 schemas and a report qpdf accepts', () => {
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [path.join(out, 'briefing.pptx')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    execFileSync('qpdf', ['--check', path.join(out, 'report.pdf')]);
  });
});
