// The CLI on the shipped data and on fixture scenarios, as a user runs it; then the outputs are
// opened with real clients and the same figures are looked for in both.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { loadFindings } from '../../src/index.ts';
import { formatFigureValue } from '../../src/format/index.ts';
import type { Document } from '../../src/types.ts';
import { accessibilityProblems, openDeck } from '../emit/pptx/deck-helpers.ts';
import { pdfUaProblems } from '../helpers/pdf-ua.ts';
import { ROOT, briefsmith, type CliRun, pdfPageCount, pdfPages, slideText, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';

const FIXTURES = path.join(ROOT, 'test/fixtures');
/** Whitespace-insensitive: both outputs wrap lines where they like. */
const squash = (s: string) => s.replace(/\s+/g, '');

describe('briefsmith build on the shipped data', () => {
  const out = tempDir('bs-e2e-');
  let run: CliRun;
  let doc: Document;
  let slides: string[];
  let pages: string[];

  beforeAll(async () => {
    run = await briefsmith(['build', '--out', out]);
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    doc = composeDocument(findings, path.join(ROOT, 'templates'));
    if (run.status === 0) {
      slides = (await slideXml(path.join(out, 'briefing.pptx'))).map(slideText);
      pages = pdfPages(path.join(out, 'report.pdf'));
    }
  });

  it('exits 0, writes both files and says so in one line even when not on a terminal', async () => {
    // One line: every file of every language the edition has, the last after "and".
    expect(run.stderr).toMatch(/^built (\S+, \d+ (slides|pages), )*\S+, \d+ (slides|pages),? and \S+, \d+ pages, in \d+(\.\d)? m?s\n$/);
    // The first language keeps the plain names in out/ (the others go to out/<lang>/).
    expect(run.stderr).toContain(`${path.join(out, 'briefing.pptx').split(path.sep).slice(-2).join(path.sep)}, ${slides.length} slides,`);
    expect(run.stderr).toContain(`${path.join(out, 'report.pdf').split(path.sep).slice(-2).join(path.sep)}, ${pages.length} pages`);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).sort()).toEqual(expect.arrayContaining(['briefing.pptx', 'report.pdf']));
  });

  it('puts every slide title of the story in the deck, in order', async () => {
    const deckTitles = doc.sections.filter((s) => s.audience !== 'report').map((s) => s.title);
    let at = 0;
    for (const title of deckTitles) {
      const found = slides.findIndex((text, i) => i >= at && squash(text).includes(squash(title)));
      expect(found, `slide titled "${title}"`).toBeGreaterThanOrEqual(at);
      at = found;
    }
    expect(slides.length).toBeGreaterThanOrEqual(18);
    expect(slides.length).toBeLessThanOrEqual(30);
  });

  it('shows every headline figure, formatted from data, in both the deck and the report', async () => {
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    const headlines = findings.edition.headlines ?? [];
    expect(headlines.length).toBeGreaterThanOrEqual(3);
    const deck = squash(slides.join('\n'));
    const report = squash(pages.join('\n'));
    for (const id of headlines) {
      const value = squash(formatFigureValue(findings.figures[id]));
      expect(deck, `deck shows ${id}`).toContain(value);
      expect(report, `report shows ${id}`).toContain(value);
    }
  });

  it('carries every figure of the data: in the report text, and in the deck (slides, notes or charts)', async () => {
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    const report = squash(pages.join('\n'));
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'briefing.pptx')));
    const notes = await Promise.all(Object.keys(zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    const deck = squash([...slides, ...notes.map(slideText)].join('\n'));
    const charted = new Set(Object.values(findings.charts).flatMap((c) => c.series.flatMap((s) => s.figures)));
    for (const figure of Object.values(findings.figures)) {
      const value = squash(formatFigureValue(figure));
      expect(report, `report shows ${figure.id}`).toContain(value);
      if (!charted.has(figure.id)) expect(deck, `deck shows ${figure.id}`).toContain(value);
    }
  });

  it('reads citations aloud nowhere: speaker notes carry no markers', async () => {
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'briefing.pptx')));
    const notes = Object.keys(zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(notes.length).toBe(slides.length);
    for (const n of notes) expect(slideText(await zip.file(n)!.async('string')), n).not.toMatch(/\[\d+\]/);
  });

  it('never puts a citation marker right after a number, in either output', async () => {
    const afterNumber = /\d%?[ \u00a0]*\[\d+\]/;
    for (const [i, text] of slides.entries()) expect(text.replace(/Sources?: .*/g, ''), `slide ${i + 1}`).not.toMatch(afterNumber);
    for (const [i, text] of pages.entries()) expect(text.replace(/Sources?: .*/g, '').replace(/^\s*\[\d+\] .*$/gm, ''), `page ${i + 1}`).not.toMatch(afterNumber);
  });

  it('ends both outputs with the sources', async () => {
    const lastSlides = squash(slides.slice(-2).join(''));
    const lastPages = squash(pages.slice(-3).join(''));
    for (const source of doc.sources) {
      expect(lastSlides + squash(slides.join('')), source.id).toContain(squash(source.title).slice(0, 20));
      expect(lastPages, source.id).toContain(squash(source.title).slice(0, 20));
    }
  });

  it('makes a report that meets PDF/UA-1 and declares it', async () => {
    const { problems, declared } = pdfUaProblems(path.join(out, 'report.pdf'));
    expect(problems).toEqual([]);
    expect(declared).toBe(true);
  });

  it('makes a deck PowerPoint\'s Accessibility Checker would pass: titles, ids, alt text, decorative shapes, table headers', async () => {
    const d = await openDeck(readFileSync(path.join(out, 'briefing.pptx')));
    expect(await accessibilityProblems(d)).toEqual([]);
  });

  it('makes a deck LibreOffice opens (one page per slide) and a report qpdf and pdffonts accept', async () => {
    const converted = await sofficeToPdf(path.join(out, 'briefing.pptx'));
    expect(pdfPageCount(converted)).toBe(slides.length);
    execFileSync('qpdf', ['--check', path.join(out, 'report.pdf')], { encoding: 'utf8' });
    const fonts = execFileSync('pdffonts', [path.join(out, 'report.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\syes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
  });
});

describe('briefsmith build on bad input', () => {
  it('reports bad data with file, line and field, exits 2 and leaves the previous outputs intact', async () => {
    const work = tempDir('bs-bad-');
    cpSync(path.join(ROOT, 'data'), path.join(work, 'data'), { recursive: true });
    const out = path.join(work, 'out');
    expect((await briefsmith(['build', '--data', path.join(work, 'data'), '--out', out])).status).toBe(0);
    const before = ['briefing.pptx', 'report.pdf'].map((f) => readFileSync(path.join(out, f)));

    // Break one figure: remove its unit.
    const figuresFile = readdirSync(path.join(work, 'data')).find((f) => /^figures/.test(f))!;
    const file = path.join(work, 'data', figuresFile);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    // The unit key and, when it holds its translations, the lines under it.
    const unitLine = lines.findIndex((l) => /^\s+unit:/.test(l));
    const indent = lines[unitLine].search(/\S/);
    let end = unitLine + 1;
    while (end < lines.length && lines[end].trim() && lines[end].search(/\S/) > indent) end++;
    lines.splice(unitLine, end - unitLine);
    writeFileSync(file, lines.join('\n'));

    const run = await briefsmith(['build', '--data', path.join(work, 'data'), '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(figuresFile);
    expect(run.stderr).toMatch(/:\d+:\d+/);
    expect(run.stderr).toMatch(/unit/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    const after = ['briefing.pptx', 'report.pdf'].map((f) => readFileSync(path.join(out, f)));
    expect(after[0].equals(before[0])).toBe(true);
    expect(after[1].equals(before[1])).toBe(true);
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['malformed YAML', 'data', 'figures.yaml', (t: string) => t.replace('  market_2024:\n', '  market_2024: [\n'), /figures\.yaml:\d+:\d+.*not valid YAML/],
    ['a missing required field', 'data', 'sources.yaml', (t: string) => t.replace('    language: zh\n', ''), /sources\.yaml:\d+:\d+ sources\.s004\.language: is missing/],
    ['a wrong type', 'data', 'figures.yaml', (t: string) => t.replace('    value: 309\n', '    value: "309 models"\n'), /figures\.yaml:\d+:\d+ figures\.models_filed\.value: must be a number/],
    ['an unknown chart id in a template', 'templates', 'partials/market.hbs', (t: string) => t.replace('{{chart "procurement"}}', '{{chart "procurment"}}'), /market\.hbs:\d+:\d+.*no chart with id "procurment"/],
    ['a template syntax error', 'templates', 'partials/adoption.hbs', (t: string) => t.replace('{{/notes}}', '{{/note}}'), /adoption\.hbs:\d+:\d+: template syntax error: \{\{\/note\}\} does not close \{\{#notes\}\}/],
    ['a missing partial', 'templates', 'story.hbs', (t: string) => t.replace('{{> technology}}', '{{> technologyy}}'), /story\.hbs.*technologyy/],
  ])('reports %s with exit 2, file and line, and keeps the previous outputs', async (_what, folder, file, breakIt, message) => {
    const work = tempDir('bs-bad-');
    cpSync(path.join(ROOT, 'data'), path.join(work, 'data'), { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(work, 'templates'), { recursive: true });
    const args = ['build', '--data', path.join(work, 'data'), '--templates', path.join(work, 'templates'), '--out', path.join(work, 'out')];
    expect((await briefsmith(args)).status).toBe(0);
    const before = ['briefing.pptx', 'report.pdf'].map((f) => readFileSync(path.join(work, 'out', f)));
    const target = path.join(work, folder, file);
    const text = readFileSync(target, 'utf8');
    const broken = breakIt(text);
    expect(broken).not.toBe(text);
    writeFileSync(target, broken);
    const run = await briefsmith(args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/hint: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const after = ['briefing.pptx', 'report.pdf'].map((f) => readFileSync(path.join(work, 'out', f)));
    expect(after[0].equals(before[0]) && after[1].equals(before[1])).toBe(true);
  });

  it('rejects bad options with exit 2 and a usage hint', async () => {
    const run = await briefsmith(['build', '--only', 'slides']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/deck, report/);
    expect((await briefsmith(['build', '--data', '/nonexistent'])).stderr).toMatch(/nonexistent[\s\S]*hint/);
    expect((await briefsmith(['build', '--data', '/nonexistent'])).status).toBe(2);
  });

  it('prints help with exit 0', async () => {
    const run = await briefsmith(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('build');
  });
});

describe('literal text scenario (test/fixtures/literal-text)', () => {
  it('shows markup, template code, entities, emoji and Chinese from data as written in both outputs', async () => {
    const out = tempDir('bs-literal-');
    const fixture = path.join(FIXTURES, 'literal-text');
    const run = await briefsmith(['build', '--data', path.join(fixture, 'data'), '--templates', path.join(fixture, 'templates'), '--out', out, '-q']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const deck = (await slideXml(path.join(out, 'briefing.pptx'))).join('\n');
    const deckText = (await slideXml(path.join(out, 'briefing.pptx'))).map(slideText).join('\n');
    const report = pdfPages(path.join(out, 'report.pdf')).join('\n');
    for (const literal of ['*Stars* & <b>tags</b>', '{{x}}', '# not a heading', 'AT&amp;T', '大模型备案']) {
      expect(squash(deckText), literal).toContain(squash(literal));
      expect(squash(report), literal).toContain(squash(literal));
    }
    // The data says "AT&amp;T" literally: read once, the slide says exactly that, never "&amp;amp;".
    expect(deckText).not.toContain('&amp;amp;');
    expect(report).not.toContain('&amp;amp;');
    expect(deck).toContain('AT&amp;amp;T');
    expect(existsSync(path.join(out, 'briefing.pptx'))).toBe(true);
  });
});
