// The preview's loop, timed: from saving a data file to the changed slide shown in the browser, over
// one-figure edits of the shipped data (`briefsmith preview` on a copy, Debian's Chromium), and where
// the time goes: noticing the save, building up to the deck's drawing, and getting it on the screen.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, watchedPage } from '../helpers/browser.ts';
import { startPreviewCli } from '../helpers/preview.ts';

/** Figures of the shipped data that a slide shows, and the text the slide shows for the edited value. */
const EDITS: { id: string; value: (i: number) => string; shows: (value: string) => string }[] = [
  { id: 'models_filed', value: (i) => String(400 + i), shows: (v) => `${v} models` },
  { id: 'procurement_projects', value: (i) => String(960 + i), shows: (v) => `over ${v}` },
  // One of a chart's figures: the chart is drawn again (the text shows first, the picture when drawn).
  { id: 'market_2024', value: (i) => (16 + i / 10).toFixed(1), shows: (v) => `CNY ${v} billion` },
];

const now = () => performance.timeOrigin + performance.now();

export interface PreviewLatency {
  /** Milliseconds: save → shown, save → build started, build started → deck drawn, drawn → shown; the build's stages until drawn. */
  samples: { total: number; notice: number; build: number; show: number; stages: Record<string, number> }[];
}

export async function previewLatency(edits: number): Promise<PreviewLatency> {
  const preview = await startPreviewCli();
  const browser = await launchBrowser();
  try {
    const { page } = await watchedPage(browser, { width: 1400, height: 900 });
    await page.goto(preview.url);
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready', undefined, { timeout: 120_000 });
    const file = path.join(preview.data, 'figures.yaml');
    const original = readFileSync(file, 'utf8');
    const samples: PreviewLatency['samples'] = [];
    for (let i = 0; i < edits; i++) {
      const edit = EDITS[i % EDITS.length];
      const value = edit.value(i);
      const text = edit.shows(value);
      // The page notes when a slide first shows the text; the build's own times come with each view.
      // (A script as text: the bundler that runs this file would wrap named functions in a helper the page lacks.)
      await page.evaluate(`(() => {
        window.shownAt = undefined;
        const observer = new MutationObserver(() => {
          if (window.shownAt === undefined && document.getElementById('slides').textContent.includes(${JSON.stringify(text)})) {
            window.shownAt = performance.timeOrigin + performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.getElementById('slides'), { childList: true, subtree: true, characterData: true });
      })()`);
      const pattern = new RegExp(`(${edit.id}:\\n(?:.*\\n)*?\\s+value: )[\\d.]+\\n`);
      const saved = now();
      writeFileSync(file, original.replace(pattern, `$1${value}\n`));
      await page.waitForFunction(() => (window as unknown as { shownAt?: number }).shownAt !== undefined, undefined, { timeout: 60_000, polling: 50 });
      const shownAt = await page.evaluate(() => (window as unknown as { shownAt: number }).shownAt);
      const timing = await page.evaluate(() => ({ started: Number(document.body.dataset.buildStarted), drawn: Number(document.body.dataset.deckDrawn), stages: document.body.dataset.stages ?? '{}' }));
      const stages = JSON.parse(timing.stages) as Record<string, number>;
      samples.push({ total: shownAt - saved, notice: timing.started - saved, build: timing.drawn - timing.started, show: shownAt - timing.drawn, stages });
      // The rest of the build (report, web edition, files) finishes before the next edit.
      await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-state') === 'ready', undefined, { timeout: 60_000 });
    }
    writeFileSync(file, original);
    return { samples };
  } finally {
    await browser.close();
    await preview.stop();
  }
}
