// The report's pictures and call-outs. A picture from the templates folder is a Figure with its alt
// text, never wider than the text nor larger than its own size at 96 pixels an inch (a small logo is not
// blown up), never taller than half a page, with its caption; an SVG is drawn as PNG pixels at 300 per
// inch. A call-out is the key message in a shaded panel with an accent bar, kept whole on one page.
import { fitInto, rasterPng } from '../../images.ts';
import type { Block, ImageFile, Run } from '../../types.ts';
import type { BlockContext } from './blocks.ts';
import type { Struct, TextStyle, Writer } from './writer.ts';

type Picture = Extract<Block, { kind: 'image' }>;
type Callout = Extract<Block, { kind: 'callout' }>;

const PT_PER_PX = 72 / 96;
const SVG_PPI = 300;
/** The most of the page's text height a picture takes. */
const MAX_PAGE_SHARE = 0.5;

/** The picture's size on the page, in points. */
export function pictureSize(w: Writer, image: ImageFile): { width: number; height: number } {
  const pageText = w.bottom - w.doc.page.margins.top;
  const width = Math.min(w.width, image.width * PT_PER_PX, (pageText * MAX_PAGE_SHARE * image.width) / image.height);
  return { width, height: (width * image.height) / image.width };
}

/** The room a picture and its caption need on their page. */
export function pictureHeight(ctx: BlockContext, block: Picture): number {
  const { w } = ctx;
  return pictureSize(w, block.image).height + 8 + (block.caption ? w.heightOf(captionRuns(ctx, block, 0), captionStyle(w)) : 0) + 12;
}

export function drawPicture(ctx: BlockContext, parent: Struct, block: Picture): void {
  const { w } = ctx;
  const { width, height } = pictureSize(w, block.image);
  w.ensure(pictureHeight(ctx, block));
  const x = w.left + (w.width - width) / 2;
  const y = w.doc.y;
  const embedded = embeddedImage(ctx, block.image, width);
  parent.add(w.doc.struct('Figure', { alt: block.alt }, () => {
    w.doc.image(embedded as never, x, y, { width, height });
  }));
  w.doc.x = w.left;
  w.doc.y = y + height + 6;
  // A picture with a caption is a numbered figure, as charts are.
  if (block.caption) w.block(parent, 'Caption', captionRuns(ctx, block, ++ctx.figureCount.n), { ...captionStyle(w), align: width < w.width * 0.9 ? 'center' : 'left' });
  w.doc.y += 12;
}

function captionRuns(ctx: BlockContext, block: Picture, n: number): Run[] {
  return [{ text: ctx.locale.messages.report.figureCaption(n), bold: true }, { text: block.caption ?? '' }];
}

const captionStyle = (w: Writer): TextStyle => ({ size: w.theme.report.captionSize + 0.5, color: w.theme.colors.text });

/** Each picture embedded once (by its hash), however often the report shows it. */
function embeddedImage(ctx: BlockContext, image: ImageFile, widthPt: number): unknown {
  let found = ctx.pictures.get(image.hash);
  if (!found) {
    const bytes = image.format === 'svg' ? rasterPng(image, (widthPt / 72) * SVG_PPI) : image.bytes;
    found = (ctx.w.doc as unknown as { openImage(src: Buffer): unknown }).openImage(bytes);
    ctx.pictures.set(image.hash, found);
  }
  return found;
}

/** The report cover's logo: at most this box (points) at the top left of the band, on a plate of the page's colour. */
const COVER_LOGO = { w: 170, h: 44, pad: 8 };

/** The logo on the cover, at (x, y): a Figure with its alt text; its plate is decoration. */
export function drawCoverLogo(w: Writer, parent: Struct, image: ImageFile, alt: string, x: number, y: number): void {
  const { pad } = COVER_LOGO;
  const at = fitInto({ x: x + pad, y: y + pad, w: COVER_LOGO.w, h: COVER_LOGO.h }, image);
  const placed = { ...at, x: x + pad, y: y + pad };
  w.artifact(() => w.doc.roundedRect(x, y, placed.w + 2 * pad, placed.h + 2 * pad, 4).fill(`#${w.theme.colors.background}`));
  const bytes = image.format === 'svg' ? rasterPng(image, (placed.w / 72) * SVG_PPI) : image.bytes;
  parent.add(w.doc.struct('Figure', { alt }, () => {
    w.doc.image(bytes, placed.x, placed.y, { width: placed.w, height: placed.h });
  }));
}

const PAD = 10;
const BAR = 4;

/** The key message: a shaded panel with an accent bar, its optional heading small and coloured, its text bold and larger. */
export function drawCallout(ctx: BlockContext, parent: Struct, block: Callout): void {
  const { w } = ctx;
  const c = w.theme.colors;
  const inner = w.width - BAR - 2 * PAD;
  const titleStyle: TextStyle = { size: w.theme.report.captionSize, color: c.accent, bold: true };
  const textStyle: TextStyle = { size: w.theme.report.bodySize + 1.5, color: c.primary, bold: true, lineGap: 2.5, dir: 'auto' };
  const gap = textStyle.size * 0.4;
  const titleH = block.title ? w.heightOf([{ text: block.title }], titleStyle, inner) + 4 : 0;
  const heights = block.paragraphs.map((p) => w.heightOf(p, textStyle, inner));
  const h = 2 * PAD + titleH + heights.reduce((a, b) => a + b, 0) + gap * (heights.length - 1);
  w.ensure(h + 12);
  const top = w.doc.y + 4;
  w.artifact(() => {
    w.doc.rect(w.left, top, w.width, h).fill(`#${c.panel}`);
    w.doc.rect(w.left, top, BAR, h).fill(`#${c.accent}`);
  });
  const div = w.doc.struct('Div');
  parent.add(div);
  const x = w.left + BAR + PAD;
  let y = top + PAD;
  if (block.title) {
    w.block(div, 'P', [{ text: block.title }], titleStyle, { x, y, width: inner });
    y += titleH;
  }
  block.paragraphs.forEach((p, i) => {
    w.block(div, 'P', p.map((r) => ({ ...r, bold: true })), textStyle, { x, y, width: inner });
    y += heights[i] + gap;
  });
  div.end();
  w.doc.x = w.left;
  w.doc.y = top + h + 14;
}

/** The room a call-out needs on its page (it is never split). */
export function calloutHeight(ctx: BlockContext, block: Callout): number {
  const { w } = ctx;
  const inner = w.width - BAR - 2 * PAD;
  const size = w.theme.report.bodySize + 1.5;
  return 2 * PAD + 18 + block.paragraphs.reduce((sum, p) => sum + w.heightOf(p, { size, bold: true, lineGap: 2.5 }, inner) + size * 0.4, 0);
}
