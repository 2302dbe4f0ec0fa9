// `briefsmith preview` on a copy of the shipped project, opened in Debian's Chromium: every slide and
// report page is there and drawn where the deck draws it, an edit shows up without a reload and
// without losing the reader's place, a broken file shows its problems over the last good view, and
// the server refuses what is not its own (traversal in any spelling, other hosts, script in data).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchedPage, type WatchedPage } from '../helpers/browser.ts';
import { rawGet, startPreviewCli, type RunningPreview } from '../helpers/preview.ts';
import { slideXml } from '../helpers/run.ts';
import { textShapes } from '../helpers/slide-shapes.ts';

const squash = (s: string) => s.replace(/[\s•]+/g, ' ').trim();
const PX_PER_IN = 96;

describe('briefsmith preview', () => {
  let preview: RunningPreview;
  let browser: Browser;
  let tab: WatchedPage;

  /** The text of each slide's text boxes and where they stand on the slide, in pixels at 1280 wide. */
  const drawnSlides = () => tab.page.$$eval('article.slide', (slides) => slides.map((s) => {
    const canvas = s.querySelector('.canvas')!.getBoundingClientRect();
    const scale = canvas.width / (Number((s.querySelector('.canvas') as HTMLElement).style.width.replace('in', '')) * 96);
    return {
      title: s.getAttribute('aria-label') ?? '',
      scale,
      boxes: [...s.querySelectorAll<HTMLElement>('.canvas > .text')].map((t) => {
        const r = t.getBoundingClientRect();
        const text = [...t.querySelectorAll('.para')].map((p) => [...p.childNodes].filter((n) => !(n as Element).classList?.contains('bullet')).map((n) => n.textContent).join('')).join('\n');
        return { text, x: (r.left - canvas.left) / scale, y: (r.top - canvas.top) / scale, w: r.width / scale, h: r.height / scale };
      }),
    };
  }));
  const slidesText = async () => (await tab.page.innerText('#slides')).replace(/\s+/g, ' ');
  const status = () => tab.page.getAttribute('#status', 'data-state');

  beforeAll(async () => {
    preview = await startPreviewCli();
    browser = await launchBrowser();
    tab = await watchedPage(browser, { width: 1400, height: 900 });
    await tab.page.goto(preview.url);
    await tab.page.waitForFunction(() => document.querySelectorAll('article.slide').length > 0 && document.querySelector('#status')?.getAttribute('data-state') === 'ready');
  });
  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  it('prints its address on 127.0.0.1 and listens on the loopback address only', async () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // The kernel's socket table: the port is bound to 127.0.0.1 (0100007F), on no other address.
    const hexPort = preview.port.toString(16).toUpperCase().padStart(4, '0');
    const bound = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .map((l) => l.trim().split(/\s+/)).filter((c) => c[1]?.endsWith(`:${hexPort}`) && c[3] === '0A').map((c) => c[1]);
    expect(bound).toEqual([`0100007F:${hexPort}`]);
  });

  it('shows every slide of the deck it built, with its title and notes, and every page of the report', async () => {
    const slides = await slideXml(path.join(preview.out, 'briefing.pptx'));
    const drawn = await drawnSlides();
    expect(drawn.length).toBe(slides.length);
    slides.forEach((xml, i) => {
      const shapes = textShapes(xml);
      const title = shapes.find((s) => !/^[\d\s.]+$/.test(s.text))!.text;
      expect(squash(drawn[i].title), `slide ${i + 1}`).toContain(squash(title));
    });
    expect(await tab.page.locator('article.slide .notes-text').count()).toBe(slides.length);

    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(preview.out, 'report.pdf')], { encoding: 'utf8' }))![1]);
    await tab.page.keyboard.press('r');
    await tab.page.waitForFunction((n) => document.querySelectorAll('#report .page').length === n, pages);
    // Each page is drawn as it scrolls into view: the first, and the last.
    await tab.page.waitForSelector('#page-1[data-drawn]:not([data-drawn=""])');
    await tab.page.keyboard.press('End');
    await tab.page.waitForSelector(`#page-${pages}[data-drawn]:not([data-drawn=""])`);
    const last = await tab.page.$eval(`#page-${pages} canvas`, (c) => (c as HTMLCanvasElement).width);
    expect(last).toBeGreaterThan(500);
    await tab.page.keyboard.press('s');
    expect(tab.errors).toEqual([]);
    expect(tab.failed).toEqual([]);
  });

  it('draws each text box of each slide where the .pptx puts it, within 2 px at 1280 px wide', async () => {
    const slides = await slideXml(path.join(preview.out, 'briefing.pptx'));
    const drawn = await drawnSlides();
    let compared = 0;
    slides.forEach((xml, i) => {
      expect(drawn[i].scale).toBeCloseTo(1, 2);
      for (const shape of textShapes(xml)) {
        const box = drawn[i].boxes.find((b) => squash(b.text) === squash(shape.text));
        expect(box, `slide ${i + 1}: "${shape.text.slice(0, 40)}"`).toBeDefined();
        for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(box![k] - shape[k] * PX_PER_IN), `slide ${i + 1} "${shape.text.slice(0, 30)}" ${k}`).toBeLessThanOrEqual(2);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(slides.length * 2);
  });

  it('shows an edited figure without a reload, and keeps the reader at the slide they were on', async () => {
    await tab.page.evaluate(() => { (window as unknown as { kept: boolean }).kept = true; });
    const at = await tab.page.$$eval('article.slide', (slides) => slides.findIndex((s) => s.textContent!.includes('309 models')));
    expect(at).toBeGreaterThan(0);
    await tab.page.$eval(`#slide-${at + 1}`, (s) => s.scrollIntoView({ block: 'start' }));
    const topBefore = await tab.page.$eval(`#slide-${at + 1}`, (s) => s.getBoundingClientRect().top);

    const file = path.join(preview.data, 'figures.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(models_filed:\n(?:.*\n)*?\s+value: )309\n/, '$1345\n'));
    await tab.page.waitForFunction((n) => document.querySelector(`#slide-${n}`)?.textContent?.includes('345 models'), at + 1, { timeout: 60_000 });

    expect(await tab.page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    expect(await tab.page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    const topAfter = await tab.page.$eval(`#slide-${at + 1}`, (s) => s.getBoundingClientRect().top);
    expect(Math.abs(topAfter - topBefore)).toBeLessThanOrEqual(2);
    expect(await slidesText()).not.toContain('309 models');
    await tab.page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready', undefined, { timeout: 60_000 });
  });

  it('shows a broken file\'s problems (file:line and a hint) over the last good view, and clears them once fixed', async () => {
    const file = path.join(preview.data, 'figures.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('  market_2024:\n', '  market_2024: [\n'));
    await tab.page.waitForSelector('#problems:not([hidden])', { timeout: 60_000 });
    expect(await status()).toBe('failed');
    const problems = await tab.page.innerText('#problems');
    expect(problems).toMatch(/data\/figures\.yaml:\d+:\d+/);
    expect(problems).toMatch(/hint: /);
    // The last good slides stay under it.
    expect(await slidesText()).toContain('345 models');

    writeFileSync(file, good);
    await tab.page.waitForSelector('#problems[hidden]', { state: 'attached', timeout: 60_000 });
    await tab.page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready', undefined, { timeout: 60_000 });
    expect(tab.errors).toEqual([]);
    expect(tab.failed).toEqual([]);
  });

  it('moves slide by slide and page by page from the keyboard', async () => {
    await tab.page.keyboard.press('Home');
    await tab.page.keyboard.press('ArrowRight');
    await tab.page.keyboard.press('ArrowRight');
    expect(await tab.page.evaluate(() => location.hash)).toBe('#slide-3');
    await tab.page.keyboard.press('ArrowLeft');
    expect(await tab.page.evaluate(() => location.hash)).toBe('#slide-2');
    await tab.page.keyboard.press('r');
    expect(await tab.page.getAttribute('#tab-report', 'aria-selected')).toBe('true');
    await tab.page.keyboard.press('Home');
    await tab.page.keyboard.press('PageDown');
    expect(await tab.page.evaluate(() => location.hash)).toBe('#page-2');
    await tab.page.keyboard.press('s');
    expect(await tab.page.isVisible('#slides')).toBe(true);
  });

  it('shows script and markup in the data as text: nothing in the data runs', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const file = path.join(preview.data, 'edition.yaml');
    const good = readFileSync(file, 'utf8');
    // The title's English text, whether the title is one text or one per language.
    const hostileTitle = JSON.stringify(`Market ${hostile}`);
    const perLanguage = /^( {2}title:\n {4}en: ).*$/m;
    writeFileSync(file, perLanguage.test(good) ? good.replace(perLanguage, `$1${hostileTitle}`) : good.replace(/^ {2}title: .*$/m, `  title: ${hostileTitle}`));
    await tab.page.waitForFunction((t) => document.querySelector('#doc-title')?.textContent === t, `Market ${hostile}`, { timeout: 60_000 });
    expect(await slidesText()).toContain(`Market ${hostile}`);
    expect(await tab.page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await tab.page.locator('img[src="x"], #slides script').count()).toBe(0);
    writeFileSync(file, good);
    await tab.page.waitForFunction(() => !document.querySelector('#doc-title')?.textContent?.includes('<img'), undefined, { timeout: 60_000 });
    expect(tab.errors).toEqual([]);
  });

  it('refuses requests outside its own files, in every spelling, and other hosts and methods', async () => {
    const attempts = [
      '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd',
      '/out/../package.json', '/out/%2e%2e/package.json', '/out/..%5cpackage.json', '/out/manifest.json', '/out/.cache', '/out/report.pdf%00.png',
      '/assets/../../package.json', '/assets/pdfjs/../../../package.json', '/assets/fonts/../../../../etc/passwd', '//etc/passwd', '/data/figures.yaml',
      '/charts/../../package.json', '/charts/0000000000000000.png', '/src/cli.ts', '/etc/passwd', '/out/', '/out',
    ];
    for (const attempt of attempts) {
      const res = await rawGet(preview.port, attempt);
      expect([400, 404], attempt).toContain(res.status);
      expect(res.body, attempt).not.toMatch(/root:|"name": "briefsmith"|figures:/);
    }
    expect((await rawGet(preview.port, '/', { host: `attacker.example:${preview.port}` })).status).toBe(403);
    expect((await rawGet(preview.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await rawGet(preview.port, '/out/report.pdf')).status).toBe(200);

    const page = await rawGet(preview.port, '/');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body).not.toMatch(/<script>|\son\w+=/);
    // The web edition the build wrote is served sandboxed: no script can run in it even if one got in.
    expect(String((await rawGet(preview.port, '/out/briefing.html')).headers['content-security-policy'])).toContain('sandbox');
  });
});
