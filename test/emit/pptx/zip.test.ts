// The zip writer and reader under the deck (src/emit/pptx/zip.ts), checked by tools nobody here wrote:
// Info-ZIP's unzip tests every CRC and lists names, methods and dates; JSZip reads UTF-8 names; and what
// JSZip writes (pptxgenjs's output) is read back.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readZip, tableCrc32, writeZip, type ZipContent } from '../../../src/emit/pptx/zip.ts';
import { tempDir } from '../../helpers/run.ts';
import { sampleDocument } from '../../helpers/sample-document.ts';
import { deck } from './deck-helpers.ts';

const xml = `<?xml version="1.0"?><p:sld>${'<a:p><a:r><a:t>text</a:t></a:r></a:p>'.repeat(2000)}</p:sld>`;
const image = randomBytes(50_000);
const entries: [string, ZipContent][] = [
  ['ppt/slides/slide1.xml', xml],
  ['ppt/media/image-1-1.png', Promise.resolve(image)],
  ['[Content_Types].xml', '<Types/>'],
  ['ppt/文档.xml', '<t>中文</t>'],
  ['docProps/empty.xml', ''],
];

function unzip(args: string[], bytes: Buffer): string {
  const file = path.join(tempDir('bs-zip-'), 'test.zip');
  writeFileSync(file, bytes);
  const r = spawnSync('unzip', [...args, file], { encoding: 'utf8' });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

describe('zip.ts', () => {
  it('writes an archive unzip accepts: CRCs, names in order, the edition date, images stored and XML deflated', async () => {
    const bytes = await writeZip(new Map(entries), '2026-11-22');
    expect(unzip(['-t'], bytes)).toContain('No errors detected');
    const listing = unzip(['-Z', '-l'], bytes).split('\n').filter((l) => /\s\S+$/.test(l) && /^[-d]/.test(l));
    const names = listing.map((l) => l.split(/\s+/).pop());
    // (unzip shows a non-ASCII name of a DOS-made archive through the DOS code page; the bytes are UTF-8.)
    expect(names.slice(0, 4)).toEqual(['[Content_Types].xml', 'docProps/empty.xml', 'ppt/media/image-1-1.png', 'ppt/slides/slide1.xml']);
    for (const line of listing) expect(line).toContain('26-Nov-22 00:00');
    expect(listing.find((l) => l.endsWith('.png'))).toMatch(/ stor /);
    expect(listing.find((l) => l.endsWith('slide1.xml'))).toMatch(/ defN /);
  });

  it('reads back what it wrote, and what JSZip writes, stored or deflated', async () => {
    const read = readZip(await writeZip(new Map(entries), '2026-11-22'));
    expect(read.get('ppt/slides/slide1.xml')!.toString()).toBe(xml);
    expect(read.get('ppt/media/image-1-1.png')!.equals(image)).toBe(true);
    expect(read.get('ppt/文档.xml')!.toString()).toBe('<t>中文</t>');
    expect(read.get('docProps/empty.xml')!.length).toBe(0);
    const byJszip = await JSZip.loadAsync(await writeZip(new Map(entries), '2026-11-22'));
    expect(await byJszip.file('ppt/文档.xml')!.async('string')).toBe('<t>中文</t>');
    const jszip = new JSZip();
    jszip.file('xl/worksheets/sheet1.xml', xml);
    jszip.file('media/a.png', image, { compression: 'STORE' });
    const fromJszip = readZip(await jszip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect([...fromJszip.keys()].sort()).toEqual(['media/a.png', 'xl/worksheets/sheet1.xml']); // no folder entries
    expect(fromJszip.get('xl/worksheets/sheet1.xml')!.toString()).toBe(xml);
    expect(fromJszip.get('media/a.png')!.equals(image)).toBe(true);
  });

  it('gives the same bytes whatever order the entries come in', async () => {
    const a = await writeZip(new Map(entries), '2026-11-22');
    const b = await writeZip(new Map([...entries].reverse()), '2026-11-22');
    expect(b.equals(a)).toBe(true);
  });

  it('computes CRC-32 in JavaScript exactly as zlib does, for Node before 20.15', () => {
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const data = randomBytes(100_000);
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native) expect(tableCrc32(data)).toBe(native(data));
    expect(tableCrc32(Buffer.alloc(0))).toBe(0);
  });

  it('makes a deck unzip accepts', async () => {
    const d = await deck(sampleDocument());
    expect(unzip(['-t'], d.bytes)).toContain('No errors detected');
  });
});
