// The slide grid, in inches. Every box on every slide comes from the slide's geometry, made from the
// theme's slide size (deck.slideSize): the three sizes share the height (7.5 in, so the type scale
// reads the same on each) and differ in width, so every box across is a share of the content width.
export type SlideSize = '16:9' | '16:10' | '4:3';

/** Width and height of each slide size, in inches: PowerPoint's widescreen and 4:3, and 16:10 between. */
export const SLIDE_SIZES: Record<SlideSize, { w: number; h: number }> = {
  '16:9': { w: 13.333, h: 7.5 },
  '16:10': { w: 12, h: 7.5 },
  '4:3': { w: 10, h: 7.5 },
};

export const MARGIN = 0.6;
export const GAP = 0.3;
export const PT_PER_IN = 72;

export interface Box { x: number; y: number; w: number; h: number }

export interface Geometry {
  size: SlideSize;
  slide: { w: number; h: number };
  /** Width between the side margins. */
  contentW: number;
  title: Box;
  /** The thin rule under the title, drawn by the master. */
  titleRuleY: number;
  content: Box;
  source: Box;
  footer: Box;
}

/** The boxes of a slide of this size. */
export function slideGeometry(size: SlideSize = '16:9'): Geometry {
  const slide = SLIDE_SIZES[size];
  const contentW = slide.w - 2 * MARGIN;
  return {
    size,
    slide,
    contentW,
    title: { x: MARGIN, y: 0.3, w: contentW, h: 1.0 },
    titleRuleY: 1.38,
    content: { x: MARGIN, y: 1.6, w: contentW, h: 4.85 },
    source: { x: MARGIN, y: 6.52, w: contentW, h: 0.32 },
    footer: { x: MARGIN, y: 6.98, w: contentW, h: 0.3 },
  };
}
