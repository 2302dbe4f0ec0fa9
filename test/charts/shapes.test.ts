// Every chart type × series shape the data allows (one to four series; values, ranges, qualifiers,
// projections, derived points, negative values, shares of a whole), drawn both ways. The numbers,
// labels and legend are read back from the image's Chart.js drawing and from the native chart's XML
// and embedded workbook, and compared with what the figures say.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitDeck } from '../../src/emit/pptx/index.ts';
import { loadTheme } from '../../src/theme/index.ts';
import type { ChartSpec, Document, Findings } from '../../src/types.ts';
import { drawImage, expectedLabel, plotted, readNative, type ImageReadback, type NativeReadback } from '../helpers/chart-readback.ts';
import { findingsOf } from '../helpers/data.ts';
import { ROOT, bytesOf, tempDir } from '../helpers/run.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

type Fig = Record<string, unknown>;
/** A shape: series of figures (without label and source), and the types that can draw it. */
interface Shape { name: string; types: ChartSpec['type'][]; labels: string[]; series: { name: string; figures: Fig[] }[]; derived?: boolean }

const gwh = (value: unknown, more: Fig = {}): Fig => ({ unit: 'GWh', ...(Array.isArray(value) ? { range: value } : { value }), ...more });
const pct = (value: number, more: Fig = {}): Fig => ({ unit: '%', value, whole: 'market', ...more });
/** Stands for a derived figure (a share of a total) in a shape. */
const DERIVED: Fig = { derived: true };
const BARS: ChartSpec['type'][] = ['bar', 'horizontalBar', 'line', 'stackedBar'];
const FLOATING: ChartSpec['type'][] = ['bar', 'horizontalBar', 'line'];
const REGIONS = ['China', 'Europe', 'United States', 'Rest of the world, including emerging markets'];

const SHAPES: Shape[] = [
  { name: 'one series of values', types: [...BARS, 'pie', 'doughnut', 'numbers'], labels: REGIONS,
    series: [{ name: 'Capacity', figures: [gwh(2200), gwh(615.5), gwh(0.85), gwh(113)] }] },
  { name: 'two series with qualifiers and a derived point', types: BARS, labels: REGIONS, derived: true,
    series: [
      { name: '2024', figures: [gwh(2200, { qualifier: 'over' }), gwh(600), gwh(400, { qualifier: 'about' }), gwh(150, { qualifier: 'below' })] },
      { name: '2025', figures: [gwh(2500), DERIVED, gwh(450, { qualifier: 'at least' }), gwh(180)] },
    ] },
  { name: 'values beside projected ranges', types: FLOATING, labels: REGIONS,
    series: [
      { name: '2025', figures: [gwh(2200, { qualifier: 'over' }), gwh(600), gwh(400), gwh(150)] },
      { name: '2030', figures: [[3000, 3800], [1200, 1500], [900, 1100], [300, 600]].map((r) => gwh(r, { projection: true, projectedFor: '2030' })) },
    ] },
  { name: 'three series through zero', types: BARS, labels: ['2021', '2022', '2023'],
    series: [
      { name: 'North', figures: [gwh(-2.3), gwh(-0.8), gwh(1.9)] },
      { name: 'South', figures: [gwh(1.2), gwh(-0.4), gwh(2.2)] },
      { name: 'West', figures: [gwh(0.5), gwh(0.7), gwh(-1.1, { qualifier: 'about' })] },
    ] },
  { name: 'ranges below and across zero', types: FLOATING, labels: ['2022', '2023', '2024'],
    series: [
      { name: 'Margin', figures: [gwh([-3, -1]), gwh([-2, 1.5]), gwh([0.5, 2], { projection: true, projectedFor: '2024' })] },
      { name: 'Cash flow', figures: [gwh(-0.5), gwh(0.8), gwh(1.1, { qualifier: 'about' })] },
    ] },
  { name: 'four series, one projected in part', types: BARS, labels: ['2024', '2025', '2026'],
    series: ['A', 'B', 'C', 'D'].map((name, si) => ({ name: `Maker ${name}`, figures: [gwh(100 + si * 10), gwh(120 + si * 10), gwh(150 + si * 10, { projection: true, projectedFor: '2026' })] })) },
  { name: 'shares of a whole that leave a rest', types: ['pie', 'doughnut', 'bar100'], labels: ['LFP', 'NMC', 'Sodium-ion'],
    series: [{ name: 'Share', figures: [pct(55), pct(38, { qualifier: 'about' }), pct(2)] }] },
  { name: 'two shares', types: ['pie', 'doughnut', 'bar100', 'numbers', 'bar', 'horizontalBar'], labels: ['Vertical', 'General-purpose'],
    series: [{ name: 'Share of filed models', figures: [pct(72), pct(28)] }] },
  { name: 'stacked shares', types: ['stackedBar'], labels: ['2022', '2024', '2030'],
    series: [
      { name: 'LFP', figures: [pct(30, { whole: 'y2022' }), pct(45, { whole: 'y2024' }), pct(60, { whole: 'y2030', projection: true, projectedFor: '2030' })] },
      { name: 'NMC', figures: [pct(60, { whole: 'y2022' }), pct(45, { whole: 'y2024' }), pct(30, { whole: 'y2030', projection: true, projectedFor: '2030' })] },
    ] },
  { name: 'money, big numbers with a range and a projection', types: ['numbers'], labels: ['Market in 2024', 'Market in 2027', 'Investment'],
    series: [{ name: 'Market', figures: [
      { unit: 'CNY', currency: 'CNY', scale: 'billion', value: 15.7, qualifier: 'about' },
      { unit: 'CNY', currency: 'CNY', scale: 'billion', value: 113, projection: true, projectedFor: '2027' },
      { unit: 'CNY', currency: 'CNY', scale: 'billion', range: [30, 60] },
    ] }] },
];

