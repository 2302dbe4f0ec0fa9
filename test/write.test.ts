import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeArtifacts } from '../src/write.ts';
import { tempDir } from './helpers/run.ts';

describe('write', () => {
  it('replaces the outputs and leaves no temp files', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, 'report.pdf'), 'old');
    await writeArtifacts(out, [{ name: 'report.pdf', chunks: [Buffer.from('new')] }, { name: 'briefing.pptx', chunks: [Buffer.from('deck')] }]);
    expect(readFileSync(path.join(out, 'report.pdf'), 'utf8')).toBe('new');
    expect(readdirSync(out).sort()).toEqual(['briefing.pptx', 'report.pdf']);
  });

  it('changes nothing when any output cannot be written', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, 'report.pdf'), 'old');
    // A file where a folder should be makes the second write fail.
    writeFileSync(path.join(out, '.editions'), 'not a folder');
    await expect(writeArtifacts(out, [{ name: 'report.pdf', chunks: [Buffer.from('new')] }, { name: '.editions/2026-11-22.json', chunks: [Buffer.from('{}')] }]))
      .rejects.toThrow(/cannot write/);
    expect(readFileSync(path.join(out, 'report.pdf'), 'utf8')).toBe('old');
    expect(readdirSync(out).filter((n) => n.startsWith('.report'))).toEqual([]);
  });

  it('joins an output made of thousands of small chunks, in order, byte for byte', async () => {
    const out = tempDir('bs-write-');
    // Like pdfkit's output: many small pieces, a few large ones, about 3 MiB in all.
    const chunks = Array.from({ length: 3000 }, (_, i) => Buffer.alloc(i % 500 === 0 ? 200_000 : 300, i % 251));
    await writeArtifacts(out, [{ name: 'report.pdf', chunks }]);
    expect(readFileSync(path.join(out, 'report.pdf')).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('writes into sub-folders and clears temp files a killed build left behind', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, '.report.pdf.99999.tmp'), 'half a file');
    await writeArtifacts(out, [{ name: 'report.pdf', chunks: [Buffer.from('new')] }, { name: '.editions/2026-11-22.json', chunks: [Buffer.from('{}')] }]);
    expect(readdirSync(out).sort()).toEqual(['.editions', 'report.pdf']);
    expect(readFileSync(path.join(out, '.editions/2026-11-22.json'), 'utf8')).toBe('{}');
  });
});
