// Pictures from the templates folder: the story's images (`![alt](file.png)`) and the theme's logo.
// One place reads a picture the user named and says what is wrong with it (a web address, a path that
// leaves the templates folder, a file that is missing, unreadable, too large, or not a whole PNG, JPEG
// or SVG), measures it (its aspect ratio is kept everywhere), and draws an SVG as PNG pixels for the
// places that cannot take vectors (the report, PowerPoint's fallback picture).
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PNG_SIGNATURE, pngChunks } from './png.ts';
import { nearestName } from './nearest.ts';
import type { ImageFile } from './types.ts';

const require = createRequire(import.meta.url);

/** What is wrong with a picture: said at the place that names it (a template's line, a theme key). */
export interface ImageProblem { message: string; hint: string }

/** Larger files would make the outputs too large to email (the report is sent whole). */
const MAX_BYTES = 20 * 1024 * 1024;
/** Pixels on a side: larger pictures are decoded into more memory than a briefing is worth. */
const MAX_SIDE = 12_000;
const CSS_PX_PER_INCH = 96;

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.svg', '.PNG', '.JPG', '.JPEG', '.SVG'] as const;

const SAY = {
  noPath: 'names no file',
  noPathHint: 'write the file name after the alt text: ![what it shows](picture.png)',
  address: (src: string) => `${src} is a web address; pictures come from the templates folder, nothing is downloaded`,
  addressHint: 'save the picture into the templates folder and name it by its path there, e.g. images/logo.png',
  absolute: (src: string) => `${src} is an absolute path; pictures come from the templates folder`,
  outside: (src: string) => `${src} leads outside the templates folder`,
  linkOutside: (src: string) => `${src} is a link to a file outside the templates folder`,
  insideHint: 'copy the picture into the templates folder and name it relative to it, e.g. images/logo.png',
  missing: (src: string) => `${src} does not exist in the templates folder`,
  missingHint: (near: string | undefined, known: string[]) => near ? `did you mean ${near}?`
    : known.length ? `pictures there: ${known.slice(0, 6).join(', ')}${known.length > 6 ? ', …' : ''}` : 'put the picture in the templates folder (next to story.hbs) and name it by its path there',
  folder: (src: string) => `${src} is a folder, not a picture`,
  unreadable: (src: string, why: string) => `${src} cannot be read (${why})`,
  unreadableHint: 'make the file readable (chmod a+r) and check that it is a regular file',
  tooLarge: (src: string, mb: number) => `${src} is ${mb.toFixed(1)} MB; a picture may be at most ${MAX_BYTES / 1024 / 1024} MB`,
  tooLargeHint: 'save a smaller copy (about 2000 pixels across is plenty for a slide)',
  tooManyPixels: (src: string, w: number, h: number) => `${src} is ${w}×${h} pixels; a picture may be at most ${MAX_SIDE} on a side`,
  otherFormat: (src: string, format: string) => `${src} is a ${format} picture; Briefsmith takes PNG, JPEG and SVG`,
  otherFormatHint: 'save it as PNG (or JPEG for a photograph)',
  notImage: (src: string) => `${src} is not a PNG, JPEG or SVG picture`,
  notImageHint: 'check that the file is the picture you mean, saved as PNG, JPEG or SVG',
  damaged: (src: string, format: string, why: string) => `${src} is not a whole ${format} picture (${why})`,
  damagedHint: 'open it in an image editor and save it again',
  cut: 'the file ends too soon: it was cut short',
  undecodable: 'its pixels cannot be decoded',
  svgNoSize: (src: string) => `${src} has no size: its <svg> has neither a viewBox nor a width and height`,
  svgNoSizeHint: 'add viewBox="0 0 W H" to the <svg> element (most editors write it when the drawing is saved as plain SVG)',
  svgExternal: (src: string, ref: string) => `${src} refers to another file (${ref}); an SVG must hold everything it draws`,
  svgExternalHint: 'embed the referenced picture (most editors: "embed images") or export the SVG again as plain SVG',
} as const;

/**
 * Reads the picture `src` names, relative to the templates folder, and checks it. Returns the
 * picture or the problem with it (for the caller to report where `src` was written).
 */
