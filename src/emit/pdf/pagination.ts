// Where the report's pages break. Every block knows how tall it is as drawn and how much of it must
// stand on the page it starts on; headings and lead-ins keep with the start of what follows them, a
// chapter opens a new page only when the page it would share is already more than half full.
import type { Block } from '../../types.ts';
import { bulletHeights, cardItems, figureLayout, flowTable, keyFiguresTable, listStart, tableHeights, timelineTable, type BlockContext } from './blocks.ts';
import { calloutHeight, pictureHeight } from './pictures.ts';
import type { TextStyle, Writer } from './writer.ts';

/** Space a chapter heading leaves above it when it opens on a page that has text already. */
export const CHAPTER_GAP = 28;
/** A chapter shares the page before it when that page is less full than this (of its text area). */
const CHAPTER_SHARES_BELOW = 0.5;

export function bodyStyle(w: Writer): TextStyle {
  return { size: w.theme.report.bodySize, lineGap: 2.5, dir: 'auto' };
}

/** A paragraph that ends in a colon (before its citations) introduces the block after it. */
export function introduces(block: Block | undefined): block is Extract<Block, { kind: 'paragraph' }> {
  return block?.kind === 'paragraph' && block.runs.map((r) => r.text).join('').trimEnd().endsWith(':');
}

/**
 * Room blocks[i] must find on the page it starts on: the part of it that may not be left behind
 * (all of a kept block, the first lines of a long one), and for a lead-in all of it and that part
 * of what it introduces.
 */
export function startHeight(ctx: BlockContext, blocks: Block[], i: number): number {
  const block = blocks[i];
  if (!block) return 0;
  if (!introduces(block)) return blockHeights(ctx, block).start;
  return blockHeights(ctx, block).total + startHeight(ctx, blocks, i + 1);
}

/** How tall a block is as drawn (total), and how much of it must stand on its first page (start). */
export function blockHeights(ctx: BlockContext, block: Block): { total: number; start: number } {
  const { w } = ctx;
  switch (block.kind) {
    case 'paragraph': {
      const h = w.heightOf(block.runs, bodyStyle(w)) + w.theme.report.bodySize * 0.6;
      return { total: h, start: h };
    }
    case 'bullets': {
      const heights = bulletHeights(w, block.items);
      const total = heights.reduce((a, b) => a + b, 0) + w.theme.report.bodySize * 0.4;
      return { total, start: listStart(heights) };
    }
    case 'chart': {
      // A figure may shrink to its smallest to stay on the page: that much must fit.
      return { total: figureLayout(ctx, block.chartId).total, start: figureLayout(ctx, block.chartId, 0).total };
    }
    case 'flow':
      if (block.cards) return blockHeights(ctx, { kind: 'bullets', items: cardItems(block, ctx.locale) });
      return tableHeights(ctx, ...flowTable(block, ctx.locale));
    case 'timeline': return tableHeights(ctx, ...timelineTable(block, ctx.locale));
    case 'tiles': return tableHeights(ctx, ...keyFiguresTable(block, ctx.locale));
    case 'table': return tableHeights(ctx, block.title, block.columns, block.rows, block.sources);
    case 'image': {
      const h = pictureHeight(ctx, block);
      return { total: h, start: h };
    }
    case 'callout': {
      // Never split: all of it stands on one page.
      const h = calloutHeight(ctx, block);
      return { total: h, start: h };
    }
  }
}

/** The pages' chapter rule: a chapter starts a new page unless the current one is less than half full. */
export function chapterNeedsPage(w: Writer, top: number, needed: number): boolean {
  const used = (w.doc.y - top) / (w.bottom - top);
  if (used >= CHAPTER_SHARES_BELOW) return true;
  return w.doc.y + CHAPTER_GAP + needed > w.bottom;
}
