// A timeline drawn as shapes: a line across, a dot per item, the date above and the text below.
import type { Slide } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { bodySizes, fitScale, parasHeight, WIDTH_SAFETY, type Para } from './text.ts';

type Item = { when: string; text: string };

/** The narrowest column an item gets: more items than fit at this width go on a continuation slide. */
const ITEM_MIN_W = 1.5;

/** Most items one line can hold at a readable size in a width (8 on a 16:9 slide, 5 on a 4:3 one). */
export const timelinePerSlide = (width: number): number => Math.max(2, Math.floor(width / ITEM_MIN_W));
/** From the top of the drawing: the date labels, then the line, then the texts. */
const WHEN_H = 0.6;
const LINE_Y = 0.75;
const TEXT_Y = 1.0;
const COLUMN_GAP = 0.15;

const para = (text: string): Para => ({ runs: [{ text }], level: 0, bullet: false });
const columnWidth = (box: Box, n: number) => box.w / n - COLUMN_GAP;

/** The body sizes, largest first, at which every text fits its column under the line in the box. */
export function timelineTextSizes(items: Item[], box: Box, ctx: DrawContext): number[] {
  const column = { w: columnWidth(box, items.length), h: box.h - TEXT_Y };
  // Every word whole on its line (a line may end after a hyphen): a wider word would be split across two.
  const wordsFit = (size: number) => items.every((i) => i.text.split(/\s+|(?<=-)/).every((w) => ctx.m.width(w, size) <= column.w * PT_PER_IN * WIDTH_SAFETY));
  return bodySizes(ctx.theme).filter((size) => wordsFit(size) && items.every((i) => fitScale([para(i.text)], column, [size], ctx.m, ctx.numbers) !== undefined));
}

/** How tall the timeline is at a text size: the dates, the line, and its longest text. */
export function timelineHeight(items: Item[], width: number, textSize: number, ctx: DrawContext): number {
  const column = columnWidth({ x: 0, y: 0, w: width, h: 0 }, items.length);
  return TEXT_Y + Math.max(...items.map((i) => parasHeight([para(i.text)], textSize, column, ctx.m, ctx.numbers)));
}

/** The timeline from the top of the box: it is only as tall as its longest text. */
export function drawTimeline(slide: Slide, ctx: DrawContext, items: Item[], box: Box, textSize: number): void {
  const { theme, pptx } = ctx;
  const colW = box.w / items.length;
  const top = box.y;
  const lineY = top + LINE_Y;
  slide.addShape(pptx.ShapeType.line, { x: box.x, y: lineY, w: box.w, h: 0, line: { color: theme.colors.rule, width: 2 } });
  items.forEach((item, i) => {
    const x = box.x + i * colW;
    const when = whenSize(items, colW, ctx);
    slide.addText([{ text: ctx.m.keep(item.when, when, whenRoom(colW), true), options: { bold: true, color: theme.colors.primary, fontSize: when } }], {
      x: x + 0.05, y: top, w: colW - 0.1, h: WHEN_H, fontFace: fontFace(ctx), valign: 'bottom', margin: 0, fit: 'none',
    });
    slide.addShape(pptx.ShapeType.ellipse, { x: x + 0.05, y: lineY - 0.1, w: 0.2, h: 0.2, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    slide.addText([{ text: ctx.m.keep(item.text, textSize, columnWidth(box, items.length) * PT_PER_IN * WIDTH_SAFETY), options: { color: theme.colors.text, fontSize: textSize } }], {
      x: x + 0.05, y: top + TEXT_Y, w: columnWidth(box, items.length), h: box.y + box.h - (top + TEXT_Y), fontFace: fontFace(ctx), valign: 'top', margin: 0, fit: 'none',
    });
  });
}

/** The date labels' size: the body size unless a label would not fit its column on one line. */
const whenRoom = (colW: number) => (colW - 0.1) * PT_PER_IN * WIDTH_SAFETY;

function whenSize(items: Item[], colW: number, ctx: DrawContext): number {
  const room = whenRoom(colW);
  const sizes = bodySizes(ctx.theme);
  return sizes.find((size) => items.every((i) => ctx.m.wrap(i.when, size, room, true).length === 1)) ?? sizes[sizes.length - 1];
}
