// Chart PNGs as image XObjects of our own, instead of pdfkit's PNG support (png-js), which copies every
// compressed byte into a JS array and decodes in JavaScript. An opaque 8-bit RGB PNG's IDAT data is
// already what a PDF image with FlateDecode and the PNG predictor (15) holds: we copy it as it is.
// The XObject is placed at layout time, before the chart has finished rendering; its data is written
// later by `end`, when the PNG has arrived.
import { BriefError } from '../../errors.ts';
import { opaqueRgbPngProblem, pngChunks } from '../../png.ts';
import type { ChartImage } from '../../types.ts';

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

/** The IDAT chunks' data of an opaque 8-bit RGB, non-interlaced PNG of the chart's size; anything else is an error. */
export function idatData(png: Buffer, chart: Pick<ChartImage, 'id' | 'width' | 'height'>): Buffer[] {
  const problem = opaqueRgbPngProblem(png, chart.width, chart.height);
  if (problem) throw new BriefError(`chart "${chart.id}": its PNG ${problem}; the report embeds only opaque 8-bit RGB, non-interlaced PNGs of the chart's size (${chart.width}×${chart.height})`);
  return pngChunks(png)!.filter((c) => c.type === 'IDAT').map((c) => c.data);
}
