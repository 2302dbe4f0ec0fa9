// Chart PNGs as image XObjects of our own, instead of pdfkit's PNG support (png-js), which copies every
// compressed byte into a JS array and decodes in JavaScript. An opaque 8-bit RGB PNG's IDAT data is
// already what a PDF image with FlateDecode and the PNG predictor (15) holds: we copy it as it is.
// The XObject is placed at layout time, before the chart has finished rendering; its data is written
// later by `end`, when the PNG has arrived.
import { BriefError } from '../../errors.ts';
import type { ChartImage } from '../../types.ts';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What pdfkit's `doc.image()` takes as an image: anything with `width` and `height`. It calls `embed`
 * once, then draws `/label Do` with `obj` as the page's XObject.
 */
export class ChartXObject {
  obj: PDFKit.PDFKitReference | null = null;

  constructor(readonly chart: ChartImage, readonly label: string) {}

  get width(): number { return this.chart.width; }
  get height(): number { return this.chart.height; }

  embed(doc: PDFKit.PDFDocument): void {
    const { width, height } = this;
    this.obj = doc.ref({
      Type: 'XObject', Subtype: 'Image', Width: width, Height: height,
      BitsPerComponent: 8, ColorSpace: 'DeviceRGB', Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: width },
    });
  }

  /** Writes the pixels and ends the object: pdfkit writes it to the output now. */
  end(png: Buffer): void {
    for (const idat of idatData(png, this.chart)) this.obj!.write(idat);
    this.obj!.end(null);
  }
}

/** The IDAT chunks' data of an 8-bit RGB, non-interlaced PNG of the chart's size; anything else is an error. */
export function idatData(png: Buffer, chart: Pick<ChartImage, 'id' | 'width' | 'height'>): Buffer[] {
  const fail = (what: string) => new BriefError(`chart "${chart.id}": its PNG ${what}; the report embeds only opaque 8-bit RGB, non-interlaced PNGs of the chart's size (${chart.width}×${chart.height})`);
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') throw fail('is not a PNG');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const [depth, colorType, interlace] = [png[24], png[25], png[28]];
  if (depth !== 8 || colorType !== 2) throw fail(`has bit depth ${depth} and colour type ${colorType}${colorType === 6 ? ' (with alpha)' : ''}, not 8-bit RGB (type 2)`);
  if (interlace !== 0) throw fail('is interlaced');
  if (width !== chart.width || height !== chart.height) throw fail(`is ${width}×${height}`);
  const chunks: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > png.length) throw fail('is truncated');
    if (type === 'tRNS') throw fail('has a transparent colour (tRNS)');
    if (type === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') return chunks;
    at += 12 + length;
  }
  throw fail('is truncated (no IEND)');
}
