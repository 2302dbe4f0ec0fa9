// Zip archives on node:zlib, for the deck package and the workbooks inside it. Reading takes what
// pptxgenjs (JSZip) writes. Writing is deterministic: [Content_Types].xml first (as Office writes it),
// the other entries in name order, every entry dated from the edition; XML is deflated on libuv's
// thread pool, several entries at once, while images are stored (they are compressed already).
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** An entry's content; a promise for content still being made (a chart's PNG). */
export type ZipContent = Buffer | string | Promise<Buffer>;

const deflateRaw = promisify(zlib.deflateRaw);
const STORED = /\.(png|jpe?g|gif)$/i;
/** libuv's thread pool size: more deflates at once would only queue, each holding ~256 KiB of zlib state. */
const PARALLEL = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 };

/** The files of a zip, name → bytes (folders skipped). Stored entries share memory with `zip`. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(u32(SIG.end));
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const files = new Map<string, Buffer>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    if (zip.readUInt32LE(at) !== SIG.central) throw new Error(`zip: bad central directory entry at ${at}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (name.endsWith('/')) continue;
    if (flags & 1 || size === 0xffffffff) throw new Error(`zip: ${name} is encrypted or zip64, which this reader does not take`);
    // The local header's extra field may differ from the central one: its own lengths say where data starts.
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    if (method === 0) files.set(name, data);
    else if (method === 8) files.set(name, zlib.inflateRawSync(data));
    else throw new Error(`zip: ${name} uses compression method ${method}`);
  }
  return files;
}

/** A deterministic zip of the files, dated `isoDate` (YYYY-MM-DD, midnight). */
export async function writeZip(files: Map<string, ZipContent>, isoDate: string): Promise<Buffer> {
  return Buffer.concat(await zipChunks(files, isoDate));
}

/** The same zip as writeZip, in pieces (headers and each entry's data), not copied into one buffer. */
export async function zipChunks(files: Map<string, ZipContent>, isoDate: string): Promise<Buffer[]> {
  const names = [...files.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  if (names.length > 0xffff) throw new Error('zip: more than 65535 entries needs zip64');
  const [year, month, day] = isoDate.split('-').map(Number);
  const dosDate = ((year - 1980) << 9) | (month << 5) | day; // the time is 00:00:00, DOS time 0
  // Deflate jobs go through a few workers; stored entries (chart PNGs may still be coming) wait outside them.
  const deflating = names.filter((n) => !STORED.test(n));
  const deflated = new Map<string, Entry>();
  const deflateNext = async () => {
    for (let name = deflating.shift(); name !== undefined; name = deflating.shift()) {
      const raw = toBuffer(await files.get(name)!);
      deflated.set(name, { data: await deflateRaw(raw, { level: 6 }), crc: crc32(raw), size: raw.length, method: 8 });
    }
  };
  const [stored] = await Promise.all([
    Promise.all(names.map(async (n) => (STORED.test(n) ? store(toBuffer(await files.get(n)!)) : undefined))),
    ...Array.from({ length: PARALLEL }, deflateNext),
  ]);

  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  names.forEach((name, i) => {
    const { data, crc, size, method } = stored[i] ?? deflated.get(name)!;
    const nameBytes = Buffer.from(name, 'utf8');
    // version 2.0, UTF-8 flag only for names that need it, method, time, date, crc, sizes, name length
    const fields = Buffer.alloc(26);
    fields.writeUInt16LE(20, 0);
    fields.writeUInt16LE(nameBytes.length === name.length ? 0 : 0x800, 2);
    fields.writeUInt16LE(method, 4);
    fields.writeUInt16LE(dosDate, 8);
    fields.writeUInt32LE(crc, 10);
    fields.writeUInt32LE(data.length, 14);
    fields.writeUInt32LE(size, 18);
    fields.writeUInt16LE(nameBytes.length, 22);
    chunks.push(u32(SIG.local), fields, nameBytes, data);
    const tail = Buffer.alloc(14); // comment length, disk, attributes: 0; then the local header's offset
    tail.writeUInt32LE(offset, 10);
    central.push(u32(SIG.central), u16(20), fields, tail, nameBytes);
    offset += 4 + fields.length + nameBytes.length + data.length;
    if (offset > 0xffffffff) throw new Error('zip: larger than 4 GiB needs zip64');
  });
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG.end, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...chunks, ...central, end];
}

/** CRC-32 as zip and PNG use it: zlib's native one from Node 20.15, else a table in JavaScript. */
export const crc32: (data: Uint8Array) => number = (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? tableCrc32;

let table: Int32Array | undefined;
export function tableCrc32(data: Uint8Array): number {
  table ??= Int32Array.from({ length: 256 }, (_, n) => {
    for (let k = 0; k < 8; k++) n = n & 1 ? 0xedb88320 ^ (n >>> 1) : n >>> 1;
    return n;
  });
  let c = -1;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface Entry { data: Buffer; crc: number; size: number; method: 0 | 8 }
const store = (data: Buffer): Entry => ({ data, crc: crc32(data), size: data.length, method: 0 });
const rank = (name: string) => (name === '[Content_Types].xml' ? 0 : 1);
const toBuffer = (content: Buffer | string) => (typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
const u16 = (n: number) => Buffer.from([n & 0xff, n >>> 8]);
function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
