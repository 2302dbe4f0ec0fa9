// Draws charts to PNG: Chart.js (loaded through chartjs-node-canvas) on ONE reused, opaque canvas.
// chartjs-node-canvas 5 creates a fresh RGBA canvas for every chart (held ~5.5 MB native memory until GC,
// chartjs-node-canvas #138/#145) and offers no pixel format option; its PNGs carry an alpha channel that
// pdfkit then splits in JavaScript. So we keep its Chart.js set-up and draw on our own RGB24 canvas.
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import { Canvas, registerFont, type CanvasRenderingContext2D } from 'canvas';
import type { ChartConfiguration } from 'chart.js';
import type { Theme } from '../theme/index.ts';
import { chartFontFiles } from './fonts.ts';
import type { ChartSpec } from '../types.ts';
import { buildChartConfig } from './config.ts';

const registered = new Set<string>();

/**
 * PNG encoding. No per-row filters suits flat chart colours: half the time of the default and smaller
 * files. Level 4, zlib's lazy matching with short chains: files 1.3% larger than at level 6 (the
 * default), and the x10 build (80 charts, held by their drawing and encoding) 0.87x the time; level 3
 * was faster still but its files 19% larger.
 */
const PNG_OPTIONS = { compressionLevel: 4, filters: Canvas.PNG_FILTER_NONE } as const;

/**
 * Chart.js (as chartjs-node-canvas loads it) on a few reused opaque canvases of one size. Drawing runs on
 * this thread; PNG encoding (the larger half of the cost) runs on libuv's thread pool, so while one chart
 * is being encoded the next is drawn on another canvas: both cores work without worker start-up costs.
 */
class OpaqueChartCanvas extends ChartJSNodeCanvas {
  private readonly free: { canvas: Canvas; ctx: CanvasRenderingContext2D }[] = [];
  private readonly waiting: (() => void)[] = [];
  /** Canvases made so far: one per chart in flight, made when first needed. */
  private made = 0;
  /** Patterns with their tile canvases: a pattern draws nothing once its tile is garbage-collected. */
  private readonly patterns = new Map<string, { pattern: unknown; tile: Canvas }>();
  /** Scratch context for text measuring and pattern making. */
  private readonly scratch: CanvasRenderingContext2D;

  constructor(private readonly width: number, private readonly height: number) {
    super({ width, height });
    this.scratch = this._createCanvas(24, 24).getContext('2d', { pixelFormat: 'RGB24' });
  }

  private addCanvas(): void {
    const canvas = this._createCanvas(this.width, this.height);
    // Chart.js reads canvas.style; node-canvas has none.
    (canvas as unknown as { style: object }).style = {};
    this.free.push({ canvas, ctx: canvas.getContext('2d', { pixelFormat: 'RGB24' }) });
    this.made++;
  }

  /** Diagonal stripes of `color` over `tint`, for projected values (cached: a pattern per pair). */
  hatch = (color: string, tint: string): unknown => {
    const key = `${color}/${tint}`;
    let entry = this.patterns.get(key);
    if (!entry) {
      const tile = this._createCanvas(24, 24);
      const t = tile.getContext('2d', { pixelFormat: 'RGB24' });
      t.fillStyle = `#${tint}`;
      t.fillRect(0, 0, 24, 24);
      t.strokeStyle = `#${color}`;
      t.lineWidth = 3;
      t.beginPath();
      for (const offset of [-24, 0, 24]) {
        t.moveTo(offset, 24);
        t.lineTo(offset + 24, 0);
      }
      t.stroke();
      entry = { pattern: this.scratch.createPattern(tile, 'repeat'), tile };
      this.patterns.set(key, entry);
    }
    return entry.pattern;
  };

  measure = (text: string, font: string): number => {
    this.scratch.font = font;
    return this.scratch.measureText(text).width;
  };

  /** Draws now (synchronously, once one of `parallel` canvases is free) and resolves with the PNG when it is encoded. */
  async render(makeConfig: () => ChartConfiguration, parallel: number): Promise<Buffer> {
    while (this.free.length === 0) {
      if (this.made < parallel) this.addCanvas();
      else await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    const slot = this.free.pop()!;
    try {
      const chart = new this._chartJs(slot.ctx as never, makeConfig());
      try {
        return await new Promise<Buffer>((resolve, reject) =>
          slot.canvas.toBuffer((err, png) => (err ? reject(err) : resolve(png)), 'image/png', PNG_OPTIONS));
      } finally {
        // Only after encoding: destroy() clears the canvas the encoder reads.
        chart.destroy();
      }
    } finally {
      this.free.push(slot);
      this.waiting.shift()?.();
    }
  }
}

/** Renders specs to PNG for one theme; one set of canvases per chart size, reused for every chart. */
export class ChartPainter {
  private readonly canvases = new Map<string, OpaqueChartCanvas>();

  constructor(private readonly theme: Theme) {
    // Fonts must be registered before the first canvas is created, or Pango never sees them.
    for (const f of chartFontFiles(theme)) {
      const key = `${f.file}|${f.family}|${f.weight}`;
      if (registered.has(key)) continue;
      registerFont(f.file, { family: f.family, weight: f.weight });
      registered.add(key);
    }
  }

  /** Call for many specs at once: drawing and encoding overlap across up to `parallel` canvases. */
  paint(spec: ChartSpec, parallel: number): Promise<Buffer> {
    const { width, height } = this.theme.chart;
    const key = `${width}x${height}`;
    let canvas = this.canvases.get(key);
    if (!canvas) {
      canvas = new OpaqueChartCanvas(width, height);
      this.canvases.set(key, canvas);
    }
    const c = canvas;
    return c.render(() => buildChartConfig(spec, this.theme, c), parallel);
  }
}
