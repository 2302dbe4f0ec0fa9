// Headline figures as number tiles: the value large (on one line when it can be), its label small.
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

/** Sizes inside tiles of a row width and height: the value's size and box height, the label's size. */
interface TileSizes { value: number; valueH: number; label: number; labelH: number }

function tileSizes(block: Tiles, box: { w: number; h: number }, ctx: DrawContext): TileSizes {
  const inner = tileWidth(box.w, block.tiles.length) - 2 * PAD;
  const value = tileValueSize(block, inner, box.h * 0.45, ctx);
  const valueH = Math.max(...block.tiles.map((t) => ctx.m.wrap(t.value, value, inner * PT_PER_IN * WIDTH_SAFETY, true).length * ctx.m.lineHeight(t.value, value))) / PT_PER_IN;
  const labelBox = { w: inner, h: box.h - valueH - 2 * PAD - LABEL_GAP };
  // Labels are small print: the scale's smaller step.
  const label = ctx.theme.deck.minBodySize;
  return { value, valueH, label, labelH: labelBox.h };
}

/** The height tiles need (at most `max`): a tile holds its value and label, not a large empty panel. */
export function tilesHeight(block: Tiles, width: number, max: number, ctx: DrawContext): number {
  const sizes = tileSizes(block, { w: width, h: max }, ctx);
  const inner = tileWidth(width, block.tiles.length) - 2 * PAD;
  const labelH = Math.max(...block.tiles.map((t) => parasHeight([labelPara(t)], sizes.label, inner, ctx.m, ctx.numbers)));
  return Math.min(max, Math.max(MIN_H, 2 * PAD + sizes.valueH + LABEL_GAP + labelH + 0.2));
}

export function drawTiles(slide: Slide, ctx: DrawContext, block: Tiles, box: Box): void {
  const { theme } = ctx;
  const w = tileWidth(box.w, block.tiles.length);
  const inner = w - 2 * PAD;
  const sizes = tileSizes(block, box, ctx);
  block.tiles.forEach((tile, i) => {
    const x = box.x + i * (w + GAP);
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y: box.y, w, h: box.h, fill: { color: theme.colors.panel }, line: { color: theme.colors.panel } });
    slide.addShape(ctx.pptx.ShapeType.rect, { x, y: box.y, w: 0.08, h: box.h, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    slide.addText([{ text: ctx.m.keep(tile.value, sizes.value, inner * PT_PER_IN * WIDTH_SAFETY, true), options: { bold: true, fontSize: sizes.value, color: theme.colors.primary } }], {
      x: x + PAD, y: box.y + PAD, w: inner, h: sizes.valueH, fontFace: fontFace(ctx), valign: 'bottom', margin: 0, fit: 'none',
    });
    slide.addText(textRuns([labelPara(tile)], sizes.label, theme.colors.muted, ctx, inner), {
      x: x + PAD, y: box.y + PAD + sizes.valueH + LABEL_GAP, w: inner, h: sizes.labelH, fontFace: fontFace(ctx), valign: 'top', margin: 0, fit: 'none',
    });
  });
}

const tileWidth = (rowW: number, n: number) => (rowW - GAP * (n - 1)) / n;

/**
 * One size for every value, so the row reads evenly: the largest at which each value stays on one
 * line ("below CNY 0.5" broken after "CNY" reads badly); else the largest at which they fit wrapped.
 */
function tileValueSize(block: Tiles, innerW: number, maxH: number, ctx: DrawContext): number {
  for (let size = VALUE_MAX; size >= VALUE_MIN; size--) {
    if (block.tiles.every((t) => ctx.m.wrap(t.value, size, innerW * PT_PER_IN * WIDTH_SAFETY, true).length === 1)) return size;
  }
  return Math.min(...block.tiles.map((t) => fitSize([{ runs: [{ text: t.value, bold: true }], level: 0, bullet: false }], { w: innerW, h: maxH }, VALUE_MAX, 20, ctx.m, ctx.numbers) ?? 20));
}

function labelPara(tile: { label: string; source: string }): Para {
  return { runs: [{ text: tile.label, cite: tile.source }], level: 0, bullet: false };
}
