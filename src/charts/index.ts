// The charts stage: ChartSpec[] → ChartImage (opaque RGB PNG + alt text), through a content-hash cache.
//
// Rendering stays in this process. Drawing a 1600×900 chart takes ~7 ms here and PNG encoding ~11 ms;
// encoding runs on libuv's thread pool while the next chart is drawn on another canvas, which keeps both
// cores busy (8 charts: ~100 ms after a ~115 ms first chart, against ~160 ms one at a time). Worker threads
// measured slower on 2 cores: ~200–300 ms to start each (tsx, Chart.js, fonts) and +70 MiB; 8 charts took
// ~450 ms with 2 workers, 80 charts ~1.8 s against ~1.25 s in process. So there are none.
import type { Theme } from '../theme/index.ts';
import type { ChartImage, ChartSpec } from '../types.ts';
import { chartAltText } from './alt.ts';
import { ChartCache, chartCacheKey, pngProblem } from './cache.ts';
import { ChartPainter } from './paint.ts';

export { chartAltText } from './alt.ts';
export { chartCacheKey } from './cache.ts';

export interface ChartRendererOptions {
  /** Folder of cached PNGs (e.g. out/.cache/charts); null or absent: no cache. */
  cacheDir?: string | null;
  /** Charts in flight at once (each holds one canvas); 1 renders strictly one after another. Default 3. */
  parallel?: number;
  /** Non-fatal problems (a damaged cache entry, an unwritable cache). */
  warn?: (msg: string) => void;
}

export interface ChartRenderResult {
  images: Map<string, ChartImage>;
  /** Charts taken from the cache. */
  hits: number;
  /** Charts drawn in this call. */
  misses: number;
}

export interface ChartRenderer {
  render(specs: ChartSpec[]): Promise<ChartRenderResult>;
  close(): Promise<void>;
}

export function createChartRenderer(theme: Theme, opts: ChartRendererOptions = {}): ChartRenderer {
  const warn = opts.warn ?? ((msg: string) => process.emitWarning(msg));
  const cache = opts.cacheDir ? new ChartCache(opts.cacheDir, warn) : null;
  const { width, height } = theme.chart;
  // Created on the first miss: a build whose charts are all cached never loads Chart.js.
  let painter: ChartPainter | null = null;

  return {
    async render(specs) {
      const images = new Map<string, ChartImage>();
      let hits = 0;
      let misses = 0;
      // Identical charts (same key) are drawn once.
      const drawing = new Map<string, Promise<Buffer>>();
      const draw = (key: string, spec: ChartSpec): Promise<Buffer> => {
        let png = drawing.get(key);
        if (!png) {
          misses++;
          painter ??= new ChartPainter(theme, opts.parallel ?? 3);
          const p = painter;
          png = p.paint(spec).then(async (buf) => {
            const problem = pngProblem(buf, width, height);
            if (problem) throw new Error(`chart "${spec.id}" rendered a bad PNG (${problem})`);
            await cache?.put(key, buf);
            return buf;
          });
          drawing.set(key, png);
        }
        return png;
      };

      await Promise.all(specs.map(async (spec) => {
        const key = chartCacheKey(spec, theme);
        let png = drawing.has(key) ? null : await cache?.get(key, width, height, spec.id) ?? null;
        if (png) hits++;
        else png = await draw(key, spec);
        images.set(spec.id, { id: spec.id, png, width, height, alt: chartAltText(spec), hash: key });
      }));
      // Map order follows the specs, whatever order the renders finished in.
      return { images: new Map(specs.map((s) => [s.id, images.get(s.id)!])), hits, misses };
    },
    async close() {
      painter = null;
    },
  };
}
