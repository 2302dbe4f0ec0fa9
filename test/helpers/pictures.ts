// Pictures for tests, made here: a PNG of a given size (drawn with canvas: a band of colour and a
// disc, so that a rendering shows which way up it is) and SVG text with a root of one's choosing.
import { createCanvas } from 'canvas';

export function pngOf(width: number, height: number, colours: [string, string] = ['#3C8D7B', '#E07A1F']): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = colours[0];
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = colours[1];
  ctx.beginPath();
  ctx.arc(width * 0.3, height * 0.5, Math.min(width, height) * 0.3, 0, 2 * Math.PI);
  ctx.fill();
  return canvas.toBuffer('image/png');
}

export function jpegOf(width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1F3A5F';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#F2F5F9';
  ctx.fillRect(width * 0.1, height * 0.1, width * 0.4, height * 0.3);
  return canvas.toBuffer('image/jpeg');
}

/** An SVG whose root has these attributes (a viewBox, a width and height, or none), drawing a bar and a disc. */
export function svgOf(rootAttributes: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${rootAttributes}><rect x="0" y="0" width="120" height="40" rx="6" fill="#1F3A5F"/><circle cx="20" cy="20" r="12" fill="#E07A1F"/><rect x="40" y="14" width="70" height="12" fill="#FFFFFF"/></svg>\n`;
}
