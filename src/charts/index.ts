// The charts stage: ChartSpec[] → ChartImage (opaque RGB PNG + alt text), through a content-hash cache.
//
// Charts are drawn on a worker thread (worker.ts), so on two cores they cost the build little: the worker
// is started with the renderer, before the data is read, and loads Chart.js, canvas and the fonts while
// the main thread loads, validates and composes; then it draws while the main thread lays out the deck
// and the report, which embed each PNG when it arrives (ChartImage.png is a promise).
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Theme } from '../theme/index.ts';
import type { ChartImage, ChartSpec } from '../types.ts';
import { bundledEntry, runningBundleEntry } from '../bundle.cjs';
import { chartAltText } from './alt.ts';
import { ChartCache, chartCacheKey } from './cache.ts';
import { opaqueRgbPngProblem } from '../png.ts';
import type { ChartMessage, ChartResult, ChartWorkerData } from './worker.ts';

const require = createRequire(import.meta.url);
const BUNDLE_LOADER = path.join(import.meta.dirname, '../bundle.cjs');

export { chartAltText } from './alt.ts';
export { chartCacheKey } from './cache.ts';

export interface ChartRendererOptions {
  /** Folder of cached PNGs (e.g. out/.cache/charts); null or absent: no cache. */
  cacheDir?: string | null;
  /**
   * Charts in flight at once on the worker (each holds one 1600×900 canvas, ~6 MB); 1 draws strictly one
   * after another. Default 2 (one drawn while the other encodes; a third was no faster and held ~13 MiB
   * more), or 1 when there are more than ONE_CANVAS_ABOVE charts to draw.
   */
  parallel?: number;
  /** Non-fatal problems (a damaged cache entry, an unwritable cache). */
  warn?: (msg: string) => void;
  /**
   * Draw on the process's kept worker thread, started by the first renderer that asks and left running
   * for the next (close() then leaves it be; closeKeptChartWorker() stops it). For processes that build
   * again and again: a worker per build cost its start-up each time, and node-canvas leaks native
   * memory (~32 KB an iconv descriptor) for every font each new thread registers.
   */
  keepWorker?: boolean;
}

export interface ChartRendering {
  /** Every spec's image, in spec order; each `png` resolves when drawn or read from the cache. */
  images: Map<string, ChartImage>;
  /** Resolves when every PNG is ready, with how many came from the cache; rejects with the first failure. */
  done: Promise<{ hits: number; misses: number }>;
}

export interface ChartRenderer {
  /** Starts rendering and returns at once. */
  render(specs: ChartSpec[]): ChartRendering;
  /** Stops the worker (unless it is the kept one). */
  close(): Promise<void>;
}

/** The worker renderers with keepWorker share; replaced if it failed. */
let kept: ChartWorker | null = null;

function keptWorker(theme: Theme): ChartWorker {
  if (!kept || kept.failed()) kept = startWorker({ theme });
  else kept.useTheme(theme);
  return kept;
}

/** Stops the kept chart worker, if any (a process that keeps one calls this before it ends). */
export async function closeKeptChartWorker(): Promise<void> {
  const worker = kept;
  kept = null;
  await worker?.close();
}

export function createChartRenderer(theme: Theme, opts: ChartRendererOptions = {}): ChartRenderer {
  const warn = opts.warn ?? ((msg: string) => process.emitWarning(msg));
  const cache = opts.cacheDir ? new ChartCache(opts.cacheDir, warn) : null;
  const { width, height } = theme.chart;
  const worker = opts.keepWorker ? keptWorker(theme) : startWorker({ theme });
  // Every chart drawn or being drawn for this renderer, by key: a chart two editions share (two
  // languages, with the same words in it) is drawn once.
  const drawnBefore = new Map<string, Promise<Buffer>>();

  return {
    render(specs) {
      let hits = 0;
      // Identical charts (same key) are drawn once.
      const toDraw = new Map<string, ChartSpec>();
      const keys = specs.map((spec) => chartCacheKey(spec, theme));
      const cached = specs.map((spec, i) => {
        if (toDraw.has(keys[i])) return null;
        const earlier = drawnBefore.get(keys[i]);
        if (earlier) { hits++; return earlier; }
        const hit = cache?.get(keys[i], width, height, spec.id) ?? null;
        if (hit) hits++;
        else toDraw.set(keys[i], spec);
        return hit;
      });
      const parallel = opts.parallel ?? (toDraw.size > ONE_CANVAS_ABOVE ? 1 : 2);

      // Every miss is posted to the worker before this returns, so it draws while the emitters lay out.
      const drawing = new Map<string, Promise<Buffer>>();
      for (const [key, spec] of toDraw) {
        drawing.set(key, worker.draw(spec, parallel).then(async (buf) => {
          const problem = opaqueRgbPngProblem(buf, width, height);
          if (problem) throw new Error(`chart "${spec.id}" rendered a bad PNG (${problem})`);
          await cache?.put(key, buf);
          return buf;
        }));
        drawnBefore.set(key, drawing.get(key)!);
      }
      const images = new Map<string, ChartImage>();
      specs.forEach((spec, i) => {
        const hit = cached[i];
        const png = hit ? Promise.resolve(hit) : drawing.get(keys[i]) ?? drawnBefore.get(keys[i])!;
        // Emitters await each PNG later; `done` reports a failure, so none goes unhandled meanwhile.
        png.catch(() => {});
        images.set(spec.id, { id: spec.id, png, width, height, alt: chartAltText(spec), hash: keys[i] });
      });
      const done = Promise.all([...images.values()].map((i) => i.png)).then(() => ({ hits, misses: toDraw.size }));
      return { images, done };
    },
    close: () => (opts.keepWorker ? Promise.resolve() : worker.close()),
  };
}

