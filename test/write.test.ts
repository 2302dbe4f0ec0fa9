import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeArtifacts } from '../src/write.ts';
import { tempDir } from './helpers/run.ts';

describe('write', () => {
  it('replaces the outputs and leaves no temp files', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, 'report.pdf'), 'old');
    await writeArtifacts(out, [{ name: 'report.pdf', bytes: Buffer.from('new') }, { name: 'briefing.pptx', bytes: Buffer.from('deck') }]);
    expect(readFileSync(path.join(out, 'report.pdf'), 'utf8')).toBe('new');
    expect(readdirSync(out).sort()).toEqual(['briefing.pptx', 'report.pdf']);
  });

  it('changes nothing when any output cannot be written', async () => {
    const out = tempDir('bs-write-');
    writeFileSync(path.join(out, 'report.pdf'), 'old');
    // A directory where a temp file should go makes the second write fail.
    const blocked = path.join(out, `.briefing.pptx.${process.pid}.tmp`);
    mkdirSync(blocked);
    await expect(writeArtifacts(out, [{ name: 'report.pdf', bytes: Buffer.from('new') }, { name: 'briefing.pptx', bytes: Buffer.from('deck') }]))
      .rejects.toThrow(/cannot write/);
    expect(readFileSync(path.join(out, 'report.pdf'), 'utf8')).toBe('old');
    expect(readdirSync(out).filter((n) => n.startsWith('.report'))).toEqual([]);
  });
});
