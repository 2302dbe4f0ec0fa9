// Editions in several languages from one set of findings (test/fixtures/bilingual: English and Chinese),
// built by the CLI as a user builds them, and read back from the files with real clients.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { createMeasurer } from '../../src/emit/pptx/measure.ts';
import { loadTheme } from '../../src/theme/index.ts';
import { ROOT, briefsmith, type CliRun, pdfPages, slideText, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';
import { englishBoilerplate } from '../helpers/languages.ts';
import { cutWords, pdfLines, punctuationBreaks } from '../helpers/cjk-lines.ts';
import { deckMissingGlyphs, pdfMissingGlyphs } from '../helpers/glyphs.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/bilingual');
/** The Latin words and numbers the fixture's Chinese text mixes in: none may be cut across lines. */
const LATIN_WORDS = ['12.4', 'GWh', 'LFP', '85%', '0.35', 'kWh', 'AGC', '18:00', '21:00', 'MWh', 'VPP', '5G', '2030'];
/** The built-in English words the issue saw in a Chinese edition. */
const BOILERPLATE = ['Contents', 'Sources', 'Page', 'Figure', 'Table', 'projected', 'about', 'over', 'Source', 'Key figures'];
const args = (out: string, project = FIXTURE) => ['build', '--data', path.join(project, 'data'), '--templates', path.join(project, 'templates'), '--out', out];

