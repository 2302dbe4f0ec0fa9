// The report's blocks: figures (charts with numbered captions), tables that repeat their header and
// never cut a row, the key-figures table, timelines and flows as tables and numbered steps, lists.
import type { Block, CellAlign, ChartImage, ChartSpec, Document, ListItem, Run } from '../../types.ts';
import { sourceLine } from '../common.ts';
import { ChartXObject } from './png.ts';
import type { Struct, TextStyle, Writer } from './writer.ts';

export interface BlockContext {
  w: Writer;
  doc: Document;
  images: Map<string, ChartImage>;
  /** The charts placed so far, by chart id, in the order they first appear: their pixels come at the end. */
  xobjects: Map<string, ChartXObject>;
  charts: Record<string, ChartSpec>;
  figureCount: { n: number };
  /** What keeps the report from meeting PDF/UA-1 (then it does not claim to). */
  unmet: string[];
  /** The pictures from the templates folder embedded so far, by their hash (each is embedded once). */
  pictures: Map<string, unknown>;
}

const CELL_PAD = 4;

/** Where a list item's text starts, in points from the text's left: its number needs the room of the list's widest. */
export function itemIndent(item: ListItem, digits: number): number {
  return (item.number !== undefined ? 8 + digits * 6 : 14) + item.level * 16;
}

export function drawBullets(ctx: BlockContext, parent: Struct, items: ListItem[]): void {
  const { w } = ctx;
  const size = w.theme.report.bodySize;
  const digits = String(Math.max(0, ...items.map((i) => i.number ?? 0))).length;
  // A short list stays on one page rather than leave an item or two on the next.
  const heights = items.map((i) => w.heightOf(i.runs, { size, indent: itemIndent(i, digits) }) + size * 0.35);
  const total = heights.reduce((a, b) => a + b, 0);
  if (total < 220) w.ensure(total);
  const list = w.doc.struct('L');
  parent.add(list);
  for (const item of items) {
    const indent = itemIndent(item, digits);
    const style: TextStyle = { size, indent };
    w.ensure(w.heightOf(item.runs, style));
    const y = w.doc.y;
    const li = w.doc.struct('LI');
    list.add(li);
    li.add(w.doc.struct('Lbl', {}, () => {
      const doc = w.doc.font('latin').fontSize(size).fillColor(`#${w.theme.colors.accent}`);
      // A number ends just before the text ("9." and "10." line up on their periods); a bullet hangs before it.
      if (item.number !== undefined) doc.text(`${item.number}.`, w.left + indent - 40, y, { width: 36, align: 'right', lineBreak: false });
      else doc.text(item.level ? '–' : '•', w.left + indent - 11, y, { lineBreak: false });
    }));
    w.block(li, 'LBody', item.runs, style, { x: w.left, y, width: w.width });
    li.end();
    w.doc.y += size * 0.35;
  }
  list.end();
  w.doc.y += size * 0.4;
}

/** A chart at text width with its numbered caption and source line, kept together on one page. */
export function drawFigure(ctx: BlockContext, parent: Struct, chartId: string): void {
  const { w } = ctx;
  const image = ctx.images.get(chartId);
  const spec = ctx.charts[chartId];
  if (!image || !spec) throw new Error(`no image rendered for chart "${chartId}"`);
  const width = w.width;
  const height = (width * image.height) / image.width;
  const n = ++ctx.figureCount.n;
  if (!image.alt.trim()) ctx.unmet.push(`figure ${n} (chart "${chartId}") has no alternative text`);
  const caption: Run[] = [{ text: `Figure ${n}. `, bold: true }, { text: spec.title }];
  const source = sourceLine(spec.sources, ctx.doc, w.numbers);
  const captionStyle: TextStyle = { size: w.theme.report.captionSize + 0.5, color: w.theme.colors.text };
  const sourceStyle: TextStyle = { size: w.theme.report.captionSize, color: w.theme.colors.muted, italic: true };
  const noteRuns: Run[] = spec.note ? [{ text: spec.note }] : [];
  const total = height + 8 + w.heightOf(caption, captionStyle) + (source ? w.heightOf([{ text: source }], sourceStyle) : 0) + (noteRuns.length ? w.heightOf(noteRuns, sourceStyle) : 0) + 12;
  w.ensure(total);
  const y = w.doc.y;
  let xobject = ctx.xobjects.get(chartId);
  if (!xobject) ctx.xobjects.set(chartId, xobject = new ChartXObject(image, `Chart${ctx.xobjects.size + 1}`));
  parent.add(w.doc.struct('Figure', { alt: image.alt }, () => {
    w.doc.image(xobject as never, w.left, y, { width, height }); // pdfkit takes any object with width and height
  }));
  w.doc.y = y + height + 6;
  w.block(parent, 'Caption', caption, captionStyle);
  if (noteRuns.length) w.block(parent, 'P', noteRuns, sourceStyle);
  if (source) w.block(parent, 'P', [{ text: source }], sourceStyle);
  w.doc.y += 12;
}

