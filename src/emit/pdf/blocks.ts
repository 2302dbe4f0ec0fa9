// The report's blocks: figures (charts with numbered captions, as wide as their data needs), tables
// numbered and captioned like figures that repeat their header and never cut a row (a short one is
// never split), the key-figures table, timelines and flows as tables, cards and lists.
import type { Locale } from '../../i18n/index.ts';
import type { Block, CellAlign, ChartImage, ChartSpec, Document, ListItem, Run } from '../../types.ts';
import { autoColumnWidths, sourceLine } from '../common.ts';
import { ChartXObject } from './png.ts';
import type { Struct, TextStyle, Writer } from './writer.ts';

export interface BlockContext {
  w: Writer;
  doc: Document;
  /** The edition's language: its built-in words and figures. */
  locale: Locale;
  images: Map<string, ChartImage>;
  /** The charts placed so far, by chart id, in the order they first appear: their pixels come at the end. */
  xobjects: Map<string, ChartXObject>;
  charts: Record<string, ChartSpec>;
  figureCount: { n: number };
  tableCount: { n: number };
  /** What keeps the report from meeting PDF/UA-1 (then it does not claim to). */
  unmet: string[];
  /** The pictures from the templates folder embedded so far, by their hash (each is embedded once). */
  pictures: Map<string, unknown>;
}

const CELL_PAD = 4;

/** Items a page break may not leave alone: at least this many of a list stand on each side of it. */
const LIST_KEEPS = 2;

/**
 * How much of a list must stand on the page it starts on: all of a list too short to break with two
 * items on each side, else its first two. (Keeping every list of a third of a page whole pushed a
 * seven-point list, and the section heading over it, off a page it would have filled.)
 */
export function listStart(heights: number[]): number {
  const kept = heights.length < 2 * LIST_KEEPS ? heights.length : LIST_KEEPS;
  return heights.slice(0, kept).reduce((a, b) => a + b, 0);
}

/** Where a list item's text starts, in points from the text's left: its number needs the room of the list's widest. */
export function itemIndent(item: ListItem, digits: number): number {
  return (item.number !== undefined ? 8 + digits * 6 : 14) + item.level * 16;
}

/** Heights of a list's items as drawBullets sets them (each with the space after it). */
export function bulletHeights(w: Writer, items: ListItem[]): number[] {
  const size = w.theme.report.bodySize;
  const digits = String(Math.max(0, ...items.map((i) => i.number ?? 0))).length;
  return items.map((i) => w.heightOf(i.runs, { size, indent: itemIndent(i, digits) }) + size * 0.35);
}

export function drawBullets(ctx: BlockContext, parent: Struct, items: ListItem[]): void {
  const { w } = ctx;
  const size = w.theme.report.bodySize;
  const digits = String(Math.max(0, ...items.map((i) => i.number ?? 0))).length;
  // Never an item alone on either side of a page break (listStart, and the last two kept together).
  const heights = bulletHeights(w, items);
  w.ensure(listStart(heights));
  const list = w.doc.struct('L');
  parent.add(list);
  for (const [i, item] of items.entries()) {
    if (items.length >= 2 * LIST_KEEPS && i === items.length - LIST_KEEPS) w.ensure(heights.slice(i).reduce((a, b) => a + b, 0));
    const indent = itemIndent(item, digits);
    const style: TextStyle = { size, indent, dir: 'auto' };
    w.ensureRuns(item.runs, w.heightOf(item.runs, style));
    const y = w.doc.y;
    const li = w.doc.struct('LI');
    list.add(li);
    const rtl = w.setsRightToLeft(item.runs, style);
    li.add(w.doc.struct('Lbl', {}, () => {
      const doc = w.doc.font('latin').fontSize(size).fillColor(`#${w.theme.colors.accent}`);
      // A number ends just before the text ("9." and "10." line up on their periods); a bullet hangs
      // before it: on its left, or on its right in a right-to-left item, whose text ends there.
      const label = item.number !== undefined ? `${item.number}.` : item.level ? '–' : '•';
      const textStart = rtl ? w.left + w.width - indent : w.left + indent;
      if (item.number !== undefined) doc.text(label, rtl ? textStart + 4 : textStart - 40, y, { width: 36, align: rtl ? 'left' : 'right', lineBreak: false });
      else doc.text(label, rtl ? textStart + 11 - doc.widthOfString(label) : textStart - 11, y, { lineBreak: false });
    }));
    w.block(li, 'LBody', item.runs, style, { x: w.left, y, width: w.width });
    li.end();
    w.doc.y += size * 0.35;
  }
  list.end();
  w.doc.y += size * 0.4;
}

