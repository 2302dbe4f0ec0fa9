// Layout: one section of the story → one or more planned slides. Everything is measured here, so
// nothing is left for PowerPoint to shrink: text that does not fit at the theme's smallest size, a
// table taller than the slide or more than maxBullets points go on continuation slides.
import type { Slide } from './pptxgen.ts';
import type { Block, Run, Section } from '../../types.ts';
import { hasCjk } from '../common.ts';
import { calloutRoom, drawCallout, planCallout } from './callout.ts';
import { companionOf, type Companion } from './companion.ts';
import { chartTitleHeight, drawChart, drawChartTitle, notePara } from './chart.ts';
import { fontFace, type DrawContext } from './context.ts';
import { drawFlow, layoutFlow } from './flow.ts';
import { GAP, PT_PER_IN, type Box } from './geometry.ts';
import { drawPicture, pictureWidthBesideText } from './picture.ts';
import { drawRows, planRows } from './rows.ts';
import { drawTable, planTable } from './table.ts';
import { bodySizes, drawParas, fitScale, parasHeight, type Para } from './text.ts';
import { drawTiles, TILE_HEIGHT, tilesHeight } from './tiles.ts';
import { drawTimeline, timelineHeight, timelinePerSlide, timelineTextSizes } from './timeline.ts';

/** The narrowest column text goes in beside a chart. */
const TEXT_BESIDE_MIN_W = 2.6;
/** The smallest size, in points, a chart's labels are drawn at on a slide. */
const CHART_LABEL_MIN = 14;

/** The width at which a chart picture's labels (theme.chart.fontSize px on a chart.width px canvas) are CHART_LABEL_MIN points. */
const readableChartWidth = (ctx: DrawContext) => (CHART_LABEL_MIN * ctx.theme.chart.width) / (ctx.theme.chart.fontSize * PT_PER_IN);

/** Height a flow may take when text that does not all fit beside it follows on the slide. */
const FLOW_ROOM_WITH_TEXT = 2.6;

export interface PlannedSlide {
  title: string;
  continued: boolean;
  draw: ((slide: Slide) => void)[];
  /** Sources of the visuals and text on this slide, for its source line. */
  sources: string[];
  /** What the slide shows, point by point (lead-ins, row names, dates): a continuation's talk track names them. */
  points: string[];
}

type Visual = Exclude<Block, { kind: 'paragraph' | 'bullets' | 'callout' }>;
type FlowBlock = Extract<Block, { kind: 'flow' }>;

/** The heading over each of several flows on one slide, and the space under it. */
const headPara = (title: string): Para => ({ runs: [{ text: title, bold: true }], level: 0, bullet: false });
const HEAD_GAP = 0.08;

/** Builds the slides of one section in order; every helper appends to the same list. */
class SectionPlan {
  readonly slides: PlannedSlide[] = [];

  /** Where the slides' content goes: the content area, less the band a call-out takes. */
  constructor(private readonly section: Section, private readonly ctx: DrawContext, private readonly content: Box = ctx.geo.content) {}

  newSlide(sources: string[] = []): PlannedSlide {
    const slide: PlannedSlide = { title: this.section.title, continued: this.slides.length > 0, draw: [], sources: [...sources], points: [] };
    this.slides.push(slide);
    return slide;
  }

  /** Paragraphs into a box beside or under a visual, as many as fit; the rest on text slides after. */
  placeText(slide: PlannedSlide | undefined, paras: Para[], box: Box | undefined): void {
    const { theme } = this.ctx;
    let rest = paras;
    if (slide && box && rest.length) {
      const { taken, size } = takeFitting(rest, box, bodySizes(theme), theme.deck.maxBullets, this.ctx);
      if (taken.length) {
        slide.draw.push((s) => drawParas(s, this.ctx, taken, box, size));
        slide.points.push(...taken.map(pointOf));
        slide.sources.push(...citedIn(taken));
        rest = rest.slice(taken.length);
      }
    }
    this.placeTextSlides(rest);
  }

