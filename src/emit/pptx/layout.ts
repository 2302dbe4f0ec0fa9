// Layout: one section of the story → one or more planned slides. Everything is measured here, so
// nothing is left for PowerPoint to shrink: text that does not fit at the theme's smallest size, a
// table taller than the slide or more than maxBullets points go on continuation slides.
import type { Slide } from './pptxgen.ts';
import type { Block, Section } from '../../types.ts';
import { drawChart, notePara } from './chart.ts';
import type { DrawContext } from './context.ts';
import { drawFlow, layoutFlow } from './flow.ts';
import { CONTENT, GAP, type Box } from './geometry.ts';
import { drawTable, planTable } from './table.ts';
import { drawParas, fitSize, type Para } from './text.ts';
import { drawTiles, TILE_HEIGHT, tilesHeight } from './tiles.ts';
import { drawTimeline, TIMELINE_PER_SLIDE, timelineTextSize } from './timeline.ts';

export interface PlannedSlide {
  title: string;
  continued: boolean;
  draw: ((slide: Slide) => void)[];
  /** Sources of the visuals and text on this slide, for its source line. */
  sources: string[];
}

type Visual = Exclude<Block, { kind: 'paragraph' | 'bullets' }>;

/** Builds the slides of one section in order; every helper appends to the same list. */
class SectionPlan {
  readonly slides: PlannedSlide[] = [];

  constructor(private readonly section: Section, private readonly ctx: DrawContext) {}

  newSlide(sources: string[] = []): PlannedSlide {
    const slide = { title: this.section.title, continued: this.slides.length > 0, draw: [], sources: [...sources] };
    this.slides.push(slide);
    return slide;
  }

  /** Paragraphs into a box beside or under a visual, as many as fit; the rest on text slides after. */
  placeText(slide: PlannedSlide | undefined, paras: Para[], box: Box | undefined): void {
    const { theme } = this.ctx;
    let rest = paras;
    if (slide && box && rest.length) {
      const { taken, size } = takeFitting(rest, box, theme.deck.bodySize, theme.deck.minBodySize, theme.deck.maxBullets, this.ctx);
      if (taken.length) {
        slide.draw.push((s) => drawParas(s, this.ctx, taken, box, size));
        slide.sources.push(...citedIn(taken));
        rest = rest.slice(taken.length);
      }
    }
    this.placeTextSlides(rest);
  }

  /**
   * Text alone on slides: a size up to six points below the title's, one size for all the slides of
   * the section (a continuation reads like its first part), and the paragraphs spread evenly over as
   * few slides as they need (7 + 3 bullets reads worse than 5 + 5).
   */
  private placeTextSlides(paras: Para[]): void {
    if (!paras.length) return;
    const { theme } = this.ctx;
    const start = Math.max(theme.deck.bodySize, theme.deck.titleSize - 6);
    const split = (max: number) => {
      const chunks: Para[][] = [];
      let size = start;
      let rest = paras;
      while (rest.length) {
        const fit = takeFitting(rest, CONTENT, size, theme.deck.minBodySize, max, this.ctx);
        const chunk = rest.slice(0, Math.max(1, fit.taken.length));
        chunks.push(chunk);
        size = Math.min(size, fit.size);
        rest = rest.slice(chunk.length);
      }
      return { chunks, size };
    };
    let best = split(theme.deck.maxBullets);
    const even = split(Math.ceil(paras.length / best.chunks.length));
    if (even.chunks.length === best.chunks.length) best = even;
    for (const chunk of best.chunks) {
      const slide = this.newSlide(citedIn(chunk));
      slide.draw.push((s) => drawParas(s, this.ctx, chunk, CONTENT, best.size));
    }
  }

  chart(chartId: string, text: Para[]): void {
    const sources = this.ctx.charts[chartId]?.sources ?? [];
    const slide = this.newSlide(sources);
    if (!text.length) {
      slide.draw.push((s) => drawChart(s, this.ctx, chartId, CONTENT, this.section.title));
      return;
    }
    const chartBox = { x: CONTENT.x, y: CONTENT.y, w: CONTENT.w * 0.66, h: CONTENT.h };
    const textBox = { x: CONTENT.x + chartBox.w + GAP, y: CONTENT.y, w: CONTENT.w - chartBox.w - GAP, h: CONTENT.h };
    slide.draw.push((s) => drawChart(s, this.ctx, chartId, chartBox, this.section.title, false));
    // The chart's note goes with the text beside it, where there is room for it.
    const note = this.ctx.charts[chartId]?.note;
    this.placeText(slide, note ? [...text, notePara(note)] : text, textBox);
  }

