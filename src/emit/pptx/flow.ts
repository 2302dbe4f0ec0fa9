// A flow drawn as shapes: boxes left to right joined by arrows, each a step's title and text; as
// cards, the same boxes side by side without arrows. Every box's text starts at the same height,
// whatever the length of its title.
import type { Slide } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { bodySizes, parasHeight, WIDTH_SAFETY, type Para } from './text.ts';

type Step = { title: string; text: string };

export interface FlowLayout {
  /** Title and text sizes in points. */
  title: number;
  text: number;
  /** Height of the titles' band (the tallest title), in inches. */
  titleH: number;
  /** Height of the boxes, in inches. */
  h: number;
  /** Space between the boxes: an arrow's width, or a gutter between cards. */
  gap: number;
}

const ARROW = 0.4;
const CARD_GAP = 0.3;
const PAD_X = 0.15;
const PAD_TOP = 0.2;
const PAD_BOTTOM = 0.15;
/** Space between the titles' band and the texts, in inches. */
const TITLE_GAP = 0.08;
/** Boxes never look squat, however short their text. */
const MIN_H = 1.2;

const para = (text: string, bold = false): Para[] => [{ runs: [{ text, bold }], level: 0, bullet: false }];
const boxWidth = (w: number, n: number, gap: number) => (w - gap * (n - 1)) / n;

/**
 * The sizes of the type scale (titles never smaller than texts) at which every step fits a box no
 * taller than `room`, largest first, and the height the boxes need at those sizes.
 */
export function layoutFlow(steps: Step[], width: number, room: number, ctx: DrawContext, arrows: boolean): FlowLayout;
/** The same, but only a layout that `accept` takes; undefined when none is. */
export function layoutFlow(steps: Step[], width: number, room: number, ctx: DrawContext, arrows: boolean, accept: (layout: FlowLayout) => boolean): FlowLayout | undefined;
export function layoutFlow(steps: Step[], width: number, room: number, ctx: DrawContext, arrows: boolean, accept?: (layout: FlowLayout) => boolean): FlowLayout | undefined {
  const gap = arrows ? ARROW : CARD_GAP;
  const inner = boxWidth(width, steps.length, gap) - 2 * PAD_X;
  const measure = (title: number, text: number) => {
    const titleH = Math.max(...steps.map((s) => parasHeight(para(s.title, true), title, inner, ctx.m, ctx.numbers)));
    const textH = Math.max(0, ...steps.map((s) => (s.text ? parasHeight(para(s.text), text, inner, ctx.m, ctx.numbers) : 0)));
    return { titleH, h: PAD_TOP + titleH + (textH ? TITLE_GAP + textH : 0) + PAD_BOTTOM };
  };
  const sizes = bodySizes(ctx.theme);
  const pairs = sizes.flatMap((title) => sizes.filter((text) => text <= title).map((text) => ({ title, text })));
  for (const { title, text } of pairs) {
    const { titleH, h } = measure(title, text);
    const layout = { title, text, titleH, h: Math.min(room, Math.max(MIN_H, h)), gap };
    if (h <= room && (!accept || accept(layout))) return layout;
  }
  if (accept) return undefined;
  const smallest = sizes[sizes.length - 1];
  return { title: smallest, text: smallest, titleH: measure(smallest, smallest).titleH, h: room, gap };
}

export function drawFlow(slide: Slide, ctx: DrawContext, steps: Step[], box: Box, layout: FlowLayout): void {
  const { theme, pptx } = ctx;
  const w = boxWidth(box.w, steps.length, layout.gap);
  const arrows = layout.gap === ARROW;
  steps.forEach((step, i) => {
    const x = box.x + i * (w + layout.gap);
    slide.addShape(pptx.ShapeType.roundRect, { x, y: box.y, w, h: box.h, fill: { color: theme.colors.panel }, line: { color: theme.colors.rule, width: 1 }, rectRadius: 0.08 });
    slide.addShape(pptx.ShapeType.rect, { x, y: box.y, w, h: 0.08, fill: { color: theme.colors.primary }, line: { color: theme.colors.primary } });
    const textBox = { x: x + PAD_X, w: w - 2 * PAD_X, fontFace: fontFace(ctx), margin: 0, fit: 'none' as const };
    const line = (w - 2 * PAD_X) * PT_PER_IN * WIDTH_SAFETY;
    slide.addText([{ text: ctx.m.keep(step.title, layout.title, line, true), options: { bold: true, color: theme.colors.primary, fontSize: layout.title } }], {
      ...textBox, y: box.y + PAD_TOP, h: layout.titleH, valign: 'top',
    });
    if (step.text) {
      const top = box.y + PAD_TOP + layout.titleH + TITLE_GAP;
      slide.addText([{ text: ctx.m.keep(step.text, layout.text, line), options: { color: theme.colors.text, fontSize: layout.text } }], {
        ...textBox, y: top, h: box.y + box.h - PAD_BOTTOM - top, valign: 'top',
      });
    }
    if (arrows && i < steps.length - 1) {
      slide.addShape(pptx.ShapeType.rightArrow, { x: x + w + 0.07, y: box.y + box.h / 2 - 0.15, w: ARROW - 0.14, h: 0.3, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    }
  });
}
