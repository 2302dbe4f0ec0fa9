// The chart worker: a thread of its own that draws charts while the main thread lays out the deck and
// the report. It is started before the data is even read, so loading Chart.js, canvas and the fonts
// costs the build little; then it draws each spec it is sent and posts back the PNG. A process that
// builds again and again (watch, preview, the batch and queue workers) keeps one for all its builds:
// a theme message switches the theme the next charts are drawn with.
import { parentPort, workerData } from 'node:worker_threads';
import { codeWorthCaching } from '../bundle.cjs';
import type { Theme } from '../theme/index.ts';
import type { ChartSpec } from '../types.ts';
import { prefetchChartFonts } from './fonts.ts';

/** A chart to draw, on one of `parallel` canvases. */
export interface ChartJob { job: number; spec: ChartSpec; parallel: number }
/** Charts sent after it are drawn with this theme. */
export interface ThemeChange { theme: Theme }
export type ChartMessage = ChartJob | ThemeChange | 'close';
/** A chart drawn or failed, or 'warmed': the warm-up chart is drawn. */
export type ChartResult = { job: number; png: Uint8Array } | { job: number; error: { message: string; stack?: string } } | 'warmed';
export interface ChartWorkerData { theme: Theme }

const { theme } = workerData as ChartWorkerData;
const port = parentPort!;

// The first chart drawn costs several times a later one (Chart.js compiled, fonts opened by Pango):
// pay for it now, while the main thread is still reading the data. Latin text only: the 20 MB CJK
// font is opened when a chart needs it (a warm-up with Chinese held ~8 MiB more for Latin-only data).
const WARM_UP: ChartSpec = {
  id: 'warm-up', type: 'bar', title: 'Warm-up', unit: 'units', labels: ['a', 'b'], sources: [],
  series: [{ name: 'warm-up', figures: [], values: [1, [2, 3]], projected: [false, true] }],
};
// The font lookups (fc-match processes) run while Chart.js and canvas load: paint.ts is imported after.
const painterFor = (t: Theme) => Promise.all([prefetchChartFonts(t), import('./paint.ts')]).then(([, { ChartPainter }]) => new ChartPainter(t));
let painter = painterFor(theme);
const warm = painter.then((p) => p.paint(WARM_UP, 1)).then(codeWorthCaching, () => undefined);

// Charts in flight: the worker leaves only when they are done, never while canvas is encoding a PNG for
// it on the thread pool (whose callback would come back to a thread that is gone).
const inFlight = new Set<Promise<unknown>>([warm]);
// Until then the parent keeps its process alive for this thread (see startWorker).
void warm.finally(() => { inFlight.delete(warm); port.postMessage('warmed' satisfies ChartResult); });

port.on('message', (message: ChartMessage) => {
  if (message === 'close') {
    void Promise.allSettled([...inFlight]).then(() => port.close());
    return;
  }
  if ('theme' in message) {
    // The previous painter (and its canvases) goes once its charts are drawn; fonts stay registered
    // (ChartPainter registers each file once per thread).
    painter = painterFor(message.theme);
    return;
  }
  const { job, spec, parallel } = message;
  const drawWith = painter;
  const painting = warm.then(() => drawWith).then((p) => p.paint(spec, parallel)).then(
    (png) => port.postMessage({ job, png } satisfies ChartResult),
    (error: Error) => port.postMessage({ job, error: { message: error.message, stack: error.stack } } satisfies ChartResult),
  );
  inFlight.add(painting);
  void painting.finally(() => inFlight.delete(painting));
});
