// The web edition as a user gets it (`briefsmith build --html`, `--only html`), opened in Debian's
// Chromium: accessible (axe-core), readable on a phone and in print, Chinese in a CJK face, and
// showing the same figures and chart pictures as the deck and the report.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFindings } from '../../src/index.ts';
import { formatFigureValue } from '../../src/format/index.ts';
import { launchBrowser, watchedPage } from '../helpers/browser.ts';
import { ROOT, briefsmith, pdfPages, tempDir } from '../helpers/run.ts';

const squash = (s: string) => s.replace(/\s+/g, '');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('the web edition of the shipped story', () => {
  const out = tempDir('bs-html-');
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const run = await briefsmith(['build', '--html', '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    url = `file://${path.join(out, 'briefing.html')}`;
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); });

  it('opens with no console error and no failed request, and passes axe-core with no serious or critical violation', async () => {
    const { page, errors, failed, context } = await watchedPage(browser);
    await page.goto(url);
    // Through the DevTools protocol, which the page's own policy (no script at all) does not govern.
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[]; passes: unknown[] }> } })
      .axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    expect(serious).toEqual([]);
    expect(result.passes.length).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('shows every figure the report shows, and the same chart pictures as the deck', async () => {
    const { page, context } = await watchedPage(browser);
    await page.goto(url);
    const text = squash(await page.innerText('body'));
    const report = squash(pdfPages(path.join(out, 'report.pdf')).join('\n'));
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    for (const figure of Object.values(findings.figures)) {
      const value = squash(formatFigureValue(figure));
      if (report.includes(value)) expect(text, `web edition shows ${figure.id}`).toContain(value);
    }
    const pictures = await page.$$eval('figure img', (imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).src, alt: (i as HTMLImageElement).alt, loaded: (i as HTMLImageElement).naturalWidth })));
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'briefing.pptx')));
    const media = await Promise.all(Object.keys(zip.files).filter((n) => /^ppt\/media\/.*\.png$/.test(n)).map(async (n) => sha(await zip.file(n)!.async('nodebuffer'))));
    expect(pictures.length).toBe(Object.keys(findings.charts).length);
    for (const p of pictures) {
      expect(p.loaded).toBe(1600);
      expect(p.alt.length).toBeGreaterThan(40);
      expect(media).toContain(sha(Buffer.from(p.src.split(',')[1], 'base64')));
    }
    // Captions are numbered as in the report.
    const captions = await page.$$eval('figcaption strong', (els) => els.map((e) => e.textContent));
    expect(captions).toEqual(pictures.map((_, i) => `Figure ${i + 1}.`));
    expect(report).toContain(squash(`Figure ${pictures.length}.`));
    await context.close();
  });

  it('sets Chinese text in the CJK font', async () => {
    const { page, context } = await watchedPage(browser);
    await page.goto(url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#sources [lang="zh"]' });
    expect(nodeId).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName).join()).toMatch(/Noto Sans CJK/);
    await context.close();
  });

  it('fits a phone: nothing wider than the screen, tables scroll within themselves', async () => {
    const { page, context } = await watchedPage(browser, { width: 390, height: 844 });
    await page.goto(url);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      images: Math.max(...[...document.images].map((i) => i.getBoundingClientRect().right)),
      wraps: [...document.querySelectorAll('.table-wrap')].map((w) => w.getBoundingClientRect().right),
      bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.images).toBeLessThanOrEqual(390);
    for (const right of widths.wraps) expect(right).toBeLessThanOrEqual(390);
    expect(widths.bodyFont).toBeGreaterThanOrEqual(16);
    await context.close();
  });

  it('prints: no navigation, chapters on new pages, an A4 PDF of a sensible length', async () => {
    const { page, context } = await watchedPage(browser);
    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    expect(await page.$eval('nav.contents', (n) => getComputedStyle(n).display)).toBe('none');
    // The first chapter follows the title; every later one starts a page.
    const breaks = await page.$$eval('section.chapter', (all) => all.map((n) => getComputedStyle(n).breakBefore));
    expect(breaks.length).toBeGreaterThan(2);
    expect(breaks).toEqual(['auto', ...breaks.slice(1).map(() => 'page')]);
    const pdf = path.join(out, 'printed.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(8);
    expect(pages.length).toBeLessThan(60);
    expect(squash(pages.join(''))).toContain(squash('Sources'));
    await context.close();
  });
});

describe('briefsmith build --only html', () => {
  it('writes the web edition alone, with data text shown as written (literal-text fixture)', async () => {
    const out = tempDir('bs-html-only-');
    const fixture = path.join(ROOT, 'test/fixtures/literal-text');
    const run = await briefsmith(['build', '--only', 'html', '--data', path.join(fixture, 'data'), '--templates', path.join(fixture, 'templates'), '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out).filter((n) => !n.startsWith('.')).sort()).toEqual(['briefing.html', 'manifest.json']);
    const browser = await launchBrowser();
    try {
      const { page, errors } = await watchedPage(browser);
      await page.goto(`file://${path.join(out, 'briefing.html')}`);
      const text = await page.innerText('body');
      for (const literal of ['*Stars* & <b>tags</b>', '{{x}}', '# not a heading', 'AT&amp;T', '大模型备案']) expect(squash(text), literal).toContain(squash(literal));
      expect(await page.$$('b, script')).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
