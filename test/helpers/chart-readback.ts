// Reading a chart back as a reader would see it, in both modes: what the image draws (every text
// Chart.js and our marks put on the canvas, and the datasets' numbers), and what a native chart's XML
// and embedded workbook hold (series, numbers, the labels their number formats make, the legend).
import { localeOf } from '../../src/i18n/index.ts';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';
import { createCanvas } from 'canvas';
import JSZip from 'jszip';
import { buildChartConfig } from '../../src/charts/config.ts';
import type { Theme } from '../../src/theme/index.ts';
import { formatFigureShort, formatNumber } from '../../src/format/index.ts';
import type { ChartSpec, Figure } from '../../src/types.ts';
import { unescapeXml } from './run.ts';

Chart.register(...registerables);

export interface ImageReadback {
  /** Each dataset's numbers, as drawn. */
  data: number[][];
  /** Every text drawn on the canvas (labels, legend, ticks, categories). */
  texts: string[];
  legend: string[];
  config: ChartConfiguration;
}

/** Draws the chart's Chart.js configuration on a canvas, recording every text drawn. */
export function drawImage(spec: ChartSpec, theme: Theme): ImageReadback {
  const { width, height } = theme.chart;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const drawn: { text: string; x: number; y: number }[] = [];
  const fillText = ctx.fillText.bind(ctx);
  ctx.fillText = (text: string, x: number, y: number, max?: number) => { drawn.push({ text: String(text), x, y }); fillText(text, x, y, max); };
  (canvas as unknown as { style: object }).style = {};
  const tools = {
    hatch: (color: string, tint: string) => {
      const tile = createCanvas(24, 24);
      const t = tile.getContext('2d');
      t.fillStyle = `#${tint}`;
      t.fillRect(0, 0, 24, 24);
      t.strokeStyle = `#${color}`;
      t.moveTo(0, 24);
      t.lineTo(24, 0);
      t.stroke();
      return ctx.createPattern(tile, 'repeat');
    },
    measure: (text: string, font: string) => { ctx.font = font; return ctx.measureText(text).width; },
  };
  const config = buildChartConfig(spec, theme, tools);
  const chart = new Chart(ctx as never, config);
  const legend = ((config.options?.plugins?.legend as { display?: boolean; labels?: { generateLabels?: () => { text: string }[] } })?.display
    ? (config.options!.plugins!.legend as { labels: { generateLabels: () => { text: string }[] } }).labels.generateLabels().map((l) => l.text)
    : []);
  chart.destroy();
  // A label broken into lines is drawn line by line, one under the other: read it whole too.
  const texts = drawn.map((d) => d.text);
  for (let i = 0; i < drawn.length; i++) {
    let whole = drawn[i].text;
    for (let j = i + 1; j < drawn.length && drawn[j].x === drawn[j - 1].x && drawn[j].y > drawn[j - 1].y && drawn[j].y - drawn[j - 1].y < theme.chart.fontSize * 1.5; j++) {
      whole += ` ${drawn[j].text}`;
      texts.push(whole);
    }
  }
  return { data: config.data.datasets.map((d) => (d.data as number[]).map(Number)), texts, legend, config };
}

export interface NativeSeries { name: string; values: number[]; labels: string[]; formats: string[] }
export interface NativeReadback {
  xml: string;
  categories: string[];
  series: NativeSeries[];
  legend: boolean;
  /** The title's paragraphs: the title, and a key line ("Hatched: projected"). */
  title: string[];
  workbook: { cells: (string | number | undefined)[][]; tableRef?: string; dimension?: string; xlsx: Buffer };
}

const all = (xml: string, re: RegExp) => [...xml.matchAll(re)].map((m) => m[1]);
const points = (xml: string) => all(xml, /<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g).map(unescapeXml);

/** The numbers, names and labels of a native chart part and its workbook. */
export async function readNative(xml: string, xlsx: Buffer): Promise<NativeReadback> {
  const series = (xml.match(/<c:ser>[\s\S]*?<\/c:ser>/g) ?? []).map((ser): NativeSeries => {
    const name = points(/<c:tx>[\s\S]*?<\/c:tx>/.exec(ser)![0])[0];
    const values = points(/<c:val>[\s\S]*?<\/c:val>/.exec(ser)![0]).map(Number);
    const formats = values.map((_, i) => unescapeXml(new RegExp(`<c:dLbl><c:idx val="${i}"/><c:numFmt formatCode="([^"]*)"`).exec(ser)?.[1] ?? ''));
    return { name, values, formats, labels: values.map((v, i) => (formats[i] ? applyFormat(formats[i], v) : '')) };
  });
  const cat = /<c:cat>[\s\S]*?<\/c:cat>/.exec(xml)?.[0] ?? '';
  const titleXml = /<c:chart><c:title>[\s\S]*?<\/c:title>/.exec(xml)?.[0] ?? '';
  const title = (titleXml.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []).map((p) => all(p, /<a:t>([^<]*)<\/a:t>/g).map(unescapeXml).join(''));
  return { xml, categories: points(cat), series, legend: xml.includes('<c:legend>'), title, workbook: await readWorkbook(xlsx) };
}

