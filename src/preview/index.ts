// preview: a local web server over the watch queue. Each build (the same build() as `briefsmith build`,
// with the web edition) shows its slides as soon as the deck has drawn them, then its report and files
// once written; a failed build shows its problems over the last good view.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefError, InputError } from '../errors.ts';
import type { BuildOptions } from '../index.ts';
import { localeOf } from '../i18n/index.ts';
import { loadTheme, type Theme } from '../theme/index.ts';
import type { Artifact, ChartImage } from '../types.ts';
import { watchAndBuild } from '../watch/index.ts';
import { loadAssets, typeOf } from './assets.ts';
import { PreviewHub, type FileView, type ProblemView } from './hub.ts';
import { COMMON_HEADERS, LOOPBACK, listen, type Resource, type Routes } from './server.ts';
import { deckView } from './slides.ts';

export interface PreviewOptions {
  build: Omit<BuildOptions, 'onDeckDrawn' | 'force' | 'html' | 'only'>;
  /** 0: any free port. */
  port: number;
  /** A change is built this long after the last one (ms). */
  debounceMs?: number;
  /** One line per build, and the problems of a failed one. */
  say: (text: string) => void;
  formatError: (error: unknown) => string;
}

export interface Preview {
  url: string;
  /** Resolves once the first build is over (done or failed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The files a build writes that the preview links to and serves. */
const OUTPUTS = ['briefing.pptx', 'report.pdf', 'briefing.html'];
/**
 * A short wait after a save (the watcher first waits SETTLE_MS for the file to stop changing, as
 * editors write in steps): the preview answers a save in well under a second, so both are short.
 */
const DEBOUNCE_MS = 30;
const SETTLE_MS = 50;

export async function startPreview(opts: PreviewOptions): Promise<Preview> {
  const hub = new PreviewHub();
  const assets = await loadAssets();
  /** Charts of the views shown lately, by content hash: a page may still ask for the previous view's. */
  const charts = new Map<string, ChartImage>();
  let theme: Theme | undefined;
  let files: FileView[] = [];

  const routes: Routes = {
    events: (res) => hub.attach(res, COMMON_HEADERS),
    resource(p): Resource | undefined {
      const chart = /^\/charts\/([0-9a-f]{16,64})\.png$/.exec(p);
      if (chart) {
        const image = charts.get(chart[1]);
        return image && { type: 'image/png', body: image.png, immutable: true };
      }
      const out = /^\/out\/([^/]+)$/.exec(p);
      if (out) return outputFile(out[1]);
      return assets.resource(p, theme);
    },
  };

  /** A file the last good build wrote, by its exact name; the web edition keeps its own strict policy. */
  function outputFile(name: string): Resource | undefined {
    if (!files.some((f) => f.name === name)) return undefined;
    const headers: Record<string, string> = name.endsWith('.html')
      ? { 'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'" }
      : name.endsWith('.pdf') ? {} : { 'Content-Disposition': `attachment; filename="${name}"` };
    return { type: typeOf(name), body: readFile(path.join(opts.build.outDir, name)), headers };
  }

  let listening;
  try {
    listening = await listen(routes, opts.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${opts.port} is in use`, { hint: 'pass another with --port N, or --port 0 for any free port' }, { cause: error });
    throw error;
  }
  const { server, port } = listening;
  const url = `http://${LOOPBACK}:${port}/`;

  let count = 0;
  const outDir = opts.build.outDir + path.sep;
  const watcher = watchAndBuild({
    paths: [opts.build.dataDir, opts.build.templatesDir],
    ignored: (file) => file.startsWith(outDir) || file.endsWith('.tmp'),
    debounceMs: opts.debounceMs ?? DEBOUNCE_MS,
    settleMs: SETTLE_MS,
    build: async (reason) => {
      const started = performance.now();
      hub.building(shortReason(reason));
      try {
        theme = loadTheme(opts.build.templatesDir);
        const { build } = await import('../index.ts');
        const stages: Record<string, number> = {};
        const result = await build({
          ...opts.build, html: true, force: true, keepChartWorker: true,
          onStage: (name, ms) => { stages[name] = Math.round(ms); opts.build.onStage?.(name, ms); },
          onDeckDrawn: (deck, document, images) => {
            for (const image of images.values()) charts.set(image.hash, image);
            hub.slides(deckView(deck, images, (image) => `/charts/${image.hash}.png`, document.charts), document.edition.title, { ...stages }, localeOf(document.edition.language).tag);
          },
        });
        files = fileViews(result.artifacts);
        hub.built(files);
        forgetOldCharts(charts, hub);
        count++;
        opts.say(`build ${count} ok in ${Math.round(performance.now() - started)} ms (${reason})`);
      } catch (error) {
        hub.failed(problemViews(error));
        throw error;
      }
    },
    onError: (error) => opts.say(`${opts.formatError(error)}\nbuild failed; the preview keeps the last good view. Watching for the fix…`),
  });

  return {
    url,
    ready: watcher.ready,
    async close() {
      hub.close();
      await watcher.close();
      const { closeChartWorker } = await import('../index.ts');
      await closeChartWorker();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** "changed: /home/…/data/figures.yaml" → "changed: data/figures.yaml". */
function shortReason(reason: string): string {
  return reason.replace(/^(changed: )(.*)$/, (_m, head: string, file: string) => head + (path.relative(process.cwd(), file) || file));
}

/** The outputs written, each with a version that changes with its bytes. */
function fileViews(artifacts: Artifact[]): FileView[] {
  return artifacts.filter((a) => OUTPUTS.includes(a.name)).map((a) => {
    const hash = createHash('sha256');
    for (const chunk of a.chunks) hash.update(chunk);
    return { name: a.name, bytes: a.chunks.reduce((n, c) => n + c.length, 0), version: hash.digest('hex').slice(0, 16) };
  });
}

/** Keeps the charts of the view now shown (and any still rendering); a page never asks for older ones. */
function forgetOldCharts(charts: Map<string, ChartImage>, hub: PreviewHub): void {
  const shown = JSON.stringify(hub.current.deck ?? '');
  for (const hash of charts.keys()) if (!shown.includes(hash)) charts.delete(hash);
}

/** A failed build's problems as the page lists them: where (relative to the working folder), what, and the hint. */
export function problemViews(error: unknown): ProblemView[] {
  if (!(error instanceof BriefError)) return [{ where: '', message: `internal error: ${error instanceof Error ? error.message : String(error)}`, hint: 're-run `briefsmith build --debug` for the stack trace' }];
  return error.problems.map((p) => {
    const file = p.file ? path.relative(process.cwd(), path.resolve(p.file)) || p.file : '';
    const where = file ? `${file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}` : '';
    return { where, field: p.field, message: p.message, hint: p.hint };
  });
}