export function readImage(templatesDir: string, src: string): ImageFile | ImageProblem {
  const written = src.trim();
  if (!written) return { message: SAY.noPath, hint: SAY.noPathHint };
  if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//')) return { message: SAY.address(written), hint: SAY.addressHint };
  if (path.isAbsolute(written) || /^[a-z]:[\\/]/i.test(written)) return { message: SAY.absolute(written), hint: SAY.insideHint };
  const root = path.resolve(templatesDir);
  const file = path.resolve(root, written);
  if (!inside(root, file)) return { message: SAY.outside(written), hint: SAY.insideHint };

  const stats = statOf(file);
  if (stats === MISSING) {
    const known = picturesIn(root);
    return { message: SAY.missing(written), hint: SAY.missingHint(nearestName(written, known), known) };
  }
  if (typeof stats === 'string') return { message: SAY.unreadable(written, stats), hint: SAY.unreadableHint };
  if (stats.isDirectory()) return { message: SAY.folder(written), hint: SAY.missingHint(undefined, picturesIn(root)) };
  if (!stats.isFile()) return { message: SAY.unreadable(written, 'not a regular file'), hint: SAY.unreadableHint };
  // A link may lead anywhere: where it really is must be inside the templates folder too.
  if (lstatSync(file).isSymbolicLink() && !inside(realpathSync(root), realpathSync(file))) return { message: SAY.linkOutside(written), hint: SAY.insideHint };
  if (stats.size > MAX_BYTES) return { message: SAY.tooLarge(written, stats.size / 1024 / 1024), hint: SAY.tooLargeHint };

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { message: SAY.unreadable(written, (error as NodeJS.ErrnoException).code ?? 'error'), hint: SAY.unreadableHint };
  }
  return imageOf(written, bytes);
}

/** The picture in `bytes` (named `src`), checked: a whole PNG, JPEG or SVG of a size that can be drawn. */
export function imageOf(src: string, bytes: Buffer): ImageFile | ImageProblem {
  const format = sniff(bytes);
  if (typeof format === 'object') return format.other ? { message: SAY.otherFormat(src, format.other), hint: SAY.otherFormatHint } : { message: SAY.notImage(src), hint: SAY.notImageHint };
  const size = format === 'svg' ? svgSize(bytes.toString('utf8')) : format === 'png' ? pngSize(bytes) : jpegSize(bytes);
  if (!size) return format === 'svg' ? { message: SAY.svgNoSize(src), hint: SAY.svgNoSizeHint } : { message: SAY.damaged(src, format.toUpperCase(), 'its size cannot be read'), hint: SAY.damagedHint };
  if (size.width > MAX_SIDE || size.height > MAX_SIDE) return { message: SAY.tooManyPixels(src, Math.round(size.width), Math.round(size.height)), hint: SAY.tooLargeHint };
  if (format === 'svg') {
    const ref = externalReference(bytes.toString('utf8'));
    if (ref) return { message: SAY.svgExternal(src, ref), hint: SAY.svgExternalHint };
  }
  // A file cut short (an interrupted download or copy) lacks its end; decoding it whole tests the rest.
  const why = cutShort(format, bytes) ?? decodeProblem(format === 'svg' ? sizedSvg(bytes, size.width, size.height) : bytes);
  if (why) return { message: SAY.damaged(src, format.toUpperCase(), why), hint: SAY.damagedHint };
  return { src, format, bytes, width: size.width, height: size.height, hash: createHash('sha256').update(bytes).digest('hex') };
}

export function isImageProblem(x: ImageFile | ImageProblem): x is ImageProblem {
  return 'message' in x;
}

/** The picture as PNG pixels `width` across (its aspect kept), for places that take no SVG: transparent where it is. */
export function rasterPng(image: ImageFile, width: number): Buffer {
  const { createCanvas, Image } = require('canvas') as typeof import('canvas');
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round((w * image.height) / image.width));
  const picture = new Image();
  let failure: Error | undefined;
  picture.onerror = (e: Error) => { failure = e; };
  picture.src = image.format === 'svg' ? sizedSvg(image.bytes, w, h) : image.bytes;
  if (failure) throw failure;
  const canvas = createCanvas(w, h);
  canvas.getContext('2d').drawImage(picture, 0, 0, w, h);
  return canvas.toBuffer('image/png');
}

/** The MIME type of a picture, for data: URLs and packages. */
export function mimeType(image: Pick<ImageFile, 'format'>): string {
  return image.format === 'svg' ? 'image/svg+xml' : `image/${image.format}`;
}

/**
 * Where a picture of aspect `width/height` goes in a box: as large as fits, centred, and at most
 * `maxWidth` wide (in the box's unit) when given.
 */
export function fitInto(box: { x: number; y: number; w: number; h: number }, image: Pick<ImageFile, 'width' | 'height'>, maxWidth = Infinity): { x: number; y: number; w: number; h: number } {
  const aspect = image.width / image.height;
  const w = Math.min(box.w, box.h * aspect, maxWidth);
  const h = w / aspect;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

function inside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const MISSING = 'missing';

function statOf(file: string): Stats | string {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' || code === 'ENOTDIR' ? MISSING : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'a link that leads back to itself' : code;
  }
}

/** The pictures in the templates folder (two levels deep), by their path there, for "did you mean". */
function picturesIn(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const file = path.join(dir, e.name);
      if (e.isDirectory() && depth < 2) visit(file, depth + 1);
      else if ((IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(e.name))) found.push(path.relative(root, file).split(path.sep).join('/'));
    }
  };
  visit(root, 0);
  return found;
}

