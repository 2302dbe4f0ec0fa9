// A call-out on a slide: the key message in a panel with an accent bar, larger and bolder than the
// body text, across the content (above it when the section starts with it, else under it), or alone
// in the middle of a slide that has nothing else.
import type { Slide } from './pptxgen.ts';
import type { Block } from '../../types.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { bodySizes, fitScale, parasHeight, textRuns, type Para } from './text.ts';

type Callout = Extract<Block, { kind: 'callout' }>;

const PAD = 0.18;
const BAR = 0.1;
/** The message's largest size over the body's, and the share of the content it may take. */
const LARGER_BY = 4;
const MAX_SHARE = 0.45;

export interface CalloutPlan { size: number; h: number; paras: Para[]; titleH: number }

/**
 * The call-out's size and height in a width: the first size of the deck's type scale, led by one step
 * above the body's (or `largest`), at which it fits `maxH`; at the smallest, as tall as it needs. Its
 * heading ("Key message") is at the scale's smaller step.
 */
export function planCallout(block: Callout, width: number, ctx: DrawContext, maxH: number, largest = ctx.theme.deck.bodySize + LARGER_BY): CalloutPlan {
  const { deck } = ctx.theme;
  const paras: Para[] = block.paragraphs.map((runs) => ({ runs: runs.map((r) => ({ ...r, bold: true })), level: 0, bullet: false }));
  const titleH = block.title ? (ctx.m.lineHeight(block.title, deck.minBodySize) * 1.25) / PT_PER_IN : 0;
  const inner = { w: width - 2 * PAD - BAR, h: maxH - 2 * PAD - titleH };
  const sizes = [...new Set([Math.max(largest, deck.minBodySize), ...bodySizes(ctx.theme)])].sort((a, b) => b - a);
  const size = fitScale(paras, inner, sizes, ctx.m, ctx.numbers) ?? deck.minBodySize;
  const h = 2 * PAD + titleH + parasHeight(paras, size, inner.w, ctx.m, ctx.numbers);
  return { size, h, paras, titleH };
}

/** The most of the content a call-out band may take. */
export const calloutRoom = (content: Box) => content.h * MAX_SHARE;

export function drawCallout(slide: Slide, ctx: DrawContext, block: Callout, plan: CalloutPlan, box: Box): void {
  const c = ctx.theme.colors;
  slide.addShape(ctx.pptx.ShapeType.rect, { x: box.x, y: box.y, w: box.w, h: plan.h, fill: { color: c.panel }, line: { color: c.panel } });
  slide.addShape(ctx.pptx.ShapeType.rect, { x: box.x, y: box.y, w: BAR, h: plan.h, fill: { color: c.accent }, line: { color: c.accent } });
  const x = box.x + BAR + PAD;
  const w = box.w - BAR - 2 * PAD;
  if (block.title) {
    slide.addText(block.title, { x, y: box.y + PAD, w, h: plan.titleH, fontFace: fontFace(ctx), fontSize: ctx.theme.deck.minBodySize, bold: true, color: c.accent, valign: 'top', margin: 0, fit: 'none' });
  }
  slide.addText(textRuns(plan.paras, plan.size, c.primary, ctx, w), {
    x, y: box.y + PAD + plan.titleH, w, h: plan.h - 2 * PAD - plan.titleH, fontFace: fontFace(ctx), valign: 'top', margin: 0, fit: 'none',
  });
}
