// Points that each open with a bold lead-in ("**Prices:** whether usage prices fall…"), alone on a
// slide, as rows: the lead-in in a column of its own, its text beside it, a rule between rows, the
// rows spread down the body. A list of three to seven such points drawn as plain bullets filled the
// top of the slide and left its lower half empty; as rows it reads as a table of messages.
import type { Slide } from './pptxgen.ts';
import { fontFace, type DrawContext } from './context.ts';
import { GAP, PT_PER_IN, type Box } from './geometry.ts';
import { bodySizes, parasHeight, textRuns, type Para } from './text.ts';

/** Fewer points than this read better as bullets. */
const MIN_ROWS = 3;
/** The lead-in column: as wide as the widest lead-in on one line, within these shares of the width. */
const LEAD_MIN = 0.16;
const LEAD_MAX = 0.32;
/** Space between a rule and the text of a row, in inches. */
const PAD = 0.1;
/** The most a row grows beyond its text when the rows spread down the body, in inches. */
const MAX_SPREAD = 0.6;

export interface Row { lead: Para; text: Para; h: number }
export interface RowsPlan { size: number; leadW: number; rows: Row[] }

/** A point split at its lead-in: the bold run it opens with (its closing colon dropped: the column says it), and the rest. */
function splitLeadIn(p: Para): { lead: Para; text: Para } | undefined {
  const [first, ...rest] = p.runs;
  if (!p.bullet || p.level > 0 || p.number !== undefined || !first?.bold || !first.text.trim()) return undefined;
  if (!rest.some((r) => r.text.trim()) || rest.some((r) => r.bold && r.text.trim())) return undefined;
  const lead = { ...first, text: first.text.trim().replace(/\s*[:：]$/, '') };
  const [head, ...tail] = rest;
  const text = [{ ...head, text: head.text.replace(/^[\s:：]+/, '') }, ...tail];
  return { lead: { runs: [lead], level: 0, bullet: false }, text: { runs: text, level: 0, bullet: false } };
}

/**
 * The rows of paragraphs in a box, at the largest size of the type scale (and no smaller than
 * `atLeast`) at which they all fit; undefined when the paragraphs are not such a list or do not fit as one.
 */
export function planRows(paras: Para[], box: Box, ctx: DrawContext, atLeast = 0): RowsPlan | undefined {
  const { m, numbers, theme } = ctx;
  if (paras.length < MIN_ROWS || paras.length > theme.deck.maxBullets) return undefined;
  const split = paras.map(splitLeadIn);
  if (split.some((s) => !s)) return undefined;
  const pairs = split as { lead: Para; text: Para }[];
  for (const size of bodySizes(theme).filter((s) => s >= atLeast)) {
    const widest = Math.max(...pairs.map((p) => m.width(p.lead.runs[0].text, size, true))) / PT_PER_IN / 0.95;
    const leadW = Math.min(box.w * LEAD_MAX, Math.max(box.w * LEAD_MIN, widest));
    const textW = box.w - leadW - GAP;
    const rows = pairs.map(({ lead, text }) => ({
      lead, text,
      h: 2 * PAD + Math.max(parasHeight([lead], size, leadW, m, numbers), parasHeight([text], size, textW, m, numbers)),
    }));
    const total = rows.reduce((sum, r) => sum + r.h, 0);
    if (total > box.h) continue;
    const spread = Math.min(MAX_SPREAD, (box.h - total) / rows.length);
    return { size, leadW, rows: rows.map((r) => ({ ...r, h: r.h + spread })) };
  }
  return undefined;
}

/** The rows from the top of the box: a rule between rows, each row's text at its top. */
export function drawRows(slide: Slide, ctx: DrawContext, plan: RowsPlan, box: Box): void {
  const { theme, pptx } = ctx;
  const textX = box.x + plan.leadW + GAP;
  const textW = box.w - plan.leadW - GAP;
  const common = { fontFace: fontFace(ctx), valign: 'top' as const, margin: 0, fit: 'none' as const };
  let y = box.y;
  plan.rows.forEach((row, i) => {
    if (i > 0) slide.addShape(pptx.ShapeType.line, { x: box.x, y, w: box.w, h: 0, line: { color: theme.colors.rule, width: 0.75 } });
    const h = row.h - 2 * PAD;
    slide.addText(textRuns([row.lead], plan.size, theme.colors.primary, ctx, plan.leadW), { ...common, x: box.x, y: y + PAD, w: plan.leadW, h, color: theme.colors.primary });
    slide.addText(textRuns([row.text], plan.size, theme.colors.text, ctx, textW), { ...common, x: textX, y: y + PAD, w: textW, h, color: theme.colors.text });
    y += row.h;
  });
}
