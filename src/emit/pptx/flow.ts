// A flow drawn as shapes: boxes left to right joined by arrows, each a step's title and text.
import type { Slide, TextProps } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { parasHeight, type Para } from './text.ts';

type Step = { title: string; text: string };

export interface FlowLayout {
  /** Title and text sizes in points. */
  title: number;
  text: number;
  /** Height of the boxes, in inches. */
  h: number;
}

const ARROW = 0.4;
const PAD_X = 0.15;
const PAD_TOP = 0.2;
const PAD_BOTTOM = 0.15;
/** Space between a step's title and its text, in points (paraSpaceAfter of the title). */
const TITLE_GAP = 6;
/** Boxes never look squat, however short their text. */
const MIN_H = 2.0;

const para = (text: string, bold = false): Para[] => [{ runs: [{ text, bold }], level: 0, bullet: false }];
const boxWidth = (w: number, n: number) => (w - ARROW * (n - 1)) / n;

/**
 * The largest text size (16 down to 12 pt, titles two points larger) at which every step fits a box
 * no taller than `room`, and the height the boxes need at that size.
 */
export function layoutFlow(steps: Step[], width: number, room: number, ctx: DrawContext): FlowLayout {
  const inner = boxWidth(width, steps.length) - 2 * PAD_X;
  const needed = (text: number) => Math.max(...steps.map((s) => parasHeight(para(s.title, true), text + 2, inner, ctx.m, ctx.numbers)
    + (s.text ? TITLE_GAP / PT_PER_IN + parasHeight(para(s.text), text, inner, ctx.m, ctx.numbers) : 0))) + PAD_TOP + PAD_BOTTOM;
  for (let text = 16; text >= 12; text--) {
    const h = needed(text);
    if (h <= room) return { title: text + 2, text, h: Math.min(room, Math.max(MIN_H, h)) };
  }
  return { title: 14, text: 12, h: room };
}

export function drawFlow(slide: Slide, ctx: DrawContext, steps: Step[], box: Box, layout: FlowLayout): void {
  const { theme, pptx } = ctx;
  const w = boxWidth(box.w, steps.length);
  steps.forEach((step, i) => {
    const x = box.x + i * (w + ARROW);
    slide.addShape(pptx.ShapeType.roundRect, { x, y: box.y, w, h: box.h, fill: { color: theme.colors.panel }, line: { color: theme.colors.rule, width: 1 }, rectRadius: 0.08 });
    slide.addShape(pptx.ShapeType.rect, { x, y: box.y, w, h: 0.08, fill: { color: theme.colors.primary }, line: { color: theme.colors.primary } });
    const paras: TextProps[] = [{ text: step.title, options: { bold: true, color: theme.colors.primary, fontSize: layout.title, breakLine: Boolean(step.text), paraSpaceAfter: TITLE_GAP } }];
    if (step.text) paras.push({ text: step.text, options: { color: theme.colors.text, fontSize: layout.text } });
    slide.addText(paras, { x: x + PAD_X, y: box.y + PAD_TOP, w: w - 2 * PAD_X, h: box.h - PAD_TOP - PAD_BOTTOM, fontFace: fontFace(ctx), valign: 'top', margin: 0, fit: 'none' });
    if (i < steps.length - 1) {
      slide.addShape(pptx.ShapeType.rightArrow, { x: x + w + 0.07, y: box.y + box.h / 2 - 0.15, w: ARROW - 0.14, h: 0.3, fill: { color: theme.colors.accent }, line: { color: theme.colors.accent } });
    }
  });
}