  tiles(block: Extract<Block, { kind: 'tiles' }>, text: Para[]): void {
    const h = tilesHeight(block, CONTENT.w, text.length ? TILE_HEIGHT : 3.2, this.ctx);
    const tileBox = { ...CONTENT, h, y: text.length ? CONTENT.y : CONTENT.y + (CONTENT.h - h) / 2 };
    const slide = this.newSlide(block.tiles.map((t) => t.source));
    slide.draw.push((s) => drawTiles(s, this.ctx, block, tileBox));
    this.placeText(slide, text, { ...CONTENT, y: CONTENT.y + h + GAP, h: CONTENT.h - h - GAP });
  }

  /** Too many items for one line at a readable size: the line continues on the next slide. */
  timeline(block: Extract<Block, { kind: 'timeline' }>, text: Para[]): void {
    const parts = Math.ceil(block.items.length / TIMELINE_PER_SLIDE);
    const perSlide = Math.ceil(block.items.length / parts);
    for (let start = 0; start < block.items.length; start += perSlide) {
      const part = block.items.slice(start, start + perSlide);
      const withText = text.length > 0 && start === 0;
      const box = { ...CONTENT, h: withText ? 3.0 : CONTENT.h };
      const size = timelineTextSize(part, box, this.ctx) ?? timelineTextSize(part, CONTENT, this.ctx) ?? 12;
      const slide = this.newSlide(block.sources);
      slide.draw.push((s) => drawTimeline(s, this.ctx, part, box, size));
      if (start === 0) this.placeText(withText ? slide : undefined, text, { ...CONTENT, y: CONTENT.y + box.h + GAP, h: CONTENT.h - box.h - GAP });
    }
  }

  /** Boxes as tall as their text needs at the largest size that fits; alone, centred down the slide. */
  flow(block: Extract<Block, { kind: 'flow' }>, text: Para[]): void {
    const room = text.length ? 2.6 : CONTENT.h;
    const layout = layoutFlow(block.steps, CONTENT.w, room, this.ctx);
    const y = text.length ? CONTENT.y : CONTENT.y + (CONTENT.h - layout.h) / 2;
    const box = { ...CONTENT, y, h: layout.h };
    const slide = this.newSlide(block.sources);
    slide.draw.push((s) => drawFlow(s, this.ctx, block.steps, box, layout));
    const below = { ...CONTENT, y: CONTENT.y + layout.h + GAP, h: CONTENT.h - layout.h - GAP };
    this.placeText(text.length ? slide : undefined, text, below);
  }

  /** A table at the largest size that needs the fewest slides; its header on every one. */
  table(block: Extract<Block, { kind: 'table' }>, text: Para[]): void {
    const plan = planTable(block.columns, block.rows, CONTENT, this.ctx);
    for (const page of plan.pages) {
      const slide = this.newSlide(block.sources);
      slide.draw.push((s) => drawTable(s, this.ctx, block.columns, plan, page, CONTENT));
    }
    this.placeText(undefined, text, undefined);
  }
}

export function planSection(section: Section, ctx: DrawContext): PlannedSlide[] {
  const plan = new SectionPlan(section, ctx);
  const paras = textParas(section.blocks);
  const visuals = section.blocks.filter((b): b is Visual & { audience: 'both' } => b.kind !== 'paragraph' && b.kind !== 'bullets');
  if (!visuals.length) plan.placeText(undefined, paras, undefined);
  // The section's text goes with its first visual.
  visuals.forEach((visual, i) => {
    const text = i === 0 ? paras : [];
    if (visual.kind === 'chart') plan.chart(visual.chartId, text);
    else if (visual.kind === 'tiles') plan.tiles(visual, text);
    else if (visual.kind === 'timeline') plan.timeline(visual, text);
    else if (visual.kind === 'flow') plan.flow(visual, text);
    else plan.table(visual, text);
  });
  if (!plan.slides.length) plan.newSlide();
  // A slide whose text cites nothing still says where the section's facts come from.
  for (const slide of plan.slides) if (!slide.sources.length) slide.sources.push(...section.sources);
  return plan.slides;
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

function citedIn(paras: Para[]): string[] {
  return [...new Set(paras.flatMap((p) => p.runs.map((r) => r.cite).filter((c): c is string => Boolean(c))))];
}

/** Paragraphs and bullets of a section, in order, as one list of paragraphs. */
function textParas(blocks: Block[]): Para[] {
  return blocks.flatMap((b): Para[] => {
    if (b.kind === 'paragraph') return [{ runs: b.runs, level: 0, bullet: false }];
    if (b.kind === 'bullets') return b.items.map((i) => ({ runs: i.runs, level: i.level, bullet: true }));
    return [];
  });
}