/**
 * Charts to draw above which the worker uses one canvas, not two. With many charts the worker is still
 * drawing when the deck and the report reach their peak, and the second canvas (with the PNG it encodes)
 * held ~11 MiB more there: the x10 workload (80 charts) took 3.55 s and 240 MiB with two, 3.9 s and
 * 229 MiB with one. With few charts two are faster: the base build (8) took ~40 ms longer with one.
 */
const ONE_CANVAS_ABOVE = 24;

interface ChartWorker {
  /** Draws a chart on one of `parallel` canvases. */
  draw(spec: ChartSpec, parallel: number): Promise<Buffer>;
  /** Charts drawn after this use `theme`. */
  useTheme(theme: Theme): void;
  /** The thread failed or stopped: it draws nothing more. */
  failed(): boolean;
  close(): Promise<void>;
}

/**
 * The worker thread, started now and fed later. Its script is the bundled chart-worker entry (see
 * src/bundle.cjs): the same file whether Briefsmith runs from the CLI or from the tests.
 */
function startWorker(data: ChartWorkerData): ChartWorker {
  // canvas's native library must stay loaded by this thread: when a worker that used it is the last to
  // let go of it, unloading it crashes the process (a segmentation fault as the worker exits).
  require('canvas');
  const pending = new Map<number, { resolve: (png: Buffer) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  let closing: Promise<void> | undefined;
  let theme = JSON.stringify(data.theme);
  let warmed = false;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  // Set once started: jobs are then posted at once, not in a promise callback that would wait for the
  // emitters' synchronous layout to end.
  let started: Worker | null = null;
  const post = (message: ChartMessage) => {
    if (started) started.postMessage(message);
    else void worker.then((w) => w.postMessage(message), () => {});
  };
  // An idle worker does not keep the process alive (a kept one waits between builds), but one that is
  // drawing or warming up does: a process that ended then would stop canvas mid-draw, which crashes it.
  const holdProcess = () => {
    if (!started || closing) return;
    if (warmed && pending.size === 0) started.unref();
    else started.ref();
  };
  const spawn = (file: string): Worker => {
    // A small young generation: the worker's garbage is mostly canvas's PNG buffers, freed only when a
    // scavenge runs; V8's default (up to 48 MB) held ~25 MiB more at the peak of 80 charts, at no speed gain.
    const run = `require(${JSON.stringify(BUNDLE_LOADER)}).runCached(${JSON.stringify(file)})`;
    const w = (started = new Worker(run, { eval: true, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 2 } }));
    w.on('message', (result: ChartResult) => {
      if (result === 'warmed') {
        warmed = true;
        return holdProcess();
      }
      const p = pending.get(result.job);
      if (!p) return;
      pending.delete(result.job);
      holdProcess();
      if ('png' in result) p.resolve(Buffer.from(result.png.buffer, result.png.byteOffset, result.png.byteLength));
      else p.reject(Object.assign(new Error(result.error.message), { stack: result.error.stack }));
    });
    w.on('error', (error) => failAll(new Error(`the chart worker failed: ${error.message}`, { cause: error })));
    w.on('exit', (code) => failAll(new Error(`the chart worker stopped (exit code ${code})`)));
    return w;
  };
  // Run from the bundle (the CLI), the worker starts now, synchronously: it takes ~0.1 s to load, and a
  // promise callback would wait for the main thread's first pause, after the data is composed. Run from
  // the sources (the tests), the bundle may have to be made first.
  const file = runningBundleEntry('chart-worker');
  const worker = file ? Promise.resolve(spawn(file)) : bundledEntry('chart-worker').then(spawn);
  // A worker that failed to start fails the charts that need it, not the build that needs none.
  worker.catch(failAll);

  return {
    draw(spec, parallel) {
      return new Promise<Buffer>((resolve, reject) => {
        if (failure) return reject(failure);
        if (closing) return reject(new Error('the chart worker was closed'));
        const job = next++;
        pending.set(job, { resolve, reject });
        holdProcess();
        post({ job, spec, parallel });
      });
    },
    useTheme(next) {
      const json = JSON.stringify(next);
      if (json === theme) return;
      theme = json;
      post({ theme: next });
    },
    failed: () => failure !== null,
    /** Asks the worker to finish what it is drawing and leave (terminating it mid-draw crashes canvas). */
    close() {
      closing ??= worker.catch(() => null).then(async (w) => {
        if (!w) return;
        w.removeAllListeners('exit');
        w.ref(); // until it has left
        const exited = new Promise((resolve) => w.once('exit', resolve));
        w.postMessage('close' satisfies ChartMessage);
        await exited;
        failAll(new Error('the chart worker was closed'));
      });
      return closing;
    },
  };
}