/** The format by the file's first bytes (never by its name), or the name of a format we do not take. */
function sniff(bytes: Buffer): ImageFile['format'] | { other?: string } {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 16).toString('latin1');
  if (head.startsWith('GIF8')) return { other: 'GIF' };
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return { other: 'WebP' };
  if (head.startsWith('BM')) return { other: 'BMP' };
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return { other: 'TIFF' };
  if (head.slice(4, 12) === 'ftypavif' || head.slice(4, 12) === 'ftypheic') return { other: head.slice(8, 12).toUpperCase() };
  if (head.startsWith('%PDF')) return { other: 'PDF' };
  const text = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  // An SVG: XML whose first element, past the declaration, comments and doctype, is <svg>.
  if (/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text)) return 'svg';
  return {};
}

function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  return width && height ? { width, height } : undefined;
}

/** A JPEG's size, from its first start-of-frame segment. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) { at++; continue; }
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15, but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = bytes.readUInt16BE(at + 5);
      const width = bytes.readUInt16BE(at + 7);
      return width && height ? { width, height } : undefined;
    }
    at += 2 + length;
  }
  return undefined;
}

/** The root <svg> element's opening tag. */
const ROOT_TAG = /<svg\b[^>]*>/i;

/** An SVG's size in CSS pixels: its width and height (in px, pt, mm, cm or in), else its viewBox's. */
export function svgSize(text: string): { width: number; height: number } | undefined {
  const tag = ROOT_TAG.exec(text)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
  const box = attr('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const boxSize = box && box.length === 4 && box[2] > 0 && box[3] > 0 ? { width: box[2], height: box[3] } : undefined;
  const width = length(attr('width'));
  const height = length(attr('height'));
  if (width && height) return { width, height };
  if (boxSize && width) return { width, height: (width * boxSize.height) / boxSize.width };
  if (boxSize && height) return { width: (height * boxSize.width) / boxSize.height, height };
  return boxSize;
}

/** A length of an SVG attribute in CSS pixels; undefined for a percentage, nothing or nonsense. */
function length(value: string | undefined): number | undefined {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const per: Record<string, number> = { px: 1, pt: CSS_PX_PER_INCH / 72, pc: CSS_PX_PER_INCH / 6, mm: CSS_PX_PER_INCH / 25.4, cm: CSS_PX_PER_INCH / 2.54, in: CSS_PX_PER_INCH };
  const n = Number(m[1]) * per[(m[2] ?? 'px').toLowerCase()];
  return n > 0 && Number.isFinite(n) ? n : undefined;
}

/** The first reference an SVG makes to something outside itself (a file, a web address); undefined if none. */
function externalReference(text: string): string | undefined {
  const refs = [
    ...[...text.matchAll(/\s(?:xlink:)?href\s*=\s*["']\s*([^"']*)["']/gi)].map((m) => m[1]),
    ...[...text.matchAll(/url\(\s*["']?\s*([^"')]*)/gi)].map((m) => m[1]),
    ...[...text.matchAll(/@import\s+(?:url\()?\s*["']?([^"');\s]*)/gi)].map((m) => m[1]),
  ];
  return refs.find((r) => !r.startsWith('#') && !/^data:/i.test(r));
}

/** The SVG with its root's width and height set (librsvg, under canvas, draws only an SVG that has them). */
function sizedSvg(bytes: Buffer, width: number, height: number): Buffer {
  const text = bytes.toString('utf8');
  const tag = ROOT_TAG.exec(text);
  if (!tag) return bytes;
  const natural = svgSize(text);
  let opening = tag[0].replace(/\s(?:width|height)\s*=\s*["'][^"']*["']/gi, '');
  // Without a viewBox the drawing would not scale with the new size: it gets the one its size implies.
  if (!/\sviewBox\s*=/i.test(opening) && natural) opening = opening.replace(/^<svg\b/i, `<svg viewBox="0 0 ${natural.width} ${natural.height}"`);
  opening = opening.replace(/^<svg\b/i, `<svg width="${width}" height="${height}"`);
  return Buffer.from(text.slice(0, tag.index) + opening + text.slice(tag.index + tag[0].length), 'utf8');
}

/** A PNG without its last chunk (IEND), a JPEG without its end marker: the file was cut short. */
function cutShort(format: ImageFile['format'], bytes: Buffer): string | undefined {
  if (format === 'png' && !pngChunks(bytes)) return SAY.cut;
  if (format === 'jpeg' && bytes.lastIndexOf(JPEG_END) < 0) return SAY.cut;
  return undefined;
}

const JPEG_END = Buffer.from([0xff, 0xd9]);

/** Why canvas (cairo, libjpeg, librsvg) cannot decode the bytes; undefined when it can. */
function decodeProblem(bytes: Buffer): string | undefined {
  const { Image } = require('canvas') as typeof import('canvas');
  const picture = new Image();
  let failure = false;
  picture.onerror = () => { failure = true; };
  picture.src = bytes;
  return failure || !picture.width || !picture.height ? SAY.undecodable : undefined;
}
