import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputFolder, writeArtifacts } from '../src/write.ts';
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
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/a file stands where/), where: { file: expect.stringContaining('.editions') } });
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

  it('refuses a folder where an output belongs before replacing any output', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, 'briefing.pptx'), 'old deck');
    mkdirSync(path.join(out, 'report.pdf'));
    await expect(writeArtifacts(out, [{ name: 'briefing.pptx', chunks: [Buffer.from('new')] }, { name: 'report.pdf', chunks: [Buffer.from('pdf')] }]))
      .rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/is a folder/) });
    expect(readFileSync(path.join(out, 'briefing.pptx'), 'utf8')).toBe('old deck');
    expect(readdirSync(out).sort()).toEqual(['briefing.pptx', 'report.pdf']);
  });
});

describe('the output folder', () => {
  const root = tempDir('bs-outdir-');
  const data = path.join(root, 'data');
  const templates = path.join(root, 'templates');
  mkdirSync(data);
  mkdirSync(templates);
  const inputs = [{ name: 'data', dir: data }, { name: 'templates', dir: templates }];
  const refusal = (out: string) => { try { checkOutputFolder(out, inputs); } catch (e) { return e as Error & { exitCode: number }; } return undefined; };

  it('may be a new folder beside the inputs, or an existing one', () => {
    expect(refusal(path.join(root, 'out'))).toBeUndefined();
    expect(refusal(path.join(root, 'new/deeper/out'))).toBeUndefined();
  });

  it('is never the root, an input folder, inside one, or above one (links resolved)', () => {
    symlinkSync(data, path.join(root, 'data-link'));
    const cases: [string, RegExp][] = [
      ['/', /root of the file system/],
      [data, /is the data folder itself/],
      [path.join(root, 'data-link'), /is the data folder itself/],
      [path.join(data, 'out'), /inside the data folder/],
      [path.join(root, 'data-link/sub/out'), /inside the data folder/],
      [path.join(templates, 'partials'), /inside the templates folder/],
      [root, /holds the data folder/],
    ];
    for (const [out, message] of cases) expect(refusal(out), out).toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
  });

  it('is not a file, nor under one', () => {
    writeFileSync(path.join(root, 'a-file'), 'x');
    expect(refusal(path.join(root, 'a-file'))).toMatchObject({ exitCode: 2, message: expect.stringMatching(/is a file, not a folder/) });
    expect(refusal(path.join(root, 'a-file/out'))).toMatchObject({ exitCode: 2, message: expect.stringMatching(/a-file is a file/) });
  });
});
