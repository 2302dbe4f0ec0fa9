// The slide grid, in inches (16:9, 13.333 × 7.5 in). Every box on every slide comes from here.
export const SLIDE = { w: 13.333, h: 7.5 } as const;
export const MARGIN = 0.6;
export const CONTENT_W = SLIDE.w - 2 * MARGIN;
export const TITLE_BOX = { x: MARGIN, y: 0.3, w: CONTENT_W, h: 1.0 } as const;
/** The thin rule under the title, drawn by the master. */
export const TITLE_RULE_Y = 1.38;
export const CONTENT = { x: MARGIN, y: 1.6, w: CONTENT_W, h: 4.85 } as const;
export const SOURCE_BOX = { x: MARGIN, y: 6.52, w: CONTENT_W, h: 0.32 } as const;
export const FOOTER_Y = 6.98;
export const FOOTER_H = 0.3;
export const GAP = 0.3;

export const PT_PER_IN = 72;

export interface Box { x: number; y: number; w: number; h: number }
