// Headline figures as number tiles: the value large and on one line, its label small. Tiles sit in
// one row when every value fits its tile on one line, else in two rows if that lets them (four tiles
// as two by two); all values share one size and, row by row, one baseline.
import type { Slide } from './pptxgen.ts';
import type { Block } from '../../types.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { fitSize, parasHeight, textRuns, WIDTH_SAFETY, type Para } from './text.ts';

type Tiles = Extract<Block, { kind: 'tiles' }>;

/** Tile row height when text follows the tiles on the slide. */
export const TILE_HEIGHT = 2.4;
const GAP = 0.3;
const PAD = 0.2;
const VALUE_MAX = 40;
const VALUE_MIN = 24;
const LABEL_GAP = 0.1;
const MIN_H = 1.8;
const MAX_ROWS = 2;

/** How the tiles sit in a width: columns per row, rows, the value's size and line height, the label's size. */
interface TileGrid { columns: number; rows: number; inner: number; value: number; valueH: number; label: number }

function grid(block: Tiles, width: number, ctx: DrawContext): TileGrid {
  const n = block.tiles.length;
  const label = ctx.theme.deck.minBodySize; // labels are small print: the scale's smaller step
  const oneLine = (columns: number) => {
    const inner = tileWidth(width, columns) - 2 * PAD;
    for (let size = VALUE_MAX; size >= VALUE_MIN; size--) {
      if (block.tiles.every((t) => ctx.m.wrap(t.value, size, inner * PT_PER_IN * WIDTH_SAFETY, true).length === 1)) return { inner, size };
    }
    return undefined;
  };
  // One row, or two (never a column of single tiles).
  for (let rows = 1; rows <= Math.min(MAX_ROWS, n); rows++) {
    const columns = Math.ceil(n / rows);
    if (Math.ceil(n / columns) !== rows || (columns < 2 && n > 1)) continue;
    const fit = oneLine(columns);
    if (fit) return { columns, rows, inner: fit.inner, value: fit.size, valueH: lineH(block, fit.size, ctx), label };
  }
  // Some value fits no line: the widest tiles the rows allow, each value wrapped between its words at
  // the largest size that fits, and no larger than its longest word allows (never "merchant/s").
  const columns = Math.ceil(n / Math.min(MAX_ROWS, n));
  const inner = tileWidth(width, columns) - 2 * PAD;
  const line = inner * PT_PER_IN * WIDTH_SAFETY;
  const wordsFit = (size: number) => block.tiles.every((t) => t.value.split(/\s+/).every((w) => ctx.m.wrap(w, size, line, true).length === 1));
  let value = Math.min(...block.tiles.map((t) => fitSize([{ runs: [{ text: t.value, bold: true }], level: 0, bullet: false }], { w: inner, h: 1.4 }, VALUE_MAX, 20, ctx.m, ctx.numbers) ?? 20));
  while (value > label && !wordsFit(value)) value--;
  const valueH = Math.max(...block.tiles.map((t) => ctx.m.wrap(t.value, value, line, true).length)) * lineH(block, value, ctx);
  return { columns, rows: Math.ceil(n / columns), inner, value, valueH, label };
}

const lineH = (block: Tiles, size: number, ctx: DrawContext) => Math.max(...block.tiles.map((t) => ctx.m.lineHeight(t.value, size))) / PT_PER_IN;

/** Height of one row of tiles (at least `min`, at most `max`): a tile holds its value and label, not a large empty panel. */
function rowHeight(block: Tiles, g: TileGrid, min: number, max: number, ctx: DrawContext): number {
  const labelH = Math.max(...block.tiles.map((t) => parasHeight([labelPara(t, citesEach(block))], g.label, g.inner, ctx.m, ctx.numbers)));
  return Math.min(max, Math.max(min, 2 * PAD + g.valueH + LABEL_GAP + labelH + 0.2));
}

/**
 * The height the tiles need: their rows, each at most `maxRow` tall, and at least MIN_H (a row across
 * the slide) or, with `snug`, only as tall as its text (tiles in a column beside a chart).
 */
export function tilesHeight(block: Tiles, width: number, maxRow: number, ctx: DrawContext, snug = false): number {
  const g = grid(block, width, ctx);
  return g.rows * rowHeight(block, g, snug ? 0 : MIN_H, maxRow, ctx) + (g.rows - 1) * GAP;
}

export function drawTiles(slide: Slide, ctx: DrawContext, block: Tiles, box: Box): void {
  const { theme } = ctx;
  const g = grid(block, box.w, ctx);
  const w = tileWidth(box.w, g.columns);
  const h = (box.h - (g.rows - 1) * GAP) / g.rows;
  const labelH = h - 2 * PAD - g.valueH - LABEL_GAP;
  block.tiles.forEach((tile, i) => {
    const x = box.x + (i % g.columns) * (w + GAP);
    const y = box.y + Math.floor(i / g.columns) * (h + GAP);
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y, w, h, fill: { color: theme.colors.panel }, line: { color: theme.colors.panel } });
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y, w: 0.08, h, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    slide.addText([{ text: ctx.m.keep(tile.value, g.value, g.inner * PT_PER_IN * WIDTH_SAFETY, true), options: { bold: true, fontSize: g.value, color: theme.colors.primary } }], {
      x: x + PAD, y: y + PAD, w: g.inner, h: g.valueH, fontFace: fontFace(ctx), valign: 'bottom', margin: 0, fit: 'none',
    });
    slide.addText(textRuns([labelPara(tile, citesEach(block))], g.label, theme.colors.muted, ctx, g.inner), {
      x: x + PAD, y: y + PAD + g.valueH + LABEL_GAP, w: g.inner, h: labelH, fontFace: fontFace(ctx), valign: 'top', margin: 0, fit: 'none',
    });
  });
}

const tileWidth = (rowW: number, n: number) => (rowW - GAP * (n - 1)) / n;

/** A tile's label, citing its figure's source unless the slide's one source line already does. */
function labelPara(tile: { label: string; source: string }, cite: boolean): Para {
  return { runs: [{ text: tile.label, ...(cite ? { cite: tile.source } : {}) }], level: 0, bullet: false };
}

/** Tiles whose figures come from more than one source cite each on its label. */
const citesEach = (block: Tiles) => new Set(block.tiles.map((t) => t.source)).size > 1;
