// Stand-in pictures for charts still rendering. The deck is laid out and written with a tiny valid PNG
// per chart (1×1 px, the chart id in a private chunk); package.ts swaps each for the chart's real PNG
// once it arrives, so no slide waits for pixels and the result does not depend on when they come.
import zlib from 'node:zlib';
import { PNG_SIGNATURE } from '../../png.ts';
import { crc32 } from './zip.ts';

/** A private ancillary chunk type (lower, lower, upper, lower): readers skip it, no one else writes it. */
const TYPE = 'bsCh';
const MARKER = 'briefsmith-chart:';
/** Where the marker chunk's type stands: after the signature (8) and IHDR (25), and its length (4). */
const TYPE_AT = 8 + 25 + 4;

/** The placeholder PNG of a chart. */
export function placeholderPng(chartId: string): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]); // 1×1, 8-bit greyscale
  return Buffer.concat([
    PNG_SIGNATURE, chunk('IHDR', ihdr), chunk(TYPE, Buffer.from(MARKER + chartId, 'utf8')),
    chunk('IDAT', zlib.deflateSync(Buffer.from([0, 0xff]))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The chart id a placeholder PNG stands for; undefined for any other bytes. */
export function placeholderChartId(bytes: Buffer): string | undefined {
  if (bytes.length < TYPE_AT + 4 || bytes.toString('latin1', TYPE_AT, TYPE_AT + 4) !== TYPE) return undefined;
  const data = bytes.toString('utf8', TYPE_AT + 4, TYPE_AT + 4 + bytes.readUInt32BE(TYPE_AT - 4));
  return data.startsWith(MARKER) && bytes.subarray(0, 8).equals(PNG_SIGNATURE) ? data.slice(MARKER.length) : undefined;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}
