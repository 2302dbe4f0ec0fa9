// Projects that are not ours, built as a user builds them, in both chart modes: EV batteries (GWh and
// TWh, USD per kWh falling, shares, 2030 ranges, a wider theme font, a chart converted from euros),
// global payments (every scale from thousand to trillion, three currencies, losses, four series,
// long labels; the large one), Chinese-first industrial robots, and a minimal one (one figure, one
// slide). Every deck passes the schemas and opens in LibreOffice, every report passes qpdf and
// pdffonts, and the numbers and units on the slides and pages are the figures'.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFindings } from '../../src/index.ts';
import { figureFormat } from '../../src/format/locales.ts';
import { loadTheme } from '../../src/theme/index.ts';
import type { Findings } from '../../src/types.ts';
import { drawImage, expectedLabel, readNative } from '../helpers/chart-readback.ts';
import { ROOT, briefsmith, pdfPageCount, slideText, slideXml, tempDir } from '../helpers/run.ts';

const FIXTURES = ['ev-batteries', 'payments-global', 'robotics-cn', 'minimal'] as const;
type Fixture = (typeof FIXTURES)[number];
const dir = (f: Fixture) => path.join(ROOT, 'test/fixtures', f);
const squash = (s: string) => s.replace(/\s+/g, '');

interface Built { findings: Findings; image: string; native: string; report: string; slides: string[]; nativeSlides: string[]; reportText: string }

