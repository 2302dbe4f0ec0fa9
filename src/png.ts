// PNG files as Briefsmith makes them: opaque 8-bit RGB, not interlaced. One check for every place that
// takes a chart's PNG (the renderer, the chart cache, the report that embeds its pixel data as it is).

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG in file order, up to IEND (their data shares memory with `png`); null if cut short. */
export function pngChunks(png: Buffer): { type: string; data: Buffer }[] | null {
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at + 12 <= png.length;) {
    const length = png.readUInt32BE(at);
    if (at + 12 + length > png.length) return null;
    const type = png.toString('latin1', at + 4, at + 8);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    if (type === 'IEND') return chunks;
    at += 12 + length;
  }
  return null;
}

/** Why `png` is not a whole, opaque, 8-bit RGB, non-interlaced PNG of width × height; null when it is. */
export function opaqueRgbPngProblem(png: Buffer, width: number, height: number): string | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') return 'is not a PNG';
  const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const [depth, colorType, interlace] = [png[24], png[25], png[28]];
  if (w !== width || h !== height) return `is ${w}×${h} px instead of ${width}×${height}`;
  if (depth !== 8 || colorType !== 2) return `has bit depth ${depth} and colour type ${colorType}${colorType === 6 ? ' (with alpha)' : ''}, not 8-bit RGB (type 2)`;
  if (interlace !== 0) return 'is interlaced';
  const chunks = pngChunks(png);
  if (!chunks) return 'is truncated';
  if (chunks.some((c) => c.type === 'tRNS')) return 'has a transparent colour (tRNS)';
  return null;
}