/** The narrowest a chart is drawn, as a share of the text width: its labels stay readable (about 8 pt). */
const MIN_CHART_SHARE = 0.65;

/**
 * Share of the text width a chart takes: as wide as its data needs. A ring or two bars do not need
 * half a page; a chart of many points takes the full width.
 */
function chartShare(spec: ChartSpec): number {
  if (spec.type === 'pie' || spec.type === 'doughnut') return MIN_CHART_SHARE;
  const points = spec.labels.length * Math.max(1, spec.series.length);
  return points <= 2 ? 0.7 : points <= 4 ? 0.85 : 1;
}

/**
 * A figure's size and parts. With `room` (points left on the page), the largest share from its own
 * down to the smallest at which the whole figure fits there; room 0 asks for the smallest. Without,
 * its own share.
 */
export function figureLayout(ctx: BlockContext, chartId: string, room?: number) {
  const { w } = ctx;
  const image = ctx.images.get(chartId);
  const spec = ctx.charts[chartId];
  if (!image || !spec) throw new Error(`no image rendered for chart "${chartId}"`);
  const caption: Run[] = [{ text: ctx.locale.messages.report.figureCaption(ctx.figureCount.n + 1), bold: true }, { text: spec.title }];
  const source = sourceLine(spec.sources, ctx.doc, w.numbers, ctx.locale);
  const captionStyle: TextStyle = { size: w.theme.report.captionSize + 0.5, color: w.theme.colors.text };
  const sourceStyle: TextStyle = { size: w.theme.report.captionSize, color: w.theme.colors.muted, italic: true };
  const noteRuns: Run[] = spec.note ? [{ text: spec.note }] : [];
  const words = 8 + w.heightOf(caption, captionStyle) + (source ? w.heightOf([{ text: source }], sourceStyle) : 0) + (noteRuns.length ? w.heightOf(noteRuns, sourceStyle) : 0) + 12;
  const at = (share: number) => {
    const width = w.width * share;
    const height = (width * image.height) / image.width;
    return { image, spec, width, height, x: w.left + (w.width - width) / 2, caption, source, captionStyle, sourceStyle, noteRuns, total: height + words };
  };
  const own = chartShare(spec);
  if (room === undefined) return at(own);
  const fitting = ((room - words) * image.width) / image.height / w.width;
  return at(room === 0 ? Math.min(own, MIN_CHART_SHARE) : Math.max(MIN_CHART_SHARE, Math.min(own, fitting)));
}

/** A chart with its numbered caption, note and source line, kept together on one page. */
export function drawFigure(ctx: BlockContext, parent: Struct, chartId: string): void {
  const { w } = ctx;
  let layout = figureLayout(ctx, chartId, w.room);
  if (layout.total > w.room) {
    w.doc.addPage();
    layout = figureLayout(ctx, chartId);
  }
  const n = ++ctx.figureCount.n;
  const { image, width, height, x, caption, source, captionStyle, sourceStyle, noteRuns } = layout;
  if (!image.alt.trim()) ctx.unmet.push(`figure ${n} (chart "${chartId}") has no alternative text`);
  const y = w.doc.y;
  let xobject = ctx.xobjects.get(chartId);
  if (!xobject) ctx.xobjects.set(chartId, xobject = new ChartXObject(image, `Chart${ctx.xobjects.size + 1}`));
  parent.add(w.doc.struct('Figure', { alt: image.alt }, () => {
    w.doc.image(xobject as never, x, y, { width, height }); // pdfkit takes any object with width and height
  }));
  w.doc.y = y + height + 6;
  w.block(parent, 'Caption', caption, captionStyle);
  if (noteRuns.length) w.block(parent, 'P', noteRuns, sourceStyle);
  if (source) w.block(parent, 'P', [{ text: source }], sourceStyle);
  w.doc.y += 12;
}

/** Rows a long table starts with on its page, and ends with on its last (never one row alone). */
const FIRST_ROWS = 3;
const LAST_ROWS = 2;
/** A table no taller than this share of a page is never split, nor one that fits a page when its page is this full. */
const SHORT_TABLE = 0.5;

