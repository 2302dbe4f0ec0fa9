// Pictures from the templates folder on slides: as large as the box allows at their own aspect ratio,
// with their alt text (and their caption under them). An SVG goes in as itself, with a PNG drawn from
// it for viewers that cannot show SVG (PowerPoint before 2019, many previews): package.ts puts that
// PNG where pptxgenjs leaves a broken picture.
import type { Slide } from './pptxgen.ts';
import type { Block, ImageFile } from '../../types.ts';
import { fitInto, mimeType, rasterPng } from '../../images.ts';
import { fontFace, type DrawContext } from './context.ts';
import { PT_PER_IN, type Box } from './geometry.ts';
import { WIDTH_SAFETY } from './text.ts';

type Picture = Extract<Block, { kind: 'image' }>;

/** Captions under pictures, in points. */
const CAPTION_SIZE = 12;
const CAPTION_GAP = 0.08;
const CSS_PPI = 96;
const MAX_SCALE = 2;
/** Pixels per inch of an SVG's fallback PNG: sharp on a projector, small in the file. */
const FALLBACK_PPI = 150;
/** The narrowest an SVG's fallback is drawn for: the same SVG (a logo) may be drawn small first and large later. */
const FALLBACK_MIN_W = 3;

/** A picture and its caption in a box: the picture as large as fits above the caption, centred across. */
export function drawPicture(slide: Slide, ctx: DrawContext, block: Picture, box: Box): void {
  const caption = block.caption ? captionHeight(ctx, block.caption, box.w) : 0;
  // Never more than twice its own size at 96 pixels an inch: a small picture is not blown up to a blur.
  const placed = fitInto({ ...box, h: box.h - caption }, block.image, (block.image.width / CSS_PPI) * MAX_SCALE);
  // The picture and its caption together, in the middle of the box down.
  const at = { ...placed, y: box.y + (box.h - caption - placed.h) / 2 };
  addPicture(slide, ctx, block.image, at, block.alt);
  if (block.caption) {
    slide.addText(block.caption, {
      x: box.x, y: at.y + at.h + CAPTION_GAP, w: box.w, h: caption - CAPTION_GAP, fontFace: fontFace(ctx), fontSize: CAPTION_SIZE,
      italic: true, color: ctx.theme.colors.muted, align: placed.w < box.w * 0.9 ? 'center' : 'left', valign: 'top', margin: 0, fit: 'none',
    });
  }
}

/** Adds the picture at `box` with its alt text ('' for decoration); an SVG's fallback PNG is made now. */
export function addPicture(slide: Slide, ctx: DrawContext, image: ImageFile, box: Box, alt: string, objectName?: string): void {
  slide.addImage({ ...pictureOptions(image, box, alt, ctx.svgFallbacks), ...(objectName ? { objectName } : {}) });
}

/** A picture as pptxgenjs takes it, on a slide or a master; an SVG's fallback PNG is made now (one per SVG, at least 3 in across). */
export function pictureOptions(image: ImageFile, box: Box, alt: string, svgFallbacks: Map<string, Buffer>) {
  if (image.format === 'svg' && !svgFallbacks.has(image.hash)) svgFallbacks.set(image.hash, rasterPng(image, Math.max(box.w, FALLBACK_MIN_W) * FALLBACK_PPI));
  return { data: pictureData(image), ...box, altText: alt };
}

/** A picture as pptxgenjs takes it: a data URL without "data:". */
export function pictureData(image: ImageFile): string {
  return `${mimeType(image)};base64,${image.bytes.toString('base64')}`;
}

/** The caption's height in inches at its size in a width (at most two lines are expected). */
function captionHeight(ctx: DrawContext, caption: string, width: number): number {
  const lines = ctx.m.wrap(caption, CAPTION_SIZE, width * PT_PER_IN * WIDTH_SAFETY).length;
  return (lines * ctx.m.lineHeight(caption, CAPTION_SIZE)) / PT_PER_IN + CAPTION_GAP + 0.04;
}

/** The width a picture takes beside text: its own at the box's full height, between a third and three fifths of it. */
export function pictureWidthBesideText(image: ImageFile, box: Box): number {
  return Math.min(box.w * 0.6, Math.max(box.w / 3, box.h * (image.width / image.height)));
}