describe('an edition in English and Chinese (edition.languages: [en, zh])', () => {
  const out = tempDir('bs-lang-');
  let run: CliRun;
  let zhPages: string[];
  let zhSlides: string[];
  let zhXml: string[];
  let enPages: string[];

  beforeAll(async () => {
    run = await briefsmith(args(out));
    if (run.status !== 0) return;
    zhPages = pdfPages(path.join(out, 'zh/report.pdf'));
    zhXml = await slideXml(path.join(out, 'zh/briefing.pptx'));
    zhSlides = zhXml.map(slideText);
    enPages = pdfPages(path.join(out, 'report.pdf'));
  });

  it('builds the first language into out/ and the other into out/zh/, and says so in one line', async () => {
    expect(run.stderr).toMatch(/^built \S*briefing\.pptx, \d+ slides, \S*report\.pdf, \d+ pages, \S*zh\/briefing\.pptx, \d+ slides, and \S*zh\/report\.pdf, \d+ pages, in /);
    expect(run.status).toBe(0);
    for (const file of ['briefing.pptx', 'report.pdf', 'zh/briefing.pptx', 'zh/report.pdf', 'zh/manifest.json']) expect(existsSync(path.join(out, file)), file).toBe(true);
  });

  it('says the figures in Chinese in the Chinese report and deck, and in English in the English ones', async () => {
    const zhText = zhPages.join('\n');
    const deckText = zhSlides.join('\n');
    for (const figure of ['超过12.4 GWh', '约185亿元（2025年）', '低于0.35元/Wh（2025年底）', '120～150个项目（2025年1—9月）', '近160万户', '年均增长约29%（2025—2030年，推算）', '45 GWh（2030年，预测）']) {
      expect(zhText.replace(/\s+/g, ''), figure).toContain(figure.replace(/\s+/g, ''));
    }
    // The deck's tiles say what a figure covers in their label: 45 GWh, "2030年储能装机容量（预测）".
    for (const figure of ['超过12.4 GWh', '45 GWh', '约185亿元（2025年）', '120～150个项目（2025年1—9月）', '近160万户', '年均增长约29%（2025—2030年，推算）']) {
      expect(deckText.replace(/\s+/g, ''), figure).toContain(figure.replace(/\s+/g, ''));
    }
    expect(zhText).toContain('2026年3月15日');
    const enText = enPages.join('\n');
    expect(enText).toContain('about CNY 18.5 billion (2025)');
    expect(enText).toContain('120–150 projects (Jan–Sep 2025)');
  });

  it('writes the built-in words in Chinese, and none of the English catalogue reaches the Chinese files', async () => {
    const zhText = zhPages.join('\n');
    for (const word of ['目录', '资料来源', '第2页，共5页', '图1', '关键数据', '来源：[1]']) expect(zhText).toContain(word);
    expect(zhSlides.join('\n')).toContain('资料来源');
    expect(englishBoilerplate(zhText)).toEqual([]);
    expect(englishBoilerplate(zhSlides.join('\n'))).toEqual([]);
    // The English edition keeps its words.
    expect(enPages.join('\n')).toContain(en.report.contents);
  });

  it('has none of the English built-in words the issue found ("Contents", "Page", "about", "over", …) in the Chinese files', async () => {
    for (const [where, text] of [['report', zhPages.join('\n')], ['deck', zhSlides.join('\n')]]) {
      const found = BOILERPLATE.filter((word) => new RegExp(`(^|[^A-Za-z])${word}([^A-Za-z]|$)`, 'i').test(text));
      expect(found, where).toEqual([]);
    }
  });

  it('breaks no Chinese line before a closing mark or after an opening one, nor inside a Latin word, in the report and the deck', async () => {
    const report = pdfLines(path.join(out, 'zh/report.pdf')).flat();
    // The long paragraph, its bullets and the table cells wrap: the check has lines to look at.
    expect(report.filter((l) => /[\u4e00-\u9fff]/.test(l)).length).toBeGreaterThan(40);
    expect(punctuationBreaks(report), 'report').toEqual([]);
    expect(cutWords(report, LATIN_WORDS), 'report').toEqual([]);
    const deck = pdfLines(await sofficeToPdf(path.join(out, 'zh/briefing.pptx'))).flat();
    expect(punctuationBreaks(deck), 'deck').toEqual([]);
    expect(cutWords(deck, LATIN_WORDS), 'deck').toEqual([]);
  });

  it('measures the deck\'s Chinese paragraphs into lines that keep the same rules, at every width', async () => {
    const m = createMeasurer(loadTheme(path.join(FIXTURE, 'templates')));
    const paragraphs = zhSlides.flatMap((t) => t.split('\n')).filter((p) => /[\u4e00-\u9fff]/.test(p) && p.length > 20);
    expect(paragraphs.length).toBeGreaterThan(5);
    for (const text of paragraphs) {
      for (let n = 6; n <= 40; n += 2) {
        const lines = m.wrap(text, 20, n * 20 + 1);
        expect(punctuationBreaks(lines), lines.join(' | ')).toEqual([]);
        expect(cutWords(lines.map((l) => l.replace(/\u00a0/g, ' ')), LATIN_WORDS), lines.join(' | ')).toEqual([]);
      }
    }
  });

  it('writes a Chinese deck that passes the ECMA-376 schemas and a report with every font embedded', async () => {
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [path.join(out, 'zh/briefing.pptx')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const fonts = execFileSync('pdffonts', [path.join(out, 'zh/report.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.some((l) => /NotoSansCJK/.test(l))).toBe(true);
    for (const line of fonts) expect(line).toMatch(/\syes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('draws every character of the Chinese report and deck with a font that has its glyph', async () => {
    expect(await pdfMissingGlyphs(path.join(out, 'zh/report.pdf'))).toEqual([]);
    expect(deckMissingGlyphs(zhXml)).toEqual([]);
  });

  it('marks the Chinese deck and report as zh-CN', async () => {
    const langs = new Set(zhXml.flatMap((x) => [...x.matchAll(/<a:rPr lang="([^"]+)"/g)].map((m) => m[1])));
    expect([...langs]).toEqual(['zh-CN']);
    const pdf = readFileSync(path.join(out, 'zh/report.pdf'), 'latin1');
    expect(pdf).toMatch(/\/Lang \(zh-CN\)/);
  });

  it('builds nothing again when nothing changed, for every language', async () => {
    const again = await briefsmith(args(out));
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^up to date: .*zh\/report\.pdf/);
  });
});

describe('the glyph check', () => {
  it('sees a character drawn with a font that lacks it', async () => {
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.registerFont('latin', execFileSync('fc-match', ['-f', '%{file}', 'Noto Sans'], { encoding: 'utf8' }));
    doc.font('latin').text('GWh，中文');
    doc.end();
    await ended;
    const file = path.join(tempDir('bs-glyphs-'), 'wrong-font.pdf');
    writeFileSync(file, Buffer.concat(chunks));
    expect(await pdfMissingGlyphs(file)).toEqual(['NotoSans-Regular: .notdef (a character the font lacks)']);
    const run = '<a:r><a:rPr lang="zh-CN"><a:latin typeface="Noto Sans"/><a:ea typeface="Noto Sans"/></a:rPr><a:t>GWh，中</a:t></a:r>';
    expect(deckMissingGlyphs([run])).toEqual(['Noto Sans: ，', 'Noto Sans: 中']);
  });
});

describe('one language at a time: --lang', () => {
  it('--lang zh --out DIR builds only the Chinese edition into DIR', async () => {
    const dir = tempDir('bs-lang-one-');
    const run = await briefsmith([...args(dir), '--lang', 'zh']);
    expect(run.stderr).toMatch(/^built \S*briefing\.pptx, \d+ slides, and \S*report\.pdf, \d+ pages, in /);
    expect(run.status).toBe(0);
    expect(pdfPages(path.join(dir, 'report.pdf')).join('')).toContain('目录');
    expect(existsSync(path.join(dir, 'zh'))).toBe(false);
  });

  it('refuses a language the edition is not built in, naming those it is', async () => {
    const run = await briefsmith([...args(tempDir('bs-lang-bad-')), '--lang', 'fr']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no "fr" language/);
    expect(run.stderr).toMatch(/en, zh/);
  });
});

describe('a translation that is missing stops the build at its line', () => {
  const project = tempDir('bs-lang-missing-');
  beforeAll(() => cpSync(FIXTURE, project, { recursive: true }));

  it('names the file, line and field of a text without its Chinese version, and keeps the previous outputs', async () => {
    const out = tempDir('bs-lang-missing-out-');
    expect((await briefsmith(args(out, project))).status).toBe(0);
    const before = statSync(path.join(out, 'zh/report.pdf')).mtimeMs;
    const file = path.join(project, 'data/findings.yaml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace('label: { en: price of a battery cell, zh: 电芯价格 }', 'label: price of a battery cell'));
    const run = await briefsmith(args(out, project));
    expect(run.status).toBe(2);
    const line = yaml.split('\n').findIndex((l) => l.includes('price of a battery cell')) + 1;
    expect(run.stderr).toContain(`findings.yaml:${line}:`);
    expect(run.stderr).toMatch(/figures\.cell_price\.label: has no zh text/);
    expect(statSync(path.join(out, 'zh/report.pdf')).mtimeMs).toBe(before);
    writeFileSync(file, yaml);
  });

  it('names the partial a Chinese story uses that has no Chinese version, at the line that uses it', async () => {
    rmSync(path.join(project, 'templates/partials/market.zh.hbs'));
    const run = await briefsmith(args(tempDir('bs-lang-partial-'), project));
    expect(run.status).toBe(2);
    const line = readFileSync(path.join(project, 'templates/story.zh.hbs'), 'utf8').split('\n').findIndex((l) => l.includes('{{> market}}')) + 1;
    expect(run.stderr).toContain(`story.zh.hbs:${line}`);
    expect(run.stderr).toMatch(/partials\/market\.zh\.hbs/);
  });

  it('says which story is missing when a language has none', async () => {
    rmSync(path.join(project, 'templates/story.zh.hbs'));
    const run = await briefsmith(args(tempDir('bs-lang-story-'), project));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no story\.zh\.hbs/);
  });
});