  /**
   * Text alone on slides: at the body size, or its one step down; one size for all the slides of
   * the section (a continuation reads like its first part), and the paragraphs spread evenly over as
   * few slides as they need (7 + 3 bullets reads worse than 5 + 5).
   */
  private placeTextSlides(paras: Para[]): void {
    if (!paras.length) return;
    const { theme } = this.ctx;
    const sizes = bodySizes(theme);
    const split = (max: number) => {
      const chunks: Para[][] = [];
      let size = sizes[0];
      let rest = paras;
      while (rest.length) {
        const fit = takeFitting(rest, this.content, sizes.filter((s) => s <= size), max, this.ctx);
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
      slide.draw.push((s) => drawParas(s, this.ctx, chunk, this.content, best.size));
      slide.points.push(...chunk.map(pointOf));
    }
  }

  /**
   * Text alone on the slide: as rows when every point opens with a lead-in and the rows fit at the
   * size the bullets would have (never smaller type for the sake of the layout), else as bullets.
   */
  textAlone(paras: Para[]): void {
    const asBullets = fitScale(paras, this.content, bodySizes(this.ctx.theme), this.ctx.m, this.ctx.numbers);
    const rows = asBullets === undefined ? undefined : planRows(paras, this.content, this.ctx, asBullets);
    if (!rows) return this.placeText(undefined, paras, undefined);
    const slide = this.newSlide(citedIn(paras));
    slide.draw.push((s) => drawRows(s, this.ctx, rows, this.content));
    slide.points.push(...paras.map(pointOf));
  }

  /**
   * A chart, and the section's text beside it; `companion` (big numbers) under the text when all of
   * it fits there at the size the text has without it. Returns whether the companion was placed.
   */
  chart(chartId: string, text: Para[], companion?: Companion): boolean {
    const sources = this.ctx.charts[chartId]?.sources ?? [];
    const slide = this.newSlide(sources);
    if (!text.length) {
      slide.draw.push((s) => drawChart(s, this.ctx, chartId, this.content, this.section.title));
      return false;
    }
    // Beside the text the chart keeps two thirds of the width, and never less than its labels need
    // to stay readable; where that leaves too narrow a column (a 4:3 slide), the text follows on the next slide.
    const chartW = Math.max(this.content.w * 0.66, readableChartWidth(this.ctx));
    const beside = this.content.w - chartW - GAP >= TEXT_BESIDE_MIN_W;
    const chartBox = beside ? { x: this.content.x, y: this.content.y, w: chartW, h: this.content.h } : this.content;
    const textBox = { x: this.content.x + chartBox.w + GAP, y: this.content.y, w: this.content.w - chartBox.w - GAP, h: this.content.h };
    slide.draw.push((s) => drawChart(s, this.ctx, chartId, chartBox, this.section.title, false));
    // The chart's note goes with the text (beside it, where there is room for it), at the text's size.
    const note = this.ctx.charts[chartId]?.note;
    const paras = note ? [...text, notePara(note)] : text;
    const placed = beside && companion ? this.companionUnder(slide, paras, textBox, companion) : false;
    if (!placed) this.placeText(beside ? slide : undefined, paras, beside ? textBox : undefined);
    return placed;
  }

  /** Text and big numbers under it in one column, if the text keeps its size and nothing spills; else nothing is drawn. */
  private companionUnder(slide: PlannedSlide, paras: Para[], column: Box, companion: Companion): boolean {
    const { ctx } = this;
    const sizes = bodySizes(ctx.theme);
    const size = fitScale(paras, column, sizes, ctx.m, ctx.numbers);
    if (size === undefined || paras.length > ctx.theme.deck.maxBullets) return false;
    const textH = parasHeight(paras, size, column.w, ctx.m, ctx.numbers);
    const titleH = companion.title ? chartTitleHeight(ctx, companion.title, column.w) : 0;
    const tilesH = tilesHeight(companion.tiles, column.w, TILE_HEIGHT, ctx, true);
    const top = column.y + textH + GAP;
    if (top + titleH + tilesH > column.y + column.h) return false;
    slide.draw.push((s) => drawParas(s, ctx, paras, { ...column, h: textH + GAP }, size));
    slide.points.push(...paras.map(pointOf));
    slide.sources.push(...citedIn(paras), ...companion.sources);
    slide.draw.push((s) => {
      if (companion.title) drawChartTitle(s, ctx, companion.title, { ...column, y: top, h: titleH });
      drawTiles(s, ctx, companion.tiles, { ...column, y: top + titleH, h: tilesH });
    });
    return true;
  }

  tiles(block: Extract<Block, { kind: 'tiles' }>, text: Para[]): void {
    const h = Math.min(this.content.h, tilesHeight(block, this.content.w, text.length ? TILE_HEIGHT : 3.2, this.ctx));
    const tileBox = { ...this.content, h, y: text.length ? this.content.y : this.content.y + (this.content.h - h) / 2 };
    const slide = this.newSlide(block.tiles.map((t) => t.source));
    slide.draw.push((s) => drawTiles(s, this.ctx, block, tileBox));
    this.placeText(slide, text, { ...this.content, y: this.content.y + h + GAP, h: this.content.h - h - GAP });
  }

  /**
   * Too many items for one line at a readable size: the line continues on the next slide. The line
   * is as tall as its texts at the largest size at which the section's text fits whole under it (or
   * at its own largest size, the text then following on the next slide).
   */
  timeline(block: Extract<Block, { kind: 'timeline' }>, text: Para[]): void {
    const { ctx, content } = this;
    const parts = Math.ceil(block.items.length / timelinePerSlide(content.w));
    const perSlide = Math.ceil(block.items.length / parts);
    for (let start = 0; start < block.items.length; start += perSlide) {
      const part = block.items.slice(start, start + perSlide);
      const sizes = timelineTextSizes(part, content, ctx);
      const under = (size: number) => {
        const h = timelineHeight(part, content.w, size, ctx);
        return { ...content, y: content.y + h + GAP, h: content.h - h - GAP };
      };
      const withText = text.length > 0 && start === 0;
      const size = (withText ? sizes.find((s) => fitScale(text, under(s), bodySizes(ctx.theme), ctx.m, ctx.numbers) !== undefined) : undefined) ?? sizes[0] ?? ctx.theme.deck.minBodySize;
      const below = under(size);
      const slide = this.newSlide(block.sources);
      slide.draw.push((s) => drawTimeline(s, ctx, part, { ...content, h: Math.min(content.h, content.h - below.h) }, size));
      slide.points.push(...part.map((i) => i.when));
      if (start === 0) this.placeText(withText && below.h > 0 ? slide : undefined, text, below);
    }
  }

  /**
   * Boxes at the top of the content, as tall as their text needs, at the largest sizes at which the
   * text below them still fits whole; when nothing does, the text goes on to a continuation slide.
   */
  flow(block: Extract<Block, { kind: 'flow' }>, text: Para[]): void {
    const { ctx } = this;
    const arrows = !block.cards;
    const textFits = (flowH: number) => fitScale(text, { w: this.content.w, h: this.content.h - flowH - GAP }, bodySizes(ctx.theme), ctx.m, ctx.numbers) !== undefined;
    const layout = (text.length ? layoutFlow(block.steps, this.content.w, this.content.h, ctx, arrows, (l) => textFits(l.h)) : undefined)
      ?? layoutFlow(block.steps, this.content.w, text.length ? FLOW_ROOM_WITH_TEXT : this.content.h, ctx, arrows)!;
    const box = { ...this.content, h: layout.h };
    const slide = this.newSlide(block.sources);
    slide.draw.push((s) => drawFlow(s, ctx, block.steps, box, layout));
    const below = { ...this.content, y: this.content.y + layout.h + GAP, h: this.content.h - layout.h - GAP };
    this.placeText(text.length ? slide : undefined, text, below);
  }

  /**
   * Two or more flows or rows of cards, one under the other on one slide, each headed by its title,
   * at one pair of sizes, with the section's text below; false when they do not fit so (then each
   * takes a slide of its own). Two short rows of cards each alone on a slide left both half empty.
   */
  stackedFlows(blocks: FlowBlock[], text: Para[]): boolean {
    const { ctx, content } = this;
    const headSize = ctx.theme.deck.minBodySize;
    const heads = blocks.map((b) => (b.title ? parasHeight([headPara(b.title)], headSize, content.w, ctx.m, ctx.numbers) + HEAD_GAP : 0));
    const sizes = bodySizes(ctx.theme);
    for (const pair of sizes.flatMap((title) => sizes.filter((t) => t <= title).map((t) => ({ title, text: t })))) {
      const layouts = blocks.map((b) => layoutFlow(b.steps, content.w, content.h, ctx, !b.cards, (l) => l.title === pair.title && l.text === pair.text));
      if (layouts.some((l) => !l)) continue;
      const used = layouts.reduce((sum, l, i) => sum + l!.h + heads[i], 0) + GAP * (blocks.length - 1);
      const below = { ...content, y: content.y + used + GAP, h: content.h - used - GAP };
      if (below.h < 0 || (text.length && fitScale(text, below, sizes, ctx.m, ctx.numbers) === undefined)) continue;
      const slide = this.newSlide(blocks.flatMap((b) => b.sources));
      let y = content.y;
      blocks.forEach((b, i) => {
        const top = y;
        if (b.title) slide.draw.push((s) => s.addText(b.title!, { x: content.x, y: top, w: content.w, h: heads[i] - HEAD_GAP, fontFace: fontFace(ctx), fontSize: headSize, bold: true, color: ctx.theme.colors.accent, valign: 'top', margin: 0, fit: 'none' }));
        const box = { ...content, y: top + heads[i], h: layouts[i]!.h };
        slide.draw.push((s) => drawFlow(s, ctx, b.steps, box, layouts[i]!));
        slide.points.push(...b.steps.map((step) => step.title));
        y = box.y + box.h + GAP;
      });
      this.placeText(text.length ? slide : undefined, text, below);
      return true;
    }
    return false;
  }

  /** A picture as large as fits; beside it, the section's text, as for a chart. */
  image(block: Extract<Block, { kind: 'image' }>, text: Para[]): void {
    const slide = this.newSlide();
    if (!text.length) {
      slide.draw.push((s) => drawPicture(s, this.ctx, block, this.content));
      return;
    }
    const w = pictureWidthBesideText(block.image, this.content);
    slide.draw.push((s) => drawPicture(s, this.ctx, block, { ...this.content, w }));
    this.placeText(slide, text, { ...this.content, x: this.content.x + w + GAP, w: this.content.w - w - GAP });
  }

  /**
   * A table at the largest size that needs the fewest slides; its header on every one. The section's
   * text goes under the table's last rows, as much as fits there, the rest on the slides after.
   */
  table(block: Extract<Block, { kind: 'table' }>, text: Para[]): void {
    const plan = planTable(block.columns, block.rows, this.content, this.ctx);
    let last: PlannedSlide | undefined;
    for (const page of plan.pages) {
      const slide = (last = this.newSlide(block.sources));
      slide.draw.push((s) => drawTable(s, this.ctx, block.columns, plan, page, this.content, block.align));
      slide.points.push(...page.rows.map((row) => plainRuns(row[0] ?? [])));
    }
    const tableH = plan.headerH + (plan.pages.at(-1)?.heights ?? []).reduce((sum, h) => sum + h, 0);
    const below = { ...this.content, y: this.content.y + tableH + GAP, h: this.content.h - tableH - GAP };
    this.placeText(below.h > 0 ? last : undefined, text, below);
  }
}

export function planSection(section: Section, ctx: DrawContext): PlannedSlide[] {
  const whole = ctx.geo.content; // the content area before a call-out takes its band
  const callouts = section.blocks.filter((b): b is Callout & { audience: 'both' } => b.kind === 'callout');
  // A slide that holds nothing but its key message states it at the title's size.
  const alone = callouts.length === section.blocks.length;
  const band = calloutBand(callouts, ctx, alone);
  const first = section.blocks[0]?.kind === 'callout';
  // The content of a section with a call-out is laid out in what the call-out leaves (above or below it).
  const content = band ? { ...whole, y: first ? whole.y + band.h + GAP : whole.y, h: whole.h - band.h - GAP } : whole;
  const plan = new SectionPlan(section, ctx, content);
  // A slide whose facts all come from one source names it on its source line; markers in the text
  // would only repeat it. With two sources or more, each claim says which is its own.
  const paras = section.sources.length > 1 ? textParas(section.blocks) : withoutMarkers(textParas(section.blocks));
  const visuals = section.blocks.filter((b): b is Visual & { audience: 'both' } => b.kind !== 'paragraph' && b.kind !== 'bullets' && b.kind !== 'callout');
  if (!visuals.length) plan.textAlone(paras);
  // Flows or cards that follow one another share a slide when they fit on one.
  const flows = visuals.filter((v): v is FlowBlock & { audience: 'both' } => v.kind === 'flow');
  const stacked = flows.length > 1 && flows.length === visuals.length && plan.stackedFlows(flows, paras);
  // The section's text goes with its first visual; a chart's text may take the big numbers after it.
  const companion = visuals[0]?.kind === 'chart' && visuals[1] ? companionOf(visuals[1], ctx) : undefined;
  let companionPlaced = false;
  if (!stacked) visuals.forEach((visual, i) => {
    const text = i === 0 ? paras : [];
    if (i === 1 && companionPlaced) return;
    if (visual.kind === 'chart' && i === 0) companionPlaced = plan.chart(visual.chartId, text, companion);
    else if (visual.kind === 'chart') plan.chart(visual.chartId, text);
    else if (visual.kind === 'tiles') plan.tiles(visual, text);
    else if (visual.kind === 'timeline') plan.timeline(visual, text);
    else if (visual.kind === 'flow') plan.flow(visual, text);
    else if (visual.kind === 'image') plan.image(visual, text);
    else plan.table(visual, text);
  });
  if (!plan.slides.length) plan.newSlide();
  if (band) {
    // On the section's first slide: across the top when the section starts with it, else across the
    // foot; alone on its slide, in the middle of it.
    const y = alone ? whole.y + (whole.h - band.h) / 2 : first ? whole.y : whole.y + whole.h - band.h;
    const slide = plan.slides[0];
    const draw = (s: Slide) => band.draw(s, { ...whole, y, h: band.h });
    if (first || alone) slide.draw.unshift(draw); else slide.draw.push(draw);
    slide.sources.push(...callouts.flatMap((c) => c.paragraphs.flat().flatMap((r) => (r.cite ? [r.cite] : []))));
  }
  // A slide whose text cites nothing still says where the section's facts come from.
  for (const slide of plan.slides) if (!slide.sources.length) slide.sources.push(...section.sources);
  return plan.slides;
}

type Callout = Extract<Block, { kind: 'callout' }>;
/** The section's call-outs, one under the other, as one band across the content: its height, and how to draw it. */
function calloutBand(callouts: Callout[], ctx: DrawContext, alone: boolean): { h: number; draw: (slide: Slide, box: Box) => void } | undefined {
  if (!callouts.length) return undefined;
  const whole = ctx.geo.content; // the content area before a call-out takes its band
  const room = ((alone ? whole.h : calloutRoom(whole)) - GAP * (callouts.length - 1)) / callouts.length;
  const plans = callouts.map((c) => planCallout(c, whole.w, ctx, room, alone ? ctx.theme.deck.titleSize : undefined));
  const h = plans.reduce((sum, p) => sum + p.h, 0) + GAP * (plans.length - 1);
  return {
    h,
    draw: (slide, box) => {
      let y = box.y;
      plans.forEach((p, i) => { drawCallout(slide, ctx, callouts[i], p, { ...box, y, h: p.h }); y += p.h + GAP; });
    },
  };
}

/** The most leading paragraphs (at most max) that fit the box at a size of the scale (largest first). */
function takeFitting(paras: Para[], box: { w: number; h: number }, sizes: number[], max: number, ctx: DrawContext): { taken: Para[]; size: number } {
  // Keep sub-points with their parent: never end a chunk just before a deeper level.
  for (let n = Math.min(max, paras.length); n >= 1; n--) {
    if (n < paras.length && paras[n].level > 0 && n > 1) continue;
    const chunk = paras.slice(0, n);
    const size = fitScale(chunk, box, sizes, ctx.m, ctx.numbers);
    if (size !== undefined) return { taken: chunk, size };
  }
  return { taken: [], size: sizes[sizes.length - 1] };
}

function citedIn(paras: Para[]): string[] {
  return [...new Set(paras.flatMap((p) => p.runs.map((r) => r.cite).filter((c): c is string => Boolean(c))))];
}

function withoutMarkers(paras: Para[]): Para[] {
  return paras.map((p) => ({ ...p, runs: p.runs.filter((r) => r.text).map(({ cite: _cite, ...r }) => r) }));
}

const plainRuns = (runs: Run[]) => runs.map((r) => r.text).join('').trim();

/**
 * A paragraph as one point of a talk track: its bold lead-in, or its first words (in Chinese, its
 * first clause, or its first characters), without the sentence's closing punctuation.
 */
function pointOf(p: Para): string {
  const trim = (t: string) => t.trim().replace(/[\s:.;,：。；，、]+$/u, '');
  const lead = p.runs[0]?.bold ? trim(p.runs[0].text) : '';
  if (lead) return lead;
  const plain = trim(plainRuns(p.runs));
  if (hasCjk(plain)) {
    const clause = [...trim(plain.split(/[，；：。（(]/u)[0])];
    return clause.length > POINT_CHARS ? `${clause.slice(0, POINT_CHARS).join('')}…` : clause.join('');
  }
  const words = plain.split(/\s+/);
  return words.length > POINT_WORDS ? `${words.slice(0, POINT_WORDS).join(' ')}…` : words.join(' ');
}
const POINT_WORDS = 8;
const POINT_CHARS = 16;

/** Paragraphs and bullets of a section, in order, as one list of paragraphs. */
function textParas(blocks: Block[]): Para[] {
  return blocks.flatMap((b): Para[] => {
    if (b.kind === 'paragraph') return [{ runs: b.runs, level: 0, bullet: false }];
    if (b.kind === 'bullets') {
      const numbered = b.items.some((i) => i.number !== undefined);
      const digits = String(Math.max(0, ...b.items.map((i) => i.number ?? 0))).length;
      return b.items.map((i) => ({ runs: i.runs, level: i.level, bullet: true, ...(i.number !== undefined ? { number: i.number } : {}), ...(numbered ? { digits } : {}) }));
    }
    return [];
  });
}