interface Case { id: string; shape: Shape; type: ChartSpec['type'] }
const CASES: Case[] = SHAPES.flatMap((shape, s) => shape.types.map((type) => ({ id: `s${s}_${type}`, shape, type })));

/** The data files of every case: each shape's figures once per case, and a chart per case. */
function dataFiles(): Record<string, string> {
  const figures: Record<string, Fig> = { base_total: { label: 'total', value: 2000, unit: 'GWh', source: 's1' }, base_share: { label: 'share', value: 30, unit: '%', source: 's1' } };
  const derived: Record<string, Fig> = {};
  const charts: Record<string, Fig> = {};
  for (const c of CASES) {
    const series = c.shape.series.map((s, si) => ({
      name: s.name,
      figures: s.figures.map((f, fi) => {
        const id = `${c.id}_${si}_${fi}`;
        if (f === DERIVED) derived[id] = { op: 'share_of', label: `${id}`, of: 'base_total', share: 'base_share', qualifier: 'about' };
        else figures[id] = { label: id, source: 's1', ...f };
        return id;
      }),
    }));
    charts[c.id] = { type: c.type, title: `${c.shape.name} as ${c.type}`, labels: c.shape.labels, series };
  }
  // Shares of one whole must be whole per case: give each case's parts a whole of its own.
  for (const [id, f] of Object.entries(figures)) if (f.whole) f.whole = `${id.split('_').slice(0, 2).join('_')}_${f.whole}`;
  return { 'figures.yaml': yaml.dump({ figures, derived }), 'charts.yaml': yaml.dump({ charts }) };
}

function documentOf(findings: Findings): Document {
  const origin = { file: 'templates/story.hbs', line: 1, column: 1 };
  return {
    edition: findings.edition,
    sections: CASES.map((c) => ({ id: c.id, level: 2, title: `Slide ${c.id}`, blocks: [{ kind: 'chart', chartId: c.id, audience: 'both' }], notes: [], sources: ['s1'], audience: 'both', origin })),
    sources: Object.values(findings.sources),
    charts: findings.charts,
    headlines: [],
  };
}

