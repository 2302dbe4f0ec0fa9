import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, loadImage } from 'canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { chartAltText, chartCacheKey, closeKeptChartWorker, createChartRenderer, type ChartRendererOptions } from '../../src/charts/index.ts';
import { buildChartConfig } from '../../src/charts/config.ts';
import { loadTheme, type Theme } from '../../src/theme/index.ts';
import { pngChunks } from '../../src/png.ts';
import type { ChartSpec, ChartType } from '../../src/types.ts';
import { sampleChart } from '../helpers/sample-document.ts';

const theme = loadTheme(fileURLToPath(new URL('../../templates', import.meta.url)));
const tmp = mkdtempSync(path.join(tmpdir(), 'briefsmith-charts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function spec(id: string, type: ChartType, over: Partial<ChartSpec> = {}): ChartSpec {
  return {
    id, type, title: `Chart ${id}`, unit: 'CNY billion', labels: ['2023', '2024', '2025'],
    series: [{ name: 'Market', figures: ['a', 'b', 'c'], values: [10, [20, 30], 45], projected: [false, false, true] }],
    sources: ['s1'], ...over,
  };
}

async function pixels(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return ctx.getImageData(0, 0, img.width, img.height);
}

/** Renders on a renderer of its own and waits: every PNG by chart id, the images and the cache counts. */
async function renderAll(specs: ChartSpec[], opts: ChartRendererOptions = { cacheDir: null }, t: Theme = theme) {
  const renderer = createChartRenderer(t, opts);
  try {
    const { images, done } = renderer.render(specs);
    const counts = await done;
    const pngs = new Map(await Promise.all([...images].map(async ([id, image]) => [id, await image.png] as const)));
    return { ...counts, images, pngs };
  } finally {
    await renderer.close();
  }
}

async function renderOne(s: ChartSpec, t: Theme = theme): Promise<Buffer> {
  return (await renderAll([s], { cacheDir: null }, t)).pngs.get(s.id)!;
}

describe('chart images', () => {
  it('renders every chart type as an opaque RGB PNG (no alpha channel) of the theme size', async () => {
    const types: ChartType[] = ['bar', 'horizontalBar', 'stackedBar', 'line', 'pie', 'doughnut'];
    const { images, pngs, misses } = await renderAll(types.map((t) => spec(t, t)));
    expect(misses).toBe(types.length);
    for (const t of types) {
      const image = images.get(t)!;
      const png = pngs.get(t)!;
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([theme.chart.width, theme.chart.height]);
      expect(png[25], `${t}: IHDR colour type`).toBe(2); // 2 = RGB; 6 would be RGBA
      expect([image.width, image.height]).toEqual([1600, 900]);
      // Opaque white background, not black (a cleared RGB24 canvas is black).
      const { data } = await pixels(png);
      expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
      // The projected point is drawn in the lighter projection colour (hatched), and is there at all.
      if (t === 'bar' || t === 'horizontalBar' || t === 'stackedBar') {
        const tint = parseInt(theme.colors.projection, 16);
        let tinted = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] === tint >> 16 && data[i + 1] === ((tint >> 8) & 255) && data[i + 2] === (tint & 255)) tinted++;
        expect(tinted, `${t}: projection-coloured pixels`).toBeGreaterThan(5000);
      }
    }
  });

  it('draws Chinese text with a CJK font, not as missing-glyph boxes', async () => {
    // "一" is one horizontal stroke: drawn by a CJK font its ink is a thin band a few pixels tall,
    // while a missing-glyph box (tofu or a hex box) is nearly as tall as the font size.
    const png = await renderOne(spec('cjk', 'bar', { labels: ['一一一一一一一一'], series: [{ name: 'x', figures: ['a'], values: [3] }] }));
    const { width, height, data } = await pixels(png);
    const dark = (x: number, y: number) => { const i = (y * width + x) * 4; return data[i] < 160 && data[i + 1] < 160 && data[i + 2] < 160; };
    const middle = Array.from({ length: Math.round(width * 0.3) }, (_, k) => Math.round(width * 0.35) + k);
    // The category label sits under the axis line, centred: scan below the line.
    let axis = height - 1;
    while (axis > 0 && middle.filter((x) => dark(x, axis)).length < middle.length * 0.9) axis--;
    const inkRows: number[] = [];
    let inkPixels = 0;
    for (let y = axis + 4; y < height; y++) {
      const ink = middle.filter((x) => dark(x, y)).length;
      if (ink > 0) inkRows.push(y);
      inkPixels += ink;
    }
    expect(axis).toBeGreaterThan(height / 2);
    expect(inkPixels).toBeGreaterThan(8 * 20); // eight strokes were drawn
    const bandHeight = Math.max(...inkRows) - Math.min(...inkRows) + 1;
    expect(bandHeight).toBeLessThan(theme.chart.fontSize / 3);
  });

  it('gives byte-identical PNGs for the same spec, without time stamps, one at a time or in parallel', async () => {
    const specs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => spec(id, i % 2 ? 'line' : 'bar', { series: [{ name: 'm', figures: [], values: [i, 2 * i + 1, [3, 9]], projected: [false, true, false] }] }));
    const [a, b] = [await renderAll(specs, { cacheDir: null, parallel: 1 }), await renderAll(specs, { cacheDir: null, parallel: 3 })];
    for (const s of specs) {
      expect(a.pngs.get(s.id)!.equals(b.pngs.get(s.id)!), s.id).toBe(true);
      expect(pngChunks(a.pngs.get(s.id)!)!.map((c) => c.type)).not.toContain('tIME');
    }
    // Different data, different pixels: the canvases do not leak one chart into the next.
    expect(a.pngs.get('a')!.equals(a.pngs.get('b')!)).toBe(false);
  });
});

