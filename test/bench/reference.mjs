// The yardstick for `npm run bench`: the standard workload drawn with the three libraries alone, no
// Briefsmith, in the two ways the reference figures describe, so our build can be compared
// with them on whatever machine the benchmark runs on:
//   straight  a fresh ChartJSNodeCanvas per chart (RGBA PNGs that pdfkit must split), library defaults
//   well      one reused opaque RGB24 canvas, so pdfkit embeds the PNGs without touching their pixels
// Both write a 16:9 deck (title, chart, bullet and table slides) and an A4 report (charts, the bullets
// as paragraphs, the tables) with pdfkit's built-in Helvetica. Usage: node reference.mjs <straight|well> <workload.json> <out dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import PDFDocument from 'pdfkit';
import PptxGenJS from 'pptxgenjs';

const [mode, workloadFile, outDir] = process.argv.slice(2);
if (!['straight', 'well'].includes(mode) || !workloadFile || !outDir) {
  console.error('usage: node reference.mjs <straight|well> <workload.json> <out dir>');
  process.exit(2);
}
const { slides } = JSON.parse(readFileSync(workloadFile, 'utf8'));
const W = 1600;
const H = 900;

function chartConfig(chart) {
  return {
    type: chart.type,
    data: { labels: chart.labels, datasets: chart.datasets.map((d) => ({ label: d.label, data: d.data })) },
    options: { animation: false, responsive: false, plugins: { title: { display: true, text: chart.title, font: { size: 40 } } } },
  };
}

/** One reused RGB24 canvas: chartjs-node-canvas's Chart.js drawn on a canvas without alpha. */
class OpaqueCanvas extends ChartJSNodeCanvas {
  constructor() {
    super({ width: W, height: H });
    this.canvas = this._createCanvas(W, H);
    this.canvas.style = {};
    this.ctx = this.canvas.getContext('2d', { pixelFormat: 'RGB24' });
  }
  render(config) {
    this.ctx.fillStyle = '#FFFFFF';
    this.ctx.fillRect(0, 0, W, H);
    const chart = new this._chartJs(this.ctx, config);
    const png = this.canvas.toBuffer('image/png');
    chart.destroy();
    return png;
  }
}

const opaque = mode === 'well' ? new OpaqueCanvas() : null;
async function renderChart(chart) {
  if (opaque) return opaque.render(chartConfig(chart));
  return new ChartJSNodeCanvas({ width: W, height: H, backgroundColour: 'white' }).renderToBuffer(chartConfig(chart));
}

const pngs = new Map();
for (const [i, slide] of slides.entries()) if (slide.kind === 'chart') pngs.set(i, await renderChart(slide.chart));

const pptx = new PptxGenJS();
pptx.layout = 'LAYOUT_WIDE';
for (const [i, slide] of slides.entries()) {
  const s = pptx.addSlide();
  s.addText(slide.title, { x: 0.5, y: 0.3, w: 12.3, h: 0.9, fontSize: 28, bold: true });
  if (slide.kind === 'title') s.addText(slide.subtitle ?? '', { x: 0.5, y: 1.4, w: 12.3, h: 0.8, fontSize: 20 });
  if (slide.kind === 'chart') s.addImage({ data: `image/png;base64,${pngs.get(i).toString('base64')}`, x: 1.2, y: 1.4, w: 10.9, h: 10.9 * H / W });
  if (slide.kind === 'bullets') s.addText(slide.bullets.map((b) => ({ text: b, options: { bullet: true, breakLine: true } })), { x: 0.5, y: 1.4, w: 12.3, h: 5.6, fontSize: 18, valign: 'top' });
  if (slide.kind === 'table') s.addTable(slide.rows.map((r, n) => r.map((c) => ({ text: c, options: { bold: n === 0 } }))), { x: 0.5, y: 1.4, w: 12.3, fontSize: 14, border: { type: 'solid', pt: 0.5, color: '999999' } });
}
const deck = await pptx.write({ outputType: 'nodebuffer' });

const pdf = new PDFDocument({ size: 'A4', margin: 56 });
const chunks = [];
pdf.on('data', (c) => chunks.push(c));
const ended = new Promise((resolve) => pdf.on('end', resolve));
for (const [i, slide] of slides.entries()) {
  if (slide.kind === 'title') { if (i > 0) pdf.addPage(); pdf.fontSize(24).text(slide.title).moveDown(); continue; }
  pdf.fontSize(15).text(slide.title).moveDown(0.5);
  if (slide.kind === 'chart') {
    const w = pdf.page.width - 112;
    if (pdf.y + w * H / W > pdf.page.height - 56) pdf.addPage();
    pdf.image(pngs.get(i), { width: w });
    pdf.moveDown();
  }
  if (slide.kind === 'bullets') for (const b of slide.bullets) pdf.fontSize(10.5).text(b).moveDown(0.4);
  if (slide.kind === 'table') {
    for (const row of slide.rows) pdf.fontSize(10).text(row.join('    '));
    pdf.moveDown();
  }
}
pdf.end();
await ended;

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'briefing.pptx'), deck);
writeFileSync(path.join(outDir, 'report.pdf'), Buffer.concat(chunks));
