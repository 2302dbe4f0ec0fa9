// Chart images in the report: embedded as the PNGs' own pixel data (no png-js), laid out before the
// pixels exist, and the same bytes however the charts' rendering finishes.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { describe, expect, it } from 'vitest';
import { BriefError } from '../../../src/errors.ts';
import { emitReport } from '../../../src/emit/pdf/index.ts';
import { idatData } from '../../../src/emit/pdf/png.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { ChartImage, Document } from '../../../src/types.ts';
import { ROOT, bytesOf, tempDir } from '../../helpers/run.ts';
import { sampleChart, sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

/** An opaque RGB PNG of noise over a gradient, at an odd size, so the encoder uses every row filter. */
function noisePng(width: number, height: number, alpha = false): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d', alpha ? {} : { pixelFormat: 'RGB24' });
  const image = ctx.createImageData(width, height);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  for (let i = 0; i < width * height; i++) {
    const y = Math.floor(i / width);
    image.data.set([y % 2 ? random() : (i % width) & 255, (y * 3) & 255, y % 3 ? 40 : random(), 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toBuffer('image/png');
}

/** The sample document with a second chart, drawn twice (one image object serves both figures). */
function twoChartDocument(): Document {
  const doc = sampleDocument();
  doc.charts.noise = { ...sampleChart, id: 'noise', title: 'Noise' };
  const figure = { kind: 'chart' as const, audience: 'both' as const, chartId: 'noise' };
  doc.sections.push({ ...doc.sections[2], id: 'noise', title: 'Noise twice', blocks: [figure, figure] });
  return doc;
}

function images(noise: Buffer | Promise<Buffer>, marketSize?: Promise<Buffer>): Map<string, ChartImage> {
  const map = sampleChartImages();
  if (marketSize) map.get('market-size')!.png = marketSize;
  map.set('noise', { id: 'noise', png: Promise.resolve(noise), width: 301, height: 157, alt: 'Noise.', hash: 'noise' });
  return map;
}

const write = (bytes: Buffer) => {
  const file = path.join(tempDir('bs-images-'), 'report.pdf');
  writeFileSync(file, bytes);
  return file;
};

/** Decoded RGBA pixels of a PNG. */
async function pixels(png: Buffer | string): Promise<Buffer> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return Buffer.from(canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data);
}

describe('chart images in the report', () => {
  const noise = noisePng(301, 157);

  it('embeds each chart once, as an 8-bit RGB image of its size with no soft mask', async () => {
    const file = write(bytesOf(await emitReport(twoChartDocument(), images(noise), theme, {})));
    const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.trim().split(/\s+/));
    // page num type width height color comp bpc enc interp object …
    expect(rows.map((r) => r.slice(2, 8))).toEqual([
      ['image', '1600', '900', 'rgb', '3', '8'],
      ['image', '301', '157', 'rgb', '3', '8'],
      ['image', '301', '157', 'rgb', '3', '8'],
    ]);
    expect(rows[1][10]).toBe(rows[2][10]); // the same object
    expect(readFileSync(file, 'latin1')).not.toMatch(/\/SMask|\/Mask/);
  });

  it('holds exactly the PNGs\' pixels', async () => {
    const file = write(bytesOf(await emitReport(twoChartDocument(), images(noise), theme, {})));
    const dir = tempDir('bs-pdfimages-');
    execFileSync('pdfimages', ['-png', file, path.join(dir, 'img')]);
    const extracted = readdirSync(dir).sort();
    expect(extracted).toHaveLength(3);
    expect((await pixels(path.join(dir, extracted[0]))).equals(await pixels(await sampleChartImages().get('market-size')!.png))).toBe(true);
    expect((await pixels(path.join(dir, extracted[1]))).equals(await pixels(noise))).toBe(true);
  });

  it('gives the same bytes however late and in whatever order the PNGs arrive', async () => {
    const first = await emitReport(twoChartDocument(), images(noise), theme, {});
    const late = (ms: number, png: Buffer | Promise<Buffer>) => new Promise<Buffer>((resolve) => setTimeout(() => resolve(png), ms));
    const market = sampleChartImages().get('market-size')!.png;
    for (const [a, b] of [[50, 10], [10, 50], [0, 0]]) {
      const again = await emitReport(twoChartDocument(), images(late(a, noise), late(b, market)), theme, {});
      expect(bytesOf(again).equals(bytesOf(first)), `noise after ${a} ms, market size after ${b} ms`).toBe(true);
    }
  });

  it('refuses a PNG with alpha, naming the chart', async () => {
    const result = emitReport(twoChartDocument(), images(noisePng(301, 157, true)), theme, {});
    await expect(result).rejects.toThrow(BriefError);
    await expect(result).rejects.toThrow(/chart "noise": its PNG has bit depth 8 and colour type 6 \(with alpha\)/);
  });

  it('refuses PNGs of the wrong size, interlaced, truncated or not PNGs at all', () => {
    const chart = { id: 'c', width: 301, height: 157 };
    expect(idatData(noise, chart).length).toBeGreaterThan(1); // several IDAT chunks, all kept
    expect(() => idatData(noise, { ...chart, width: 300 })).toThrow(/chart "c": its PNG is 301×157/);
    const interlaced = Buffer.from(noise);
    interlaced[28] = 1;
    expect(() => idatData(interlaced, chart)).toThrow(/is interlaced/);
    expect(() => idatData(noise.subarray(0, noise.length - 20), chart)).toThrow(/truncated/);
    expect(() => idatData(Buffer.from('GIF89a not a png at all, not at all, no'), chart)).toThrow(/is not a PNG/);
  });
});