/**
 * A table drawn row by row: the header repeats on every page the table spans, and a row that does
 * not fit the rest of a page moves whole to the next (pdfkit's tables do neither: #1657, #1613).
 */
/** Rows a table starts with on its page: all of a short one, else this many (never one row alone at a page's foot). */
const FIRST_ROWS = 3;

/** Column widths and row heights of a table, as drawTable lays it out. */
function tableLayout(ctx: BlockContext, columns: string[], rows: Run[][][], weights?: number[]) {
  const { w } = ctx;
  const size = w.theme.report.bodySize - 1;
  const colW = columnWidths(columns, rows, w.width, weights, longestWords(w, columns, rows, size));
  const headerRuns = columns.map((c) => [{ text: c, bold: true }] as Run[]);
  const rowHeight = (row: Run[][], bold = false) => Math.max(...row.map((cell, i) => w.heightOf(cell.length ? cell : [{ text: '—' }], { size, bold }, colW[i] - 2 * CELL_PAD))) + 2 * CELL_PAD;
  const headerH = rowHeight(headerRuns, true);
  // The caption (when there is one), the header and the first rows share a page.
  const captionH = size * 2;
  const startH = headerH + rows.slice(0, FIRST_ROWS).reduce((sum, row) => sum + rowHeight(row), 0);
  return { size, colW, headerRuns, rowHeight, headerH, captionH, startH };
}

/** Room a table needs on the page it starts on. */
export function tableStartHeight(ctx: BlockContext, title: string | undefined, columns: string[], rows: Run[][][]): number {
  const { captionH, startH } = tableLayout(ctx, columns, rows);
  return (title ? captionH : 0) + startH;
}