async function readWorkbook(xlsx: Buffer): Promise<NativeReadback['workbook']> {
  const zip = await JSZip.loadAsync(xlsx);
  const text = async (name: string) => zip.file(name)?.async('string') ?? '';
  const shared = (await text('xl/sharedStrings.xml')).match(/<si>[\s\S]*?<\/si>/g)?.map((si) => all(si, /<t[^>]*>([^<]*)<\/t>/g).map(unescapeXml).join('')) ?? [];
  const sheet = await text('xl/worksheets/sheet1.xml');
  const cells: (string | number | undefined)[][] = [];
  for (const c of sheet.matchAll(/<c r="([A-Z]+)(\d+)"( t="(\w+)")?[^>]*>(?:<f>[^<]*<\/f>)?(?:<v>([^<]*)<\/v>|<is><t>([^<]*)<\/t><\/is>)?<\/c>/g)) {
    const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const row = Number(c[2]) - 1;
    const value = c[4] === 's' ? shared[Number(c[5])] : c[4] === 'inlineStr' ? unescapeXml(c[6] ?? '') : c[5] === undefined ? undefined : Number(c[5]);
    (cells[row] ??= [])[col] = value;
  }
  const table = zip.file(/^xl\/tables\/table\d+\.xml$/)[0];
  const tableRef = table ? /<table [^>]*ref="([^"]*)"/.exec(await table.async('string'))?.[1] : undefined;
  return { cells, tableRef, dimension: /<dimension ref="([^"]*)"/.exec(sheet)?.[1], xlsx };
}

/**
 * A number format applied to a value, as PowerPoint shows a data label: quoted and escaped literals,
 * digit placeholders with grouping and decimals, and a section for negatives.
 */
export function applyFormat(code: string, value: number): string {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '\\' && !quoted) { current += ch + code[++i]; continue; }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) { sections.push(current); current = ''; continue; }
    current += ch;
  }
  sections.push(current);
  const negative = value < 0 && sections.length > 1;
  const section = negative ? sections[1] : sections[0];
  const v = negative ? -value : value;
  let out = '';
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') { const end = section.indexOf('"', i + 1); out += section.slice(i + 1, end); i = end; continue; }
    if (ch === '\\') { out += section[++i]; continue; }
    if (/[#0,.]/.test(ch)) {
      let j = i;
      while (j < section.length && /[#0,.]/.test(section[j])) j++;
      const pattern = section.slice(i, j);
      const decimals = pattern.includes('.') ? pattern.split('.')[1].replace(/[^0]/g, '').length : 0;
      const fixed = Math.abs(v).toFixed(decimals);
      const [whole, frac] = fixed.split('.');
      const grouped = pattern.includes(',') ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
      out += `${v < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
      i = j - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/** What a point's label must say, from its figure alone: the short form where there is no value axis. */
export function expectedLabel(f: Figure, type: ChartSpec['type'], spec?: ChartSpec): string {
  const language = spec?.language ?? 'en';
  if (!language.startsWith('en')) {
    // Another language: its own marks and numbers, values in its scale words (亿, 万) on an axis.
    const { format, messages } = localeOf(language);
    const mark = f.derived ? messages.chart.derivedMark(f.derived.kind) : '';
    if (['pie', 'doughnut', 'bar100', 'numbers'].includes(type)) return format.short(f) + mark;
    const factor = spec!.measure && f.unit !== '%' ? format.chartScale(spec!.series.flatMap((s) => s.values.flat()), spec!.measure).factor : 1;
    const n = (v: number) => format.number(Number((v * factor).toPrecision(12)));
    const numbers = f.range ? format.range(n(f.range[0]), n(f.range[1])) : n(f.value!);
    return format.qualified(f.qualifier, `${numbers}${f.unit === '%' ? '%' : ''}`) + mark;
  }
  const mark = f.derived ? ` (${f.derived.kind})` : '';
  if (['pie', 'doughnut', 'bar100', 'numbers'].includes(type)) return formatFigureShort(f) + mark;
  const numbers = f.range ? `${formatNumber(f.range[0])}–${formatNumber(f.range[1])}` : formatNumber(f.value!);
  return `${f.qualifier ? `${f.qualifier} ` : ''}${numbers}${f.unit === '%' ? '%' : ''}${mark}`;
}

/** Where a figure's mark ends: a range's end farther from zero on bars, its middle on a line. */
export const plotted = (f: Figure, type: ChartSpec['type']): number => {
  if (!f.range) return f.value!;
  const [low, high] = f.range;
  return type === 'line' ? (low + high) / 2 : Math.abs(high) >= Math.abs(low) ? high : low;
};
