// Layout: one section of the story → one or more planned slides. Everything is measured here, so
// nothing is left for PowerPoint to shrink: text that does not fit at the theme's smallest size, a
// table taller than the slide or more than maxBullets points go on continuation slides.
import type { Slide } from './pptxgen.ts';
import type { Block, Run, Section } from '../../types.ts';
import {
  drawChart, drawFlow, drawParas, drawTable, drawTiles, drawTimeline, flowSizes, tableColumnWidths, tableRowHeight,
  timelineTextSize, TILE_HEIGHT, type DrawContext,
} from './blocks.ts';
import { CONTENT, GAP, type Box } from './geometry.ts';
import { fitSize, type Para } from './text.ts';

export interface PlannedSlide {
  title: string;
  continued: boolean;
  draw: ((slide: Slide) => void)[];
  /** Sources of the visuals and text on this slide, for its source line. */
  sources: string[];
}

type Visual = Exclude<Block, { kind: 'paragraph' | 'bullets' }>;

export function planSection(section: Section, ctx: DrawContext): PlannedSlide[] {
  const { theme } = ctx;
  const paras = textParas(section.blocks);
  const visuals = section.blocks.filter((b): b is Visual & { audience: 'both' } => b.kind !== 'paragraph' && b.kind !== 'bullets');
  const slides: PlannedSlide[] = [];
  const newSlide = (sources: string[] = []): PlannedSlide => {
    const s = { title: section.title, continued: slides.length > 0, draw: [], sources };
    slides.push(s);
    return s;
  };
  const citedIn = (ps: Para[]) => [...new Set(ps.flatMap((p) => p.runs.map((r) => r.cite).filter((c): c is string => Boolean(c))))];

  /** Paragraphs into a box on the current slide, as many as fit; the rest on text slides after. */
  const placeText = (slide: PlannedSlide | undefined, rest: Para[], box: Box | undefined) => {
    let remaining = rest;
    if (slide && box && remaining.length) {
      const { taken, size } = takeFitting(remaining, box, theme.deck.bodySize, theme.deck.minBodySize, theme.deck.maxBullets, ctx);
      if (taken.length) {
        const chunk = remaining.slice(0, taken.length);
        slide.draw.push((s) => drawParas(s, ctx, chunk, box, size));
        slide.sources.push(...citedIn(chunk));
        remaining = remaining.slice(taken.length);
      }
    }
    // A slide of text alone may use a size larger than the body size, up to six points below the title.
    const chunks: Para[][] = [];
    let size = Math.max(theme.deck.bodySize, theme.deck.titleSize - 6);
    while (remaining.length) {
      const fit = takeFitting(remaining, CONTENT, size, theme.deck.minBodySize, theme.deck.maxBullets, ctx);
      const chunk = remaining.slice(0, Math.max(1, fit.taken.length));
      chunks.push(chunk);
      size = Math.min(size, fit.size);
      remaining = remaining.slice(chunk.length);
    }
    // One size for all the slides of a section, so a continuation reads like its first part.
    for (const chunk of chunks) {
      const s = newSlide(citedIn(chunk));
      s.draw.push((sl) => drawParas(sl, ctx, chunk, CONTENT, size));
    }
  };

  if (!visuals.length) {
    placeText(undefined, paras, undefined);
    return slides.length ? slides : [newSlide()];
  }

  visuals.forEach((visual, vi) => {
    const text = vi === 0 ? paras : [];
    if (visual.kind === 'chart') {
      const spec = ctx.charts[visual.chartId];
      const sources = spec?.sources ?? [];
      if (!text.length) {
        const slide = newSlide([...sources]);
        slide.draw.push((s) => drawChart(s, ctx, visual.chartId, CONTENT));
        return;
      }
      const chartBox = { x: CONTENT.x, y: CONTENT.y, w: CONTENT.w * 0.66, h: CONTENT.h };
      const textBox = { x: CONTENT.x + chartBox.w + GAP, y: CONTENT.y, w: CONTENT.w - chartBox.w - GAP, h: CONTENT.h };
      const slide = newSlide([...sources]);
      slide.draw.push((s) => drawChart(s, ctx, visual.chartId, chartBox));
      placeText(slide, text, textBox);
    } else if (visual.kind === 'tiles') {
      const h = text.length ? TILE_HEIGHT : Math.min(3.2, CONTENT.h);
      const tileBox = { ...CONTENT, h, y: text.length ? CONTENT.y : CONTENT.y + 0.4 };
      const slide = newSlide([...new Set(visual.tiles.map((t) => t.source))]);
      slide.draw.push((s) => drawTiles(s, ctx, visual, tileBox));
      placeText(slide, text, { ...CONTENT, y: CONTENT.y + h + GAP, h: CONTENT.h - h - GAP });
    } else if (visual.kind === 'timeline') {
      planTimeline(visual.items, visual.sources, text, newSlide, placeText, ctx);
    } else if (visual.kind === 'flow') {
      // Boxes as tall as their text needs at the largest size that fits, within the room there is.
      const room = text.length ? 2.6 : CONTENT.h;
      let box = { ...CONTENT, h: 1.4 };
      let sizes = flowSizes(visual.steps, box, ctx);
      while ((!sizes || sizes.text < 14) && box.h < room) {
        box = { ...box, h: Math.min(room, box.h + 0.2) };
        sizes = flowSizes(visual.steps, box, ctx) ?? sizes;
      }
      const slide = newSlide([...visual.sources]);
      slide.draw.push((s) => drawFlow(s, ctx, visual.steps, box, sizes ?? { title: 14, text: 12 }));
      placeText(box.h < CONTENT.h ? slide : undefined, text, { ...CONTENT, y: CONTENT.y + box.h + GAP, h: CONTENT.h - box.h - GAP });
    } else if (visual.kind === 'table') {
      planTable(visual, newSlide, ctx);
      placeText(undefined, text, undefined);
    }
  });
  return slides;
}