export function drawTable(ctx: BlockContext, parent: Struct, title: string | undefined, columns: string[], rows: Run[][][], sources: string[], weights?: number[], align: CellAlign[] = []): void {
  const { w } = ctx;
  const { size, colW, headerRuns, rowHeight, headerH, captionH, startH } = tableLayout(ctx, columns, rows, weights);
  const table = w.doc.struct('Table');
  parent.add(table);
  if (title) {
    w.ensure(captionH + startH);
    w.block(table, 'Caption', [{ text: title, bold: true }], { size: size + 0.5, color: w.theme.colors.primary });
    w.doc.y += 4;
  }
  // One header row in the structure (THead); where the table goes on over a page, the header drawn
  // again is an artifact, so that a screen reader does not read it as a second header row.
  const head = w.doc.struct('THead');
  const body = w.doc.struct('TBody');
  table.add(head);
  table.add(body);
  const drawRow = (row: Run[][], kind: 'header' | 'repeated header' | 'body', shaded: boolean) => {
    const header = kind !== 'body';
    const h = header ? headerH : rowHeight(row);
    const y = w.doc.y;
    const tr = kind === 'repeated header' ? undefined : w.doc.struct('TR');
    if (tr) (header ? head : body).add(tr);
    const xs = colW.map((_, i) => w.left + colW.slice(0, i).reduce((a, b) => a + b, 0));
    const fill = header ? w.theme.colors.primary : shaded ? w.theme.colors.panel : undefined;
    // The row's fills and borders are one artifact: decoration, not content.
    w.artifact(() => row.forEach((_, i) => {
      if (fill) w.doc.rect(xs[i], y, colW[i], h).fill(`#${fill}`);
      w.doc.rect(xs[i], y, colW[i], h).lineWidth(0.5).stroke(`#${w.theme.colors.rule}`);
    }));
    row.forEach((cell, i) => {
      const runs = cell.length ? cell : [{ text: '—' }];
      // A pipe table's column alignment (| --: |), as the template wrote it.
      const style: TextStyle = { size, bold: header, color: header ? 'FFFFFF' : w.theme.colors.text, ...(align[i] ? { align: align[i] } : {}) };
      const at = { x: xs[i] + CELL_PAD, y: y + CELL_PAD, width: colW[i] - 2 * CELL_PAD };
      if (tr) w.block(tr, header ? 'TH' : 'TD', runs, style, at, header ? { scope: 'Column' } : {});
      else w.artifactText(runs, style, at);
    });
    tr?.end();
    w.doc.x = w.left;
    w.doc.y = y + h;
  };
  w.ensure(startH);
  drawRow(headerRuns, 'header', false);
  head.end();
  rows.forEach((row, ri) => {
    const h = rowHeight(row);
    if (w.doc.y + h > w.bottom) {
      w.doc.addPage();
      drawRow(headerRuns, 'repeated header', false);
    }
    drawRow(row, 'body', ri % 2 === 1);
  });
  body.end();
  table.end();
  const source = sourceLine(sources, ctx.doc, w.numbers);
  w.doc.y += 4;
  if (source) w.paragraph(parent, [{ text: source }], { size: w.theme.report.captionSize, color: w.theme.colors.muted, italic: true });
  w.doc.y += 6;
}

/** Column widths in proportion to their content, none narrower than its longest word. */
function columnWidths(columns: string[], rows: Run[][][], width: number, weights: number[] | undefined, minimums: number[]): number[] {
  const weight = weights ?? columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? []).map((run) => run.text).join('').length)));
  const total = weight.reduce((a, b) => a + b, 0) || 1;
  const raw = weight.map((x, i) => Math.max(0.12 * width, minimums[i] + 2 * CELL_PAD + 2, (x / total) * width));
  const scale = width / raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x * scale);
}

/** The width of the longest word in each column, in the bold face for safety. */
function longestWords(w: Writer, columns: string[], rows: Run[][][], size: number): number[] {
  w.doc.font('latin-bold').fontSize(size);
  return columns.map((c, i) => {
    const words = [c, ...rows.map((r) => (r[i] ?? []).map((run) => run.text).join(' '))].join(' ').split(/\s+/);
    return Math.max(...words.map((word) => w.doc.widthOfString(word)));
  });
}

/** Headline figures as a two-column table: what the figure counts, and the figure in full (unit, context). */
export function drawKeyFigures(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'tiles' }>): void {
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const rows = block.tiles.map((t) => [[{ text: capital(t.long ? t.name ?? t.label : t.label) }], [{ text: t.long ?? t.value, bold: true, cite: t.source }]] as Run[][]);
  drawTable(ctx, parent, 'Key figures', ['Figure', 'Value'], rows, [], [3, 2]);
}

export function drawTimeline(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'timeline' }>): void {
  const rows = block.items.map((i) => [[{ text: i.when, bold: true }], [{ text: i.text }]] as Run[][]);
  drawTable(ctx, parent, undefined, ['When', 'What happened'], rows, block.sources, [1, 4]);
}

export function drawFlow(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'flow' }>): void {
  const rows = block.steps.map((s, i) => [[{ text: `${i + 1}. ${s.title}`, bold: true }], [{ text: s.text || '—' }]] as Run[][]);
  drawTable(ctx, parent, undefined, ['Step', 'What it involves'], rows, block.sources, [1, 3]);
}