export type TableArgs = [title: string | undefined, columns: string[], rows: Run[][][], sources: string[], weights?: number[], align?: CellAlign[]];

/** Column widths, row heights and the caption and source line of a table, as drawTable lays it out. */
function tableLayout(ctx: BlockContext, ...[title, columns, rows, sources, weights]: TableArgs) {
  const { w } = ctx;
  const size = w.theme.report.bodySize - 1;
  const colW = columnWidths(w, columns, rows, w.width, weights, size);
  const headerRuns = columns.map((c) => [{ text: c, bold: true }] as Run[]);
  const rowHeight = (row: Run[][], bold = false) => Math.max(...row.map((cell, i) => w.heightOf(cell.length ? cell : [{ text: '—' }], { size, bold }, colW[i] - 2 * CELL_PAD))) + 2 * CELL_PAD;
  const headerH = rowHeight(headerRuns, true);
  const heights = rows.map((row) => rowHeight(row));
  // Captioned like a figure: "Table 2. Pain points and AI solutions by sector", above the table.
  const caption: Run[] | undefined = title ? [{ text: ctx.locale.messages.report.tableCaption(ctx.tableCount.n + 1), bold: true }, { text: title }] : undefined;
  const captionStyle: TextStyle = { size: w.theme.report.captionSize + 0.5, color: w.theme.colors.text };
  const captionH = caption ? w.heightOf(caption, captionStyle) + 4 : 0;
  const source = sourceLine(sources, ctx.doc, w.numbers, ctx.locale);
  const sourceStyle: TextStyle = { size: w.theme.report.captionSize, color: w.theme.colors.muted, italic: true };
  const sourceH = 4 + (source ? w.heightOf([{ text: source }], sourceStyle) + sourceStyle.size * 0.6 : 0) + 6;
  const sum = (hs: number[]) => hs.reduce((a, b) => a + b, 0);
  const total = captionH + headerH + sum(heights) + sourceH;
  const top = w.doc.page.margins.top;
  const pageText = w.bottom - top;
  // A short table moves whole; so does one that fits a page when the page it leaves is at least
  // half full. Otherwise it starts with its caption, header and first rows.
  const whole = total <= pageText * SHORT_TABLE || (total <= pageText && (w.doc.y - top) / pageText >= SHORT_TABLE);
  const start = whole ? total : captionH + headerH + sum(heights.slice(0, FIRST_ROWS)) + (rows.length <= FIRST_ROWS ? sourceH : 0);
  return { size, colW, headerRuns, headerH, heights, caption, captionStyle, captionH, source, sourceStyle, sourceH, total, start };
}

/** How tall a table is as drawn, and how much of it must stand on the page it starts on. */
export function tableHeights(ctx: BlockContext, ...args: TableArgs): { total: number; start: number } {
  const { total, start } = tableLayout(ctx, ...args);
  return { total, start };
}

/**
 * A table drawn row by row: the header repeats on every page the table spans, a row that does not
 * fit the rest of a page moves whole to the next (pdfkit's tables do neither: #1657, #1613), the
 * last rows go over a page together, with the source line.
 */
export function drawTable(ctx: BlockContext, parent: Struct, ...args: TableArgs): void {
  const { w } = ctx;
  const [, , rows, , , align = []] = args;
  const { size, colW, headerRuns, headerH, heights, caption, captionStyle, captionH, source, sourceStyle, sourceH, start } = tableLayout(ctx, ...args);
  w.ensure(start);
  const table = w.doc.struct('Table');
  parent.add(table);
  if (caption) {
    ctx.tableCount.n++;
    w.block(table, 'Caption', caption, captionStyle);
    w.doc.y += captionH - w.heightOf(caption, captionStyle);
  }
  const rowHeight = (row: Run[][]) => heights[rows.indexOf(row)];
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
      const style: TextStyle = { size, bold: header, color: header ? 'FFFFFF' : w.theme.colors.text, dir: 'auto', ...(align[i] ? { align: align[i] } : {}) };
      const at = { x: xs[i] + CELL_PAD, y: y + CELL_PAD, width: colW[i] - 2 * CELL_PAD };
      if (tr) w.block(tr, header ? 'TH' : 'TD', runs, style, at, header ? { scope: 'Column' } : {});
      else w.artifactText(runs, style, at);
    });
    tr?.end();
    w.doc.x = w.left;
    w.doc.y = y + h;
  };
  const need = (from: number, to: number) => heights.slice(from, to).reduce((a, b) => a + b, 0) + rows.slice(from, to).reduce((a, row) => a + (w.footnotes?.extraFor(row.flat()) ?? 0), 0);
  drawRow(headerRuns, 'header', false);
  head.end();
  rows.forEach((row, ri) => {
    // The last rows go to a page together, with the source line.
    const keep = ri >= rows.length - LAST_ROWS ? need(ri, rows.length) + sourceH : need(ri, ri + 1);
    if (w.doc.y + keep > w.bottom) {
      w.doc.addPage();
      drawRow(headerRuns, 'repeated header', false);
    }
    drawRow(row, 'body', ri % 2 === 1);
  });
  body.end();
  table.end();
  w.doc.y += 4;
  if (source) w.paragraph(parent, [{ text: source }], sourceStyle);
  w.doc.y += 6;
}