describe('every chart type × series shape, as an image and as a native chart', () => {
  let findings: Findings;
  const images = new Map<string, ImageReadback>();
  const natives = new Map<string, NativeReadback>();
  let deckFile = '';

  beforeAll(async () => {
    findings = findingsOf(dataFiles());
    for (const c of CASES) images.set(c.id, drawImage(findings.charts[c.id], theme));
    const bytes = bytesOf(await emitDeck(documentOf(findings), new Map(), theme, { charts: 'native' }));
    deckFile = path.join(tempDir('bs-shapes-'), 'shapes.pptx');
    writeFileSync(deckFile, bytes);
    const zip = await JSZip.loadAsync(bytes);
    // Charts are numbered in slide order, one per case (big numbers are text, no chart).
    for (const [i, c] of CASES.filter((x) => x.type !== 'numbers').entries()) {
      const xml = await zip.file(`ppt/charts/chart${i + 1}.xml`)!.async('string');
      const rels = await zip.file(`ppt/charts/_rels/chart${i + 1}.xml.rels`)!.async('string');
      const workbook = /Target="\.\.\/embeddings\/([^"]+)"/.exec(rels)![1];
      natives.set(c.id, await readNative(xml, await zip.file(`ppt/embeddings/${workbook}`)!.async('nodebuffer')));
    }
  }, 120_000);

  const figuresOf = (c: Case) => findings.charts[c.id].series.map((s) => s.figures.map((id) => findings.figures[id]));

  it.each(CASES.map((c) => [c.id, c] as const))('%s: the image draws each figure\'s number and label', (_id, c) => {
    const image = images.get(c.id)!;
    const figs = figuresOf(c);
    if (c.type === 'numbers') expect(image.data).toEqual([]);
    else if (c.type === 'bar100') expect(image.data.map((d) => d[0]).slice(0, figs[0].length)).toEqual(figs[0].map((f) => plotted(f, c.type)));
    else expect(image.data.map((d) => d.slice(0, figs[0].length))).toEqual(figs.map((s) => s.map((f) => plotted(f, c.type))));
    for (const f of figs.flat()) expect(image.texts, `${f.id} in ${c.id}`).toContain(expectedLabel(f, c.type));
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s: the native chart holds the same numbers, labels and legend', (_id, c) => {
    const native = natives.get(c.id)!;
    const image = images.get(c.id)!;
    const figs = figuresOf(c);
    const labelsOf = (s: number) => figs[s].map((f) => expectedLabel(f, c.type));
    if (c.type === 'numbers') {
      // Big numbers are text on the slide, checked below with the deck.
      return;
    }
    // Horizontal bars are given to PowerPoint bottom-up, so that they read top-down.
    const order = <T>(xs: T[]) => (c.type === 'horizontalBar' ? [...xs].reverse() : xs);
    if (c.type === 'bar100') {
      expect(native.series.map((s) => s.values[0]).slice(0, figs[0].length)).toEqual(figs[0].map((f) => plotted(f, c.type)));
      expect(native.series.map((s) => s.labels[0]).slice(0, figs[0].length)).toEqual(labelsOf(0));
    } else {
      expect(native.series.map((s) => s.values.slice(0, figs[0].length))).toEqual(figs.map((s) => order(s.map((f) => plotted(f, c.type)))));
      expect(native.series.map((s) => s.labels.slice(0, figs[0].length))).toEqual(figs.map((_, s) => order(labelsOf(s))));
      expect(native.categories.slice(0, c.shape.labels.length)).toEqual(order(c.shape.labels));
    }
    // The same legend entries as the image (its "Projected" key is a line under the native title).
    const seriesNames = native.series.map((s) => s.name);
    if (native.legend) {
      const entries = ['pie', 'doughnut'].includes(c.type) ? native.categories : seriesNames;
      expect(image.legend.filter((l) => l !== 'Projected')).toEqual(entries);
    } else {
      expect(image.legend.filter((l) => l !== 'Projected')).toEqual([]);
    }
    expect(image.legend.includes('Projected')).toBe(native.title.includes('Hatched: projected'));
    expect(seriesNames.join()).not.toMatch(/\(base\)/);
    // No stray labels: every label shown is one of the figures' (or the rest of a whole).
    const shown = native.series.flatMap((s) => s.labels);
    for (const label of shown) expect([...figs.flatMap((_, s) => labelsOf(s)), ...image.texts], c.id).toContain(label);
    // Single-level categories as PowerPoint writes them.
    expect(native.xml).not.toContain('multiLvlStrRef');
    expect(native.xml).toContain('<c:strRef>');
  });

  it.each(CASES.filter((c) => c.type !== 'numbers').map((c) => [c.id, c] as const))('%s: the embedded workbook is a named, full table of the chart\'s numbers', (_id, c) => {
    const { workbook, series, categories } = natives.get(c.id)!;
    const [header, ...rows] = workbook.cells;
    expect(header.every((h) => typeof h === 'string' && h.length > 0)).toBe(true);
    expect(workbook.tableRef).toMatch(/^A1:[A-Z]+\d+$/);
    expect(workbook.tableRef).toBe(workbook.dimension);
    for (const row of rows) for (let i = 0; i < header.length; i++) expect(row[i], `${c.id}: cell ${i} of ${row[0]}`).not.toBeUndefined();
    for (const s of series) {
      const col = header.indexOf(s.name);
      expect(col, `${c.id}: a column for ${s.name}`).toBeGreaterThan(0);
      const cells = c.type === 'bar100' ? [rows[0][col]] : rows.map((r) => r[col]);
      expect(cells).toEqual(s.values);
    }
    if (c.type !== 'bar100') expect(rows.map((r) => r[0])).toEqual(categories);
  });

  it('marks projections, bounds, derived points and ranges as such in both modes', () => {
    const c = CASES.find((x) => x.id.endsWith('_bar') && x.shape.name.startsWith('values beside'))!;
    const xml = natives.get(c.id)!.xml;
    expect(xml).toContain('<a:pattFill prst="wdUpDiag">'); // projections hatched
    expect(xml).toContain('<a:gradFill'); // "over 2,200" fades toward its end
    expect(xml).toContain('<c:errBarType val="both"/>'); // the range marked back to its low end
    expect(/<c:minus>[\s\S]*?<\/c:minus>/.exec(xml)![0]).toContain('<c:v>800</c:v>'); // China: 3,800 down to 3,000
    expect(natives.get(c.id)!.series[1].name).toBe('2030 (projected)');
    const derived = natives.get(CASES.find((x) => x.id.endsWith('_bar') && x.shape.derived)!.id)!.xml;
    expect(derived).toContain('<a:prstDash val="dash"/>');
    const image = images.get(c.id)!;
    expect(image.legend).toEqual(['2025', '2030 (projected)']);
  });

  it('puts shares of a whole on a 0–100% axis, and names what parts leave of it', () => {
    const shares = CASES.find((x) => x.id.endsWith('_bar') && x.shape.name === 'two shares')!;
    expect(natives.get(shares.id)!.xml).toMatch(/<c:max val="100"\/><c:min val="0"\/>/);
    const image = images.get(shares.id)!.config as unknown as { options: { scales: { y: { min: number; max: number } } } };
    expect([image.options.scales.y.min, image.options.scales.y.max]).toEqual([0, 100]);
    const pie = CASES.find((x) => x.id.endsWith('_pie') && x.shape.name.startsWith('shares of a whole'))!;
    expect(natives.get(pie.id)!.categories).toEqual(['LFP', 'NMC', 'Sodium-ion', 'Other']);
    expect(natives.get(pie.id)!.series[0].labels).toEqual(['55%', 'about 38%', '2%', '5%']);
    expect(images.get(pie.id)!.texts).toContain('5%');
  });

  it('writes big numbers as text on the slide, and a deck that passes the ECMA-376 schemas', async () => {
    const zip = await JSZip.loadAsync(Buffer.from(await import('node:fs').then((fs) => fs.readFileSync(deckFile))));
    const index = CASES.findIndex((c) => c.type === 'numbers' && c.shape.name.startsWith('money'));
    // Slide 1 is the title slide.
    const slide = await zip.file(`ppt/slides/slide${index + 2}.xml`)!.async("string");
    for (const text of ['about CNY 15.7 bn', 'CNY 113 bn', 'CNY 30–60 bn', 'Market in 2027 (projected)']) expect(slide).toContain(`<a:t>${text}</a:t>`);
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [deckFile], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('RESULT: OK');
    const xlsx = path.join(tempDir('bs-xlsx-'), 'chart.xlsx');
    writeFileSync(xlsx, natives.values().next().value!.workbook.xlsx);
    const w = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [xlsx], { encoding: 'utf8' });
    expect(w.stdout + w.stderr).toContain('RESULT: OK');
  });
});
