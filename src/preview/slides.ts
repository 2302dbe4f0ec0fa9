// The recorded deck (emit/pptx/record.ts) as plain data the preview page draws: positioned boxes in inches,
// paragraphs and runs with their sizes in points, following what pptxgenjs writes for the same calls
// (how it groups runs into paragraphs, hangs bullets, insets text boxes and table cells).
import { placeholderChartId } from '../emit/pptx/placeholder.ts';
import { TITLE_SHAPE } from '../emit/pptx/placeholders.ts';
import type { ChartImage, ChartSpec } from '../types.ts';
import type { DeckRecorder, MasterProps, SlideRecord } from '../emit/pptx/record.ts';

export interface Box { x: number; y: number; w: number; h: number }

export interface RunView {
  text: string;
  /** Points. */
  size: number;
  color: string;
  font?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  superscript?: boolean;
  subscript?: boolean;
}

export interface ParaView {
  runs: RunView[];
  align: 'left' | 'center' | 'right' | 'justify';
  bullet: boolean;
  /** A numbered point's number (the deck's a:buAutoNum startAt). */
  number?: number;
  /** Left margin and first-line indent (negative: a hanging bullet), in points. */
  marginLeft: number;
  indent: number;
  spaceBefore: number;
  spaceAfter: number;
  /** Line spacing as a multiple of the font's, or in points; absent: single. */
  lineMultiple?: number;
  linePoints?: number;
}

export interface TextView {
  kind: 'text';
  box: Box;
  valign: 'top' | 'middle' | 'bottom';
  /** Insets in points: top, right, bottom, left. */
  inset: [number, number, number, number];
  paras: ParaView[];
  fill?: string;
  line?: { color: string; width: number };
  /** Set on the slide's title (the placeholder, or the largest text). */
  title?: boolean;
}

export interface ImageView { kind: 'image'; box: Box; src: string; alt?: string }

export interface ShapeView {
  kind: 'shape';
  box: Box;
  geometry: string;
  fill?: string;
  line?: { color: string; width: number };
  /** Corner radius in inches (roundRect). */
  radius?: number;
  flipH?: boolean;
  flipV?: boolean;
}

export interface CellView { paras: ParaView[]; fill?: string; valign: TextView['valign']; inset: [number, number, number, number] }

export interface TableView {
  kind: 'table';
  box: Box;
  colW: number[];
  rowH: number[];
  rows: CellView[][];
  border?: { color: string; width: number };
}

export interface ChartView { kind: 'chart'; box: Box; title: string }

export type ElementView = TextView | ImageView | ShapeView | TableView | ChartView;

export interface SlideView {
  /** 1-based, as the deck numbers it. */
  number: number;
  title: string;
  background?: string;
  elements: ElementView[];
  notes: string;
}

export interface DeckView {
  /** Inches. */
  width: number;
  height: number;
  slides: SlideView[];
}

type Options = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface TextItem { text: string; options: Options }

/** pptxgenjs's defaults when an option is not given. */
const DEFAULT_SIZE = 18;
const DEFAULT_COLOR = '000000';
const DEFAULT_BULLET_INDENT = 27;
/** PowerPoint's default text box insets (0.1 in, 0.05 in) and table cell margins, in points. */
const DEFAULT_TEXT_INSET: [number, number, number, number] = [3.6, 7.2, 3.6, 7.2];
const DEFAULT_CELL_INSET: [number, number, number, number] = [3.6, 7.2, 3.6, 7.2];

/** What a slide's pictures are drawn from: the charts' images, and their URLs on the preview server. */
interface Pictures {
  images: Map<string, ChartImage>;
  url: (image: ChartImage) => string;
  /** Chart specs: a native chart is shown as the picture of the chart with its title. */
  charts: Record<string, ChartSpec>;
}

/**
 * The slides as the page draws them. `chartUrl` names the picture of a chart (the deck holds a
 * placeholder for each chart until its pixels arrive).
 */
export function deckView(deck: DeckRecorder, images: Map<string, ChartImage>, chartUrl: (image: ChartImage) => string, charts: Record<string, ChartSpec> = {}): DeckView {
  const { w, h } = deck.size;
  const masters = new Map(deck.masters.map((m) => [m.title, m]));
  const pictures: Pictures = { images, url: chartUrl, charts };
  const slides = deck.slides.map((record, i) => slideView(record, i + 1, masters.get(record.options?.masterName ?? ''), pictures));
  return { width: w, height: h, slides };
}