/**
 * Column widths: in the given proportions (none narrower than its longest word), or else as a
 * browser lays out an automatic table, a narrow column never wrapped (autoColumnWidths).
 */
function columnWidths(w: Writer, columns: string[], rows: Run[][][], width: number, weights: number[] | undefined, size: number): number[] {
  const pad = 2 * CELL_PAD + 2;
  const cellText = (row: Run[][], i: number) => (row[i] ?? []).map((run) => run.text).join('');
  const texts = columns.map((c, i) => [c, ...rows.map((r) => cellText(r, i))]);
  w.doc.font('latin-bold').fontSize(size);
  const min = texts.map((t) => Math.max(...t.join(' ').split(/\s+/).map((word) => w.doc.widthOfString(word))) + pad);
  if (!weights) return autoColumnWidths(min, texts.map((t) => Math.max(...t.map((x) => w.doc.widthOfString(x))) + pad), width);
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((x, i) => Math.max(min[i], (x / total) * width));
  const scale = width / raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x * scale);
}

/** Headline figures as a two-column table: what the figure counts, and the figure in full (unit, context). */
export function keyFiguresTable(block: Extract<Block, { kind: 'tiles' }>, { messages }: Locale): TableArgs {
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const rows = block.tiles.map((t) => [[{ text: capital(t.long ? t.name ?? t.label : t.label) }], [{ text: t.long ?? t.value, bold: true, cite: t.source }]] as Run[][]);
  return [messages.report.keyFigures, messages.report.keyFigureColumns, rows, [], [3, 2]];
}

export function timelineTable(block: Extract<Block, { kind: 'timeline' }>, { messages }: Locale): TableArgs {
  const rows = block.items.map((i) => [[{ text: i.when, bold: true }], [{ text: i.text }]] as Run[][]);
  return [block.title, messages.report.timelineColumns, rows, block.sources, [1, 4]];
}

export function flowTable(block: Extract<Block, { kind: 'flow' }>, { messages }: Locale): TableArgs {
  const rows = block.steps.map((s, i) => [[{ text: `${i + 1}. ${s.title}`, bold: true }], [{ text: s.text || '—' }]] as Run[][]);
  return [block.title, messages.report.flowColumns, rows, block.sources, [1, 3]];
}

/** Cards have no order: they read as a list of titled points, the last citing the collection's sources. */
export function cardItems(block: Extract<Block, { kind: 'flow' }>, { messages }: Locale): { runs: Run[]; level: number }[] {
  return block.steps.map((card, i) => {
    const runs: Run[] = card.text ? [{ text: `${card.title}${messages.colon}`, bold: true }, { text: card.text }] : [{ text: card.title }];
    if (i === block.steps.length - 1) {
      block.sources.forEach((source, si) => (si === 0 ? (runs[runs.length - 1] = { ...runs[runs.length - 1], cite: source }) : runs.push({ text: '', cite: source })));
    }
    return { runs, level: 0 };
  });
}

export function drawKeyFigures(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'tiles' }>): void {
  drawTable(ctx, parent, ...keyFiguresTable(block, ctx.locale));
}

export function drawTimeline(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'timeline' }>): void {
  drawTable(ctx, parent, ...timelineTable(block, ctx.locale));
}

export function drawFlow(ctx: BlockContext, parent: Struct, block: Extract<Block, { kind: 'flow' }>): void {
  if (block.cards) return drawBullets(ctx, parent, cardItems(block, ctx.locale));
  drawTable(ctx, parent, ...flowTable(block, ctx.locale));
}