describe('the kept chart worker (processes that build again and again)', () => {
  // Threads of this process: a kept worker is one more while it lives, however many renders use it.
  const threads = () => readdirSync('/proc/self/task').length;

  it('draws every render on one thread, each with its own theme, the same pixels as a worker of its own; closed, it is gone', async () => {
    const red = { ...theme, colors: { ...theme.colors, series: ['C00000', ...theme.colors.series.slice(1)] } };
    const s = spec('kept', 'bar');
    const [ownPng, ownRed] = [await renderOne(s), await renderOne(s, red)];
    expect(ownPng.equals(ownRed)).toBe(false);
    const before = threads();
    try {
      for (const [i, t] of [theme, red, theme, red].entries()) {
        const png = (await renderAll([s], { cacheDir: null, keepWorker: true }, t)).pngs.get('kept')!;
        expect(png.equals(t === red ? ownRed : ownPng), `render ${i + 1} drawn with its own theme`).toBe(true);
        expect(threads(), `render ${i + 1}: the same one thread`).toBe(before + 1);
      }
    } finally {
      await closeKeptChartWorker();
    }
    expect(threads()).toBe(before);
    // Closed, it is started afresh by the next renderer that keeps one.
    expect((await renderAll([s], { cacheDir: null, keepWorker: true })).pngs.get('kept')!.equals(ownPng)).toBe(true);
    await closeKeptChartWorker();
  });

  it('does not keep its process alive: one that never closes it ends at once, with exit code 0', () => {
    const script = path.join(tmp, 'kept-exit.mts');
    const src = (file: string) => JSON.stringify(fileURLToPath(new URL(`../../src/${file}`, import.meta.url)));
    writeFileSync(script, `import { createChartRenderer } from ${src('charts/index.ts')};
import { loadTheme } from ${src('theme/index.ts')};
const theme = loadTheme(${JSON.stringify(fileURLToPath(new URL('../../templates', import.meta.url)))});
const renderer = createChartRenderer(theme, { cacheDir: null, keepWorker: true });
await renderer.render([${JSON.stringify(spec('exit', 'line'))}]).done;
await renderer.close();
console.log('rendered');
`);
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect([run.status, run.signal, run.stdout]).toEqual([0, null, 'rendered\n']);
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});

describe('chart cache', () => {
  const specs = [spec('one', 'bar'), spec('two', 'pie'), spec('three', 'horizontalBar')];

  it('hits on the second render and re-renders only the chart whose value changed', async () => {
    const dir = path.join(tmp, 'cache-hits');
    const first = await renderAll(specs, { cacheDir: dir });
    expect([first.hits, first.misses]).toEqual([0, 3]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(0);

    const second = await renderAll(specs, { cacheDir: dir });
    expect([second.hits, second.misses]).toEqual([3, 0]);
    for (const s of specs) expect(second.pngs.get(s.id)!.equals(first.pngs.get(s.id)!)).toBe(true);

    const changed = specs.map((s) => (s.id === 'two' ? { ...s, series: [{ ...s.series[0], values: [11, [20, 30], 45] as ChartSpec['series'][0]['values'] }] } : s));
    const third = await renderAll(changed, { cacheDir: dir });
    expect([third.hits, third.misses]).toEqual([2, 1]);
    expect(third.pngs.get('two')!.equals(first.pngs.get('two')!)).toBe(false);
    expect(third.images.get('two')!.hash).not.toBe(first.images.get('two')!.hash);
    expect(third.pngs.get('one')!.equals(first.pngs.get('one')!)).toBe(true);
  });

  it('ignores a corrupt or foreign entry with a warning and rebuilds it', async () => {
    const dir = path.join(tmp, 'cache-corrupt');
    const first = await renderAll(specs, { cacheDir: dir });
    const file = (id: string) => path.join(dir, `${first.images.get(id)!.hash}.png`);
    writeFileSync(file('one'), 'not a png at all');
    // A valid PNG of the wrong size: another theme's or tool's file under our name.
    const small = createCanvas(10, 10);
    writeFileSync(file('two'), small.toBuffer('image/png'));
    // A PNG cut short (a crash mid-write in an older version).
    writeFileSync(file('three'), first.pngs.get('three')!.subarray(0, 5000));

    const warnings: string[] = [];
    const again = await renderAll(specs, { cacheDir: dir, warn: (m) => warnings.push(m) });
    expect([again.hits, again.misses]).toEqual([0, 3]);
    expect(warnings).toHaveLength(3);
    expect(warnings.find((w) => w.includes('"one"'))).toMatch(/not a PNG/);
    expect(warnings.find((w) => w.includes('"two"'))).toMatch(/10×10 px instead of 1600×900/);
    expect(warnings.find((w) => w.includes('"three"'))).toMatch(/truncated/);
    for (const s of specs) {
      expect(again.pngs.get(s.id)!.equals(first.pngs.get(s.id)!)).toBe(true);
      expect(readFileSync(file(s.id)).equals(first.pngs.get(s.id)!)).toBe(true);
    }
  });

  it('keys on what changes the pixels: values, theme, size; not on ids or sources', () => {
    const base = chartCacheKey(sampleChart, theme);
    expect(chartCacheKey({ ...sampleChart, id: 'other', sources: ['s9'] }, theme)).toBe(base);
    expect(chartCacheKey({ ...sampleChart, series: [{ ...sampleChart.series[0], values: [1.2, 15.7, 114] }] }, theme)).not.toBe(base);
    expect(chartCacheKey({ ...sampleChart, series: [{ ...sampleChart.series[0], projected: [false, false, false] }] }, theme)).not.toBe(base);
    expect(chartCacheKey(sampleChart, { ...theme, colors: { ...theme.colors, primary: '000000' } })).not.toBe(base);
    expect(chartCacheKey(sampleChart, { ...theme, chart: { ...theme.chart, width: 1200 } })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('chart drawing choices', () => {
  const tools = { hatch: () => 'pattern', measure: (text: string) => text.length * 16 };

  it('draws a range as a bar to its high end (the range marked on it), and at its middle on a line', () => {
    const s = spec('r', 'bar');
    expect((buildChartConfig(s, theme, tools).data.datasets[0].data as unknown[])[1]).toBe(30);
    expect((buildChartConfig({ ...s, type: 'line' }, theme, tools).data.datasets[0].data as unknown[])[1]).toBe(25);
  });

  it('uses labels readable on a slide: ticks and legend at the theme sizes (≥ 30 px on 1600 px); the title is text beside the image', () => {
    const config = buildChartConfig(spec('f', 'bar'), theme, tools) as unknown as {
      options: { scales: Record<string, { ticks: { font: { size: number } }; title: { text: string; font: { size: number } } }>; plugins: { legend: { display: boolean; labels: { font: { size: number }; generateLabels(): { text: string }[] } }; title: { display: boolean } } };
    };
    expect(theme.chart.fontSize).toBeGreaterThanOrEqual(30);
    expect(config.options.scales.x.ticks.font.size).toBe(theme.chart.fontSize);
    expect(config.options.scales.y.ticks.font.size).toBe(theme.chart.fontSize);
    expect(config.options.scales.y.title.text).toBe('CNY billion');
    expect(config.options.plugins.legend.labels.font.size).toBe(theme.chart.fontSize);
    expect(config.options.plugins.title.display).toBe(false);
    // A projection is named in the legend.
    expect(config.options.plugins.legend.display).toBe(true);
    expect(config.options.plugins.legend.labels.generateLabels().map((l) => l.text)).toEqual(['Market', 'Projected']);
  });
});

describe('chart alt text', () => {
  it('reads out every value of a small chart, with units, and names projections', () => {
    expect(chartAltText(sampleChart)).toBe(
      'Bar chart: AI large-model application market, China. Rises from CNY 1.2 billion in 2022 (implied) through CNY 15.7 billion in 2024 to CNY 113 billion projected for 2027.',
    );
    const pie = chartAltText(spec('p', 'pie', { title: '已备案大模型', unit: '%', labels: ['General-purpose', 'Vertical'], series: [{ name: 's', figures: [], values: [38, 62] }] }));
    expect(pie).toBe('Pie chart: 已备案大模型. General-purpose 38%, Vertical 62%.');
  });

  it('gives ranges as low–high and series by name', () => {
    const alt = chartAltText(spec('s', 'stackedBar', {
      title: 'Compute', unit: 'EFLOPS',
      series: [
        { name: 'Training', figures: [], values: [40, 60, [70, 90]], projected: [false, false, true] },
        { name: 'Inference', figures: [], values: [20, 45, 90] },
      ],
    }));
    expect(alt).toBe('Stacked bar chart: Compute. Training: rises from 40 EFLOPS in 2023 through 60 EFLOPS in 2024 to 70–90 EFLOPS projected for 2025; Inference: rises from 20 EFLOPS in 2023 through 45 EFLOPS in 2024 to 90 EFLOPS in 2025.');
  });

  it('summarises a long series by its ends and extremes', () => {
    const labels = Array.from({ length: 12 }, (_, i) => `${2013 + i}`);
    const values = [5, 9, 30, 12, 11, 10, 9, 8, 7, 6, 4, 6];
    const alt = chartAltText(spec('l', 'line', { title: 'Price', unit: 'USD', labels, series: [{ name: 's', figures: [], values }] }));
    expect(alt).toBe('Line chart: Price. 12 values from USD 5 in 2013 to USD 6 in 2024; highest USD 30 in 2015, lowest USD 4 in 2023.');
  });
});