function planTimeline(
  items: { when: string; text: string }[], sources: string[], text: Para[],
  newSlide: (sources?: string[]) => PlannedSlide, placeText: (slide: PlannedSlide | undefined, rest: Para[], box: Box | undefined) => void, ctx: DrawContext,
): void {
  // Too many items for one line at a readable size: split the line over slides.
  const perSlide = Math.min(items.length, 8);
  for (let start = 0; start < items.length; start += perSlide) {
    const part = items.slice(start, start + perSlide);
    const box = { ...CONTENT, h: text.length && start === 0 ? 3.0 : CONTENT.h };
    const size = timelineTextSize(part, box, ctx) ?? timelineTextSize(part, CONTENT, ctx) ?? 12;
    const slide = newSlide([...sources]);
    slide.draw.push((s) => drawTimeline(s, ctx, part, box, size));
    if (start === 0) placeText(box.h < CONTENT.h ? slide : undefined, text, { ...CONTENT, y: CONTENT.y + box.h + GAP, h: CONTENT.h - box.h - GAP });
  }
}

function planTable(block: Extract<Block, { kind: 'table' }>, newSlide: (sources?: string[]) => PlannedSlide, ctx: DrawContext): void {
  const colW = tableColumnWidths(block.columns, block.rows, CONTENT.w, ctx.numbers);
  const heights = (size: number) => ({
    header: tableRowHeight(block.columns.map((c) => [{ text: c }]), colW, size, ctx, true),
    rows: block.rows.map((row) => tableRowHeight(row, colW, size, ctx)),
  });
  // The largest size (16 down to 12 pt) at which the whole table fits one slide; else 12 pt, paged.
  let size = 16;
  let h = heights(size);
  while (size > 12 && h.header + h.rows.reduce((a, b) => a + b, 0) > CONTENT.h) h = heights(--size);
  let page: Run[][][] = [];
  let used = h.header;
  const flush = () => {
    const rows = page;
    const slide = newSlide([...block.sources]);
    slide.draw.push((s) => drawTable(s, ctx, block.columns, rows, CONTENT, colW, size));
    page = [];
    used = h.header;
  };
  block.rows.forEach((row, i) => {
    if (page.length && used + h.rows[i] > CONTENT.h) flush();
    page.push(row);
    used += h.rows[i];
  });
  if (page.length || !block.rows.length) flush();
}

/** The most leading paragraphs (at most max) that fit the box at some size in [min, start]. */
function takeFitting(paras: Para[], box: { w: number; h: number }, start: number, min: number, max: number, ctx: DrawContext): { taken: Para[]; size: number } {
  // Keep sub-points with their parent: never end a chunk just before a deeper level.
  for (let n = Math.min(max, paras.length); n >= 1; n--) {
    if (n < paras.length && paras[n].level > 0 && n > 1) continue;
    const chunk = paras.slice(0, n);
    const size = fitSize(chunk, box, start, min, ctx.m, ctx.numbers);
    if (size !== undefined) return { taken: chunk, size };
  }
  return { taken: [], size: min };
}

/** Paragraphs and bullets of a section, in order, as one list of paragraphs. */
function textParas(blocks: Block[]): Para[] {
  return blocks.flatMap((b): Para[] => {
    if (b.kind === 'paragraph') return [{ runs: b.runs, level: 0, bullet: false }];
    if (b.kind === 'bullets') return b.items.map((i) => ({ runs: i.runs, level: i.level, bullet: true }));
    return [];
  });
}
