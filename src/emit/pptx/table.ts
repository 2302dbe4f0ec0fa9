// Tables: column widths from the measured text, the largest size that needs the fewest slides, rows
// paged with the header repeated, and every row's height written so the frame is as tall as its rows.
import type { Slide, TableCell, TextProps } from './pptxgen.ts';
import type { CellAlign, Run } from '../../types.ts';
import { autoColumnWidths } from '../common.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { bodySizes, citeText, runsPlainText } from './text.ts';

/** Cell margin on every side, in points. */
const CELL_MARGIN = 4;
/** Room for the border and rounding, in points, on top of the lines of a row. */
const ROW_EXTRA = 2;
/** Our line breaking and the viewer's differ a little: measure as if the cell were this much narrower. */
const WIDTH_SAFETY = 0.95;

export interface TablePlan {
  size: number;
  colW: number[];
  headerH: number;
  /** The rows of each slide. */
  pages: { rows: Run[][][]; heights: number[] }[];
}

/** An empty cell makes PowerPoint repair the file (PptxGenJS #1168): it says "—" instead. */
const cellText = (runs: Run[], numbers: Map<string, number>) => runsPlainText(runs, numbers) || '—';

/** The largest body size at which the table takes the fewest slides, and its rows spread evenly over them. */
export function planTable(columns: string[], rows: Run[][][], box: Box, ctx: DrawContext): TablePlan {
  const header = columns.map((c) => [{ text: c, bold: true }]);
  const plans = bodySizes(ctx.theme).map((size) => {
    const colW = columnWidths([header, ...rows], box.w, size, ctx);
    const headerH = rowHeight(header, colW, size, ctx, true);
    const heights = rows.map((r) => rowHeight(r, colW, size, ctx));
    return { size, colW, headerH, pages: paginate(rows, heights, box.h - headerH) };
  });
  const fewest = Math.min(...plans.map((p) => p.pages.length));
  return plans.find((p) => p.pages.length === fewest)!;
}

/** Rows into pages of at most `room` inches; as many pages as needed, each about equally full. */
function paginate(rows: Run[][][], heights: number[], room: number): TablePlan['pages'] {
  const greedy = (limit: number) => {
    const pages: TablePlan['pages'] = [];
    let page: TablePlan['pages'][number] = { rows: [], heights: [] };
    let used = 0;
    rows.forEach((row, i) => {
      if (page.rows.length && used + heights[i] > limit) {
        pages.push(page);
        page = { rows: [], heights: [] };
        used = 0;
      }
      page.rows.push(row);
      page.heights.push(heights[i]);
      used += heights[i];
    });
    if (page.rows.length || !pages.length) pages.push(page);
    return pages;
  };
  const pages = greedy(room);
  if (pages.length < 2) return pages;
  // The same number of pages with the least full page as full as possible: lower the limit while it holds.
  const total = heights.reduce((a, b) => a + b, 0);
  for (let limit = total / pages.length; limit < room; limit += 0.05) {
    const even = greedy(limit);
    if (even.length === pages.length) return even;
  }
  return pages;
}

/**
 * Column widths (inches) as a browser lays out an automatic table: each column gets its longest
 * word, and the rest of the width goes where the text is longest on one line.
 */
function columnWidths(rows: Run[][][], width: number, size: number, ctx: DrawContext): number[] {
  const pad = 2 * CELL_MARGIN;
  const cols = rows[0].length;
  const min: number[] = Array(cols).fill(0);
  const max: number[] = Array(cols).fill(0);
  rows.forEach((row, ri) => row.forEach((cell, ci) => {
    const text = cellText(cell, ctx.numbers);
    const bold = ri === 0;
    max[ci] = Math.max(max[ci], ctx.m.width(text, size, bold) / WIDTH_SAFETY + pad);
    min[ci] = Math.max(min[ci], ctx.m.widestPiece(text, size, bold) / WIDTH_SAFETY + pad);
  }));
  return autoColumnWidths(min, max, width * PT_PER_IN).map((p) => p / PT_PER_IN);
}

/** The width (points) a cell's lines are measured and kept together in, for a column width (inches). */
const cellLine = (colW: number) => (colW * PT_PER_IN - 2 * CELL_MARGIN) * WIDTH_SAFETY;

/** Height (inches) of a row at a size: its tallest cell's lines, the cell margins and the border. */
export function rowHeight(row: Run[][], colW: number[], size: number, ctx: DrawContext, bold = false): number {
  const tallest = Math.max(...row.map((cell, i) => {
    const text = cellText(cell, ctx.numbers);
    const lines = ctx.m.wrap(text, size, cellLine(colW[i]), bold).length;
    return lines * ctx.m.lineHeight(text, size);
  }));
  return (tallest + 2 * CELL_MARGIN + ROW_EXTRA) / PT_PER_IN;
}

/** One page of a table: the header row, then the page's rows, banded. */
export function drawTable(slide: Slide, ctx: DrawContext, columns: string[], plan: TablePlan, page: TablePlan['pages'][number], box: Box, align: CellAlign[] = []): void {
  const { theme } = ctx;
  const cell = (runs: Run[], header: boolean, column: number): TableCell => {
    const parts: TextProps[] = [];
    for (const r of runs) {
      if (r.text) parts.push({ text: ctx.m.keep(r.text, plan.size, cellLine(plan.colW[column]), header || r.bold), options: { bold: header || r.bold, italic: r.italic } });
      if (r.cite) parts.push({ text: citeText(ctx.numbers, r.cite), options: { superscript: true } });
    }
    if (!parts.length) parts.push({ text: '—' });
    return { text: parts, options: header ? { fill: { color: theme.colors.primary }, color: 'FFFFFF', bold: true } : {} };
  };
  const body = page.rows.map((row, ri) => row.map((c, ci) => {
    const made = cell(c, false, ci);
    if (ri % 2 === 1) made.options = { ...made.options, fill: { color: theme.colors.panel } };
    // A pipe table's column alignment (| --: |), as the template wrote it.
    if (align[ci]) made.options = { ...made.options, align: align[ci] };
    return made;
  }));
  const rowH = [plan.headerH, ...page.heights];
  slide.addTable([columns.map((c, ci) => cell([{ text: c }], true, ci)), ...body], {
    x: box.x, y: box.y, w: box.w, h: rowH.reduce((a, b) => a + b, 0), colW: plan.colW, rowH,
    fontFace: fontFace(ctx), fontSize: plan.size, color: theme.colors.text,
    border: { type: 'solid', pt: 0.75, color: theme.colors.rule }, valign: 'top', margin: CELL_MARGIN, autoPage: false,
  });
}