describe('fixture projects in other markets, in both chart modes', () => {
  const built = new Map<Fixture, Built>();
  const out = tempDir('bs-fixtures-');

  beforeAll(async () => {
    for (const f of FIXTURES) {
      const data = path.join(dir(f), 'data');
      const templates = path.join(dir(f), 'templates');
      const image = path.join(out, f, 'image');
      const native = path.join(out, f, 'native');
      for (const [target, args] of [[image, []], [native, ['--charts', 'native', '--only', 'deck']]] as const) {
        const r = await briefsmith(['build', '--data', data, '--templates', templates, '--out', target, ...args]);
        expect(r.status, `${f}: ${r.stderr}`).toBe(0);
        expect(r.stderr, f).not.toMatch(/warning/);
      }
      const report = path.join(image, 'report.pdf');
      built.set(f, {
        findings: (await loadFindings(data)).findings,
        image: path.join(image, 'briefing.pptx'), native: path.join(native, 'briefing.pptx'), report,
        slides: (await slideXml(path.join(image, 'briefing.pptx'))).map(slideText),
        nativeSlides: (await slideXml(path.join(native, 'briefing.pptx'))).map(slideText),
        reportText: execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', report, '-'], { encoding: 'utf8' }),
      });
    }
  }, 600_000);

  it('writes decks that pass the ECMA-376 schemas, native charts\' workbooks included', async () => {
    for (const [f, b] of built) {
      for (const deck of [b.image, b.native]) {
        const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [deck], { encoding: 'utf8' });
        expect(r.stdout + r.stderr, `${f}: ${deck}`).toContain('RESULT: OK');
      }
      const zip = await JSZip.loadAsync(readFileSync(b.native));
      for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xlsx'))) {
        const file = path.join(out, `${f}-${path.basename(name)}`);
        writeFileSync(file, await zip.file(name)!.async('nodebuffer'));
        const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [file], { encoding: 'utf8' });
        expect(r.stdout + r.stderr, `${f}: ${name}`).toContain('RESULT: OK');
      }
    }
  }, 300_000);

  it('makes decks LibreOffice opens, one page per slide, and reports qpdf and pdffonts accept', async () => {
    const decks = [...built.values()].flatMap((b) => [b.image, b.native]);
    // One LibreOffice run for every deck: its start-up is most of its time.
    const pdfDir = tempDir('bs-fixtures-pdf-');
    const profile = tempDir('bs-lo-profile-');
    const copies = decks.map((d, i) => { const c = path.join(out, `deck-${i}.pptx`); writeFileSync(c, readFileSync(d)); return c; });
    // Asynchronous: a minute's conversion must not block the test worker (see sofficeToPdf).
    await promisify(execFile)('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, ...copies], { timeout: 400_000 });
    copies.forEach((c, i) => {
      const pdf = path.join(pdfDir, path.basename(c).replace(/\.pptx$/, '.pdf'));
      const expected = [...built.values()].flatMap((b) => [b.slides.length, b.nativeSlides.length])[i];
      expect(pdfPageCount(pdf), decks[i]).toBe(expected);
    });
    for (const [f, b] of built) {
      const q = spawnSync('qpdf', ['--check', b.report], { encoding: 'utf8' });
      expect(q.status, `${f}: ${q.stdout}${q.stderr}`).toBe(0);
      const fonts = execFileSync('pdffonts', [b.report], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      expect(fonts.length, f).toBeGreaterThan(0);
      for (const line of fonts) expect(line, f).toMatch(/\syes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
    }
  }, 600_000);

  it('shows every headline with its unit: short on the tiles and the cover, in full in the key figures', () => {
    for (const [f, b] of built) {
      const headlines = (b.findings.edition.headlines ?? []).map((id) => b.findings.figures[id]);
      expect(headlines.length, f).toBeGreaterThan(0);
      const deck = squash(b.slides.join('\n'));
      const cover = squash(execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', '-enc', 'UTF-8', b.report, '-'], { encoding: 'utf8' }));
      const report = squash(b.reportText);
      // In the edition's language: robotics-cn is written in Chinese (zh-CN), so its figures read 超过31万台.
      const format = figureFormat(b.findings.edition.language)!;
      for (const h of headlines) {
        const short = squash(format.short(h));
        if (f !== 'minimal') expect(deck, `${f}: tile ${h.id}`).toContain(short);
        expect(cover, `${f}: cover ${h.id}`).toContain(short);
        if (f !== 'minimal') expect(report, `${f}: key figure ${h.id}`).toContain(squash(format.figure(h)));
      }
    }
  });

  it('draws every chart\'s figures with their numbers and qualifiers, as images and as native charts', async () => {
    for (const [f, b] of built) {
      const theme = loadTheme(path.join(dir(f), 'templates'));
      const zip = await JSZip.loadAsync(readFileSync(b.native));
      const parts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
      const natives = await Promise.all(parts.map(async (name) => {
        const rels = await zip.file(name.replace('charts/', 'charts/_rels/') + '.rels')!.async('string');
        const workbook = /Target="\.\.\/embeddings\/([^"]+)"/.exec(rels)![1];
        return readNative(await zip.file(name)!.async('string'), await zip.file(`ppt/embeddings/${workbook}`)!.async('nodebuffer'));
      }));
      const nativeLabels = natives.flatMap((n) => n.series.flatMap((s) => s.labels));
      const nativeText = squash(b.nativeSlides.join('\n'));
      for (const spec of Object.values(b.findings.charts)) {
        const converted = Boolean(spec.note?.startsWith('Converted'));
        const drawn = drawImage(spec, theme);
        for (const s of spec.series) {
          s.figures.forEach((id, i) => {
            const figure = b.findings.figures[id];
            // A converted figure is drawn in the chart's currency: its label is the converted number.
            const label = converted ? String(drawn.data[spec.series.indexOf(s)][i]) : expectedLabel(figure, spec.type, spec);
            if (!converted) expect(drawn.texts, `${f}/${spec.id}: image label of ${id}`).toContain(label);
            if (spec.type === 'numbers') expect(nativeText, `${f}/${spec.id}: big number ${id}`).toContain(squash(label));
            else if (!converted) expect(nativeLabels, `${f}/${spec.id}: native label of ${id}`).toContain(label);
          });
        }
      }
      expect(natives.every((n) => !n.xml.includes('multiLvlStrRef')), f).toBe(true);
    }
  }, 120_000);

  it('converts a chart in two currencies at the rate the data states, and says so on the slide and the page', async () => {
    const b = built.get('ev-batteries')!;
    const spec = b.findings.charts.investment;
    expect(spec.unit).toBe('USD billion');
    expect(spec.series[0].values).toEqual([64.8, 70]);
    const note = 'Converted to USD at 1.08 USD per EUR (2026-01).';
    expect(spec.note).toBe(note);
    expect(squash(b.slides.join('\n'))).toContain(squash(note));
    expect(squash(b.reportText)).toContain(squash(note));
    const zip = await JSZip.loadAsync(readFileSync(b.native));
    const xml = await Promise.all(Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(xml.some((x) => x.includes('<c:v>64.8</c:v>') && x.includes('USD billion'))).toBe(true);
  });

  it('says a falling price falls, and shows what shares of a whole leave of it', async () => {
    const ev = built.get('ev-batteries')!;
    expect(squash(ev.reportText)).toContain(squash('the price falls about 12% a year (2015–2024, implied)'));
    expect(ev.reportText).not.toMatch(/rises? about -/);
    const cn = built.get('robotics-cn')!;
    expect(squash(cn.reportText)).toContain(squash('年均下降约8%（2018—2025年，推算）'));
    // Online payments by method: shares of one whole that sum to 95%, so the pie shows the other 5%.
    const pay = built.get('payments-global')!;
    expect(pay.findings.charts.online_shares.share).toBe(true);
    const zip = await JSZip.loadAsync(readFileSync(pay.native));
    const pies = await Promise.all(Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    const pie = pies.find((x) => x.includes('<c:pieChart>'))!;
    expect(pie).toContain('<c:v>Other</c:v>');
    expect(pie).toContain('<c:v>5</c:v>');
  });
});
