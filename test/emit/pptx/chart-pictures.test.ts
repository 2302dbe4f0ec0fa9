// Chart pictures in the deck: laid out before the pixels exist (the PNGs arrive as promises from the
// chart worker), each chart's picture is exactly that chart's PNG, and the deck's bytes do not depend
// on when or in which order the PNGs arrive.
import path from 'node:path';
import { createCanvas } from 'canvas';
import { describe, expect, it } from 'vitest';
import { finishPackage } from '../../../src/emit/pptx/package.ts';
import { placeholderChartId, placeholderPng } from '../../../src/emit/pptx/placeholder.ts';
import { writeZip } from '../../../src/emit/pptx/zip.ts';
import type { ChartImage, ChartSpec, Document } from '../../../src/types.ts';
import { sampleChart, sampleDocument } from '../../helpers/sample-document.ts';
import { deck, type Deck } from './deck-helpers.ts';

const shareChart: ChartSpec = {
  ...sampleChart, id: 'share', type: 'doughnut', title: 'Filings by type', unit: '%', labels: ['Vertical', 'General'],
  series: [{ name: 'Share', figures: ['vertical', 'general'], values: [72, 28] }],
};

/** The sample document with a second chart, and the first chart shown a second time. */
function twoCharts(): Document {
  const doc = sampleDocument();
  doc.charts[shareChart.id] = shareChart;
  const origin = { file: 'templates/story.hbs', line: 1, column: 1 };
  for (const [id, chartId] of [['share-slide', 'share'], ['size-again', 'market-size']]) {
    doc.sections.push({ id, level: 2, title: `Chart ${chartId}`, blocks: [{ kind: 'chart', audience: 'both', chartId }], notes: [], sources: ['s002'], audience: 'both', origin });
  }
  return doc;
}

/** An opaque RGB 1600×900 PNG (as the chart stage renders them), different for each colour. */
function png(colour: string): Buffer {
  const canvas = createCanvas(1600, 900);
  const ctx = canvas.getContext('2d', { pixelFormat: 'RGB24' });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 1600, 900);
  ctx.fillStyle = colour;
  ctx.fillRect(300, 200, 1000, 500);
  return canvas.toBuffer('image/png');
}

const PNGS: Record<string, Buffer> = { 'market-size': png('#1f3a5f'), share: png('#e07b24') };

/** Chart images whose PNGs arrive after the given delays (ms), as the chart worker delivers them. */
function images(delays: Record<string, number>): Map<string, ChartImage> {
  return new Map(Object.entries(PNGS).map(([id, bytes]) => [id, {
    id, width: 1600, height: 900, hash: id, alt: `Alt text of ${id}`,
    png: new Promise<Buffer>((resolve) => setTimeout(() => resolve(bytes), delays[id] ?? 0)),
  }]));
}

/** Each picture on the slides: its alt text and the bytes of the media part it shows. */
async function pictures(d: Deck): Promise<{ alt: string; bytes: Buffer }[]> {
  const out: { alt: string; bytes: Buffer }[] = [];
  const slideNames = Object.keys(d.zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  for (const name of slideNames) {
    const xml = await d.zip.file(name)!.async('string');
    const rels = await d.zip.file(name.replace('slides/', 'slides/_rels/') + '.rels')!.async('string');
    for (const pic of xml.match(/<p:pic>[\s\S]*?<\/p:pic>/g) ?? []) {
      const alt = /descr="([^"]*)"/.exec(pic)![1];
      const rId = /r:embed="([^"]+)"/.exec(pic)![1];
      const target = new RegExp(`Id="${rId}"[^>]*Target="([^"]+)"`).exec(rels)![1];
      out.push({ alt, bytes: await d.zip.file(path.posix.join('ppt/slides', target))!.async('nodebuffer') });
    }
  }
  return out;
}

describe('chart pictures in the deck', () => {
  it('shows each chart\'s own PNG, byte for byte, and leaves no placeholder in the package', async () => {
    const d = await deck(twoCharts(), 'image', images({ 'market-size': 30, share: 5 }));
    const pics = await pictures(d);
    expect(pics.map((p) => p.alt).sort()).toEqual(['Alt text of market-size', 'Alt text of market-size', 'Alt text of share']);
    for (const { alt, bytes } of pics) expect(bytes.equals(PNGS[alt.replace('Alt text of ', '')]), alt).toBe(true);
    for (const entry of Object.values(d.zip.files).filter((e) => !e.dir)) {
      const bytes = await entry.async('nodebuffer');
      expect(placeholderChartId(bytes), entry.name).toBeUndefined();
      expect(bytes.includes('briefsmith-chart:'), entry.name).toBe(false);
    }
  });

  it('writes the same bytes whatever order and time the PNGs arrive in', async () => {
    const now = await deck(twoCharts(), 'image', images({}));
    const sizeFirst = await deck(twoCharts(), 'image', images({ 'market-size': 0, share: 60 }));
    const shareFirst = await deck(twoCharts(), 'image', images({ 'market-size': 60, share: 0 }));
    expect(sizeFirst.bytes.equals(now.bytes)).toBe(true);
    expect(shareFirst.bytes.equals(now.bytes)).toBe(true);
  });

  it('fails the deck with the chart\'s own error when its PNG fails to render', async () => {
    const broken = images({});
    const failed = Promise.reject(new Error('chart "share" rendered a bad PNG'));
    failed.catch(() => {}); // as src/charts does: the build reports it, the emitter awaits it later
    broken.get('share')!.png = failed;
    await expect(deck(twoCharts(), 'image', broken)).rejects.toThrow('chart "share" rendered a bad PNG');
  });

  it('names the chart when a placeholder has no image to replace it', async () => {
    const raw = await writeZip(new Map<string, string | Buffer>([
      ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'],
      ['ppt/media/image-3-1.png', placeholderPng('gone')],
    ]), '2026-11-22');
    await expect(finishPackage(raw, { date: '2026-11-22', keywords: [], latin: 'Noto Sans', cjk: 'Noto Sans CJK SC' }, new Map()))
      .rejects.toThrow('chart "gone" (ppt/media/image-3-1.png) but no image was rendered for it');
  });
});
