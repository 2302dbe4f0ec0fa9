// Font lookups: prefetchFonts asks fontconfig for every face in one shell and must answer exactly as
// fc-match does one face at a time, including for a family that is not installed or whose name would
// mean something to the shell.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontFile, prefetchFonts, type FontWeight } from '../../src/theme/index.ts';
import { tempDir } from '../helpers/run.ts';

const fcMatch = (family: string, weight: FontWeight) =>
  execFileSync('fc-match', ['-f', '%{file}\n%{postscriptname}', `${family}:${weight}`], { encoding: 'utf8' }).split('\n');

describe('prefetchFonts', () => {
  it('finds each face fc-match finds, and refuses what is not installed, shell characters and all', async () => {
    const marker = join(tempDir('bs-fonts-'), 'ran');
    const hostile = `Nonexistent Sans'; touch ${marker}; echo '`;
    const faces: [string, FontWeight][] = [
      ['Noto Sans', 'regular'], ['Noto Sans', 'bold'], ['Noto Sans', 'italic'],
      ['Noto Sans CJK SC', 'regular'], ['Noto Sans CJK SC', 'bold'], [hostile, 'regular'], ['Noto Serif Nowhere', 'bold'],
    ];
    const expected = faces.slice(0, 5).map(([family, weight]) => fcMatch(family, weight));
    await prefetchFonts(faces);

    // From memory now: with no fc-match to run, a lookup that was not prefetched would fail.
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      faces.slice(0, 5).forEach(([family, weight], i) => {
        const [file, postscriptName] = expected[i];
        expect(fontFile(family, weight), `${family} ${weight}`).toEqual({ file, postscriptName });
      });
      for (const [family, weight] of faces.slice(5)) expect(() => fontFile(family, weight)).toThrow(/is not installed/);
    } finally {
      process.env.PATH = path;
    }
    expect(existsSync(marker)).toBe(false);
  });
});