function slideView(record: SlideRecord, number: number, master: MasterProps | undefined, pictures: Pictures): SlideView {
  const elements: ElementView[] = [];
  const placeholders = new Map<string, Options>();
  for (const object of master?.objects ?? []) {
    const [kind, props] = Object.entries(object)[0] as [string, Options];
    if (kind === 'placeholder') { placeholders.set(props.options?.name, props); continue; }
    const element = masterElement(kind, props, pictures);
    if (element) elements.push(element);
  }
  const own: ElementView[] = [];
  let notes = '';
  let background = master?.background?.color;
  for (const step of record.steps) {
    if ('set' in step) {
      if (step.set === 'background') background = fillOf(step.value) ?? background;
      continue;
    }
    const [a, b, c] = step.args as [any, any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (step.call === 'addNotes') { notes += (notes ? '\n' : '') + String(a); continue; }
    if (step.call === 'addText') {
      // A placeholder's text goes where the master put the placeholder, unless the slide says otherwise.
      const ph = b?.placeholder ? placeholders.get(b.placeholder) : undefined;
      const view = textView(a, { ...(ph?.options ?? {}), ...b });
      // The deck names its title boxes (they become title placeholders in the package).
      if (ph?.options?.type === 'title' || b?.objectName === TITLE_SHAPE) view.title = true;
      own.push(view);
    }
    if (step.call === 'addImage') own.push(imageView(a, pictures));
    if (step.call === 'addShape') own.push(shapeView(a, b));
    if (step.call === 'addTable') own.push(tableView(a, b));
    if (step.call === 'addChart') own.push(chartView(c, pictures));
  }
  markTitle(own);
  elements.push(...own);
  // The number goes on top, last, as pptxgenjs writes it.
  if (master?.slideNumber) elements.push(textView(String(number), { valign: 'middle', ...master.slideNumber }));
  const title = own.find((e): e is TextView => e.kind === 'text' && Boolean(e.title));
  return { number, title: title ? plain(title) : '', background, elements, notes };
}

/**
 * The slide's title: the box the deck marked as its title, or else the first text the slide draws
 * that is more than a number (a divider draws its chapter's number first).
 */
function markTitle(elements: ElementView[]): void {
  const texts = elements.filter((e): e is TextView => e.kind === 'text' && plain(e).trim() !== '');
  if (texts.some((t) => t.title)) return;
  const first = texts.find((t) => !/^[\d\s.]+$/.test(plain(t)));
  if (first) first.title = true;
}

export function plain(text: TextView): string {
  return text.paras.map((p) => p.runs.map((r) => r.text).join('')).join('\n');
}

function masterElement(kind: string, props: Options, pictures: Pictures): ElementView | undefined {
  if (kind === 'rect') return shapeView('rect', props);
  if (kind === 'line') return shapeView('line', props);
  if (kind === 'text') return textView(props.text, props.options ?? {});
  if (kind === 'image') return imageView(props, pictures);
  return undefined;
}

function boxOf(o: Options | undefined): Box {
  return { x: Number(o?.x ?? 0), y: Number(o?.y ?? 0), w: Number(o?.w ?? 0), h: Number(o?.h ?? 0) };
}

function hex(color: unknown): string | undefined {
  return typeof color === 'string' && /^[0-9A-Fa-f]{6}$/.test(color) ? color.toUpperCase() : undefined;
}

function fillOf(fill: unknown): string | undefined {
  if (typeof fill === 'string') return hex(fill);
  const f = fill as Options | undefined;
  return f && f.type !== 'none' ? hex(f.color) : undefined;
}

function lineOf(line: unknown): { color: string; width: number } | undefined {
  const l = line as Options | undefined;
  const color = hex(l?.color);
  return color ? { color, width: Number(l?.width ?? 0.75) } : undefined;
}

/** Text box insets: pptxgenjs takes `margin` in points, one number or [left, right, bottom, top]. */
function insetOf(margin: unknown): [number, number, number, number] {
  if (typeof margin === 'number') return [margin, margin, margin, margin];
  if (Array.isArray(margin)) return [Number(margin[3] ?? 0), Number(margin[1] ?? 0), Number(margin[2] ?? 0), Number(margin[0] ?? 0)];
  return DEFAULT_TEXT_INSET;
}

/** Table cell margins: [top, right, bottom, left], in points from 1 up, in inches below (as pptxgenjs reads them). */
function cellInsetOf(margin: unknown): [number, number, number, number] {
  if (margin === undefined || margin === null) return DEFAULT_CELL_INSET;
  const m = (typeof margin === 'number' ? [margin, margin, margin, margin] : margin) as number[];
  const pt = m[0] >= 1 ? (v: number) => v : (v: number) => v * 72;
  return [pt(m[0] ?? 0), pt(m[1] ?? 0), pt(m[2] ?? 0), pt(m[3] ?? 0)];
}

function valignOf(v: unknown, fallback: TextView['valign']): TextView['valign'] {
  const s = String(v ?? '').toLowerCase();
  return s.startsWith('t') ? 'top' : s.startsWith('b') ? 'bottom' : s.startsWith('m') || s.startsWith('c') ? 'middle' : fallback;
}

function alignOf(v: unknown): ParaView['align'] {
  const s = String(v ?? '').toLowerCase();
  return s.startsWith('c') ? 'center' : s.startsWith('r') ? 'right' : s.startsWith('j') ? 'justify' : 'left';
}

/** The text items of an addText call, each "\n" ending a paragraph, as pptxgenjs splits them. */
function textItems(text: unknown, opts: Options): TextItem[] {
  const items: TextItem[] = Array.isArray(text)
    ? text.map((t) => (typeof t === 'string' ? { text: t, options: {} } : { text: String(t?.text ?? ''), options: { ...(t?.options ?? {}) } }))
    : [{ text: String(text ?? ''), options: {} }];
  return items.flatMap((item) => {
    const lines = item.text.split(/\r*\n/);
    if (lines.length === 1 || item.text.endsWith('\n')) return [item];
    return lines.map((line) => ({ text: line, options: { ...item.options, breakLine: true } }));
  });
}

/** Runs grouped into paragraphs: a new one after a line break, at a bullet, or where the alignment changes. */
export function paragraphs(text: unknown, opts: Options): ParaView[] {
  const items = textItems(text, opts);
  const groups: TextItem[][] = [];
  let current: TextItem[] = [];
  items.forEach((item, i) => {
    if (current.length && (item.options.align || opts.align) && item.options.align !== items[i - 1].options.align) { groups.push(current); current = []; }
    else if (current.length && item.options.bullet) { groups.push(current); current = []; }
    current.push(item);
    if (item.options.breakLine && i + 1 < items.length) { groups.push(current); current = []; }
  });
  if (current.length || !groups.length) groups.push(current);
  return groups.map((group, gi) => paragraph(group, opts, gi === 0));
}

function paragraph(group: TextItem[], opts: Options, first: boolean): ParaView {
  const lead = group[0]?.options ?? {};
  const pick = (key: string) => lead[key] ?? opts[key];
  const bullet = lead.bullet ?? (first ? opts.bullet : undefined);
  const level = Number(pick('indentLevel') ?? 0);
  const indent = bullet && typeof bullet === 'object' && bullet.indent ? Number(bullet.indent) : DEFAULT_BULLET_INDENT;
  const number = bullet && typeof bullet === 'object' && bullet.type === 'number' ? Number(bullet.numberStartAt ?? bullet.startAt ?? 1) : undefined;
  return {
    runs: group.map((item) => run(item, opts)),
    align: alignOf(pick('align')),
    bullet: Boolean(bullet),
    ...(number !== undefined ? { number } : {}),
    marginLeft: bullet ? indent * (level + 1) : 0,
    indent: bullet ? -indent : 0,
    spaceBefore: Number(pick('paraSpaceBefore') ?? 0),
    spaceAfter: Number(pick('paraSpaceAfter') ?? 0),
    lineMultiple: pick('lineSpacingMultiple') ? Number(pick('lineSpacingMultiple')) : undefined,
    linePoints: pick('lineSpacing') ? Number(pick('lineSpacing')) : undefined,
  };
}

function run(item: TextItem, opts: Options): RunView {
  // As pptxgenjs does: a run takes every option of the box that it does not set to something truthy.
  const o: Options = { ...item.options };
  for (const [key, value] of Object.entries(opts)) if (key !== 'bullet' && !o[key]) o[key] = value;
  const view: RunView = { text: item.text, size: Number(o.fontSize ?? DEFAULT_SIZE), color: hex(o.color) ?? DEFAULT_COLOR };
  if (o.fontFace) view.font = String(o.fontFace);
  if (o.bold) view.bold = true;
  if (o.italic) view.italic = true;
  if (o.underline) view.underline = true;
  if (o.superscript) view.superscript = true;
  if (o.subscript) view.subscript = true;
  return view;
}

export function textView(text: unknown, opts: Options): TextView {
  const view: TextView = {
    kind: 'text', box: boxOf(opts), valign: valignOf(opts.valign, 'middle'), inset: insetOf(opts.margin), paras: paragraphs(text, opts),
  };
  const fill = fillOf(opts.fill);
  const line = lineOf(opts.line);
  if (fill) view.fill = fill;
  if (line) view.line = line;
  return view;
}

function imageView(opts: Options, pictures: Pictures): ImageView {
  const data = typeof opts.data === 'string' ? opts.data : '';
  const [, type, base64] = /^(?:data:)?(image\/(?:png|jpeg|svg\+xml));base64,(.*)$/.exec(data) ?? [];
  const chartId = type === 'image/png' ? placeholderChartId(Buffer.from(base64, 'base64')) : undefined;
  const image = chartId ? pictures.images.get(chartId) : undefined;
  // Only pictures the build made or read from the templates folder: a chart's by its URL, others inline.
  const src = image ? pictures.url(image) : base64 && !chartId ? `data:${type};base64,${base64}` : '';
  return { kind: 'image', box: boxOf(opts), src, alt: opts.altText ? String(opts.altText) : image?.alt };
}

/** A native chart, shown as the picture of the same chart (same numbers) where there is one. */
function chartView(opts: Options, pictures: Pictures): ImageView | ChartView {
  const title = String(opts?.title ?? opts?.altText ?? '');
  const spec = Object.values(pictures.charts).find((c) => c.title === title);
  const image = spec && pictures.images.get(spec.id);
  if (image) return { kind: 'image', box: boxOf(opts), src: pictures.url(image), alt: image.alt };
  return { kind: 'chart', box: boxOf(opts), title };
}

function shapeView(geometry: unknown, opts: Options): ShapeView {
  const view: ShapeView = { kind: 'shape', box: boxOf(opts), geometry: String(geometry) };
  const fill = fillOf(opts.fill);
  const line = lineOf(opts.line);
  if (fill) view.fill = fill;
  if (line) view.line = line;
  if (opts.rectRadius) view.radius = Number(opts.rectRadius);
  if (opts.flipH) view.flipH = true;
  if (opts.flipV) view.flipV = true;
  return view;
}

function tableView(rows: unknown, opts: Options): TableView {
  const table = (rows as { text?: unknown; options?: Options }[][]) ?? [];
  const cols = Math.max(0, ...table.map((r) => r.length));
  const box = boxOf(opts);
  const colW: number[] = Array.isArray(opts.colW) ? opts.colW.map(Number) : Array(cols).fill(box.w / Math.max(1, cols));
  const rowH: number[] = Array.isArray(opts.rowH) ? opts.rowH.map(Number) : Array(table.length).fill(box.h / Math.max(1, table.length));
  const border = opts.border && !Array.isArray(opts.border) && opts.border.type !== 'none' ? { color: hex(opts.border.color) ?? '666666', width: Number(opts.border.pt ?? 1) } : undefined;
  const base: Options = { fontFace: opts.fontFace, fontSize: opts.fontSize ?? 12, color: opts.color };
  const view: TableView = {
    kind: 'table', box, colW, rowH,
    rows: table.map((row) => row.map((cell) => {
      const o = { ...base, ...(cell.options ?? {}) };
      return { paras: paragraphs(cell.text ?? '', o), fill: fillOf(o.fill), valign: valignOf(o.valign ?? opts.valign, 'top'), inset: cellInsetOf(o.margin ?? opts.margin) };
    })),
  };
  if (border) view.border = border;
  return view;
}
