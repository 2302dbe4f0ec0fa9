/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The code tests run inside the page is typed against the DOM.)
// Debian's Chromium, driven by playwright-core (no browser download works here). Each page records its
// console errors and failed requests, which a test expects to be none.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a closed network (no background connections to Google's hosts, which this machine refuses
 * many at a time) and for running as root in a container. playwright gives each launch a new empty profile.
 */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--disable-dev-shm-usage', '--no-default-browser-check', '--metrics-recording-only', '--disable-breakpad',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run setup\` (it installs Debian's chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions, as text. */
  errors: string[];
  /** Requests that failed or answered 4xx/5xx (but those the test expects). */
  failed: string[];
}

/** A page in a fresh context of the given size that records what went wrong. */
export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 800 }, expectFailing: RegExp[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  const failed: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const expected = (url: string) => expectFailing.some((r) => r.test(url));
  page.on('requestfailed', (r) => {
    // An event stream closed by navigation or by the test is not a failure.
    if (!expected(r.url()) && !/\/events\b/.test(r.url())) failed.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => { if (r.status() >= 400 && !expected(r.url())) failed.push(`${r.url()}: ${r.status()}`); });
  return { page, context, errors, failed };
}
