// The code cache of src/bundle.cjs: a bundled file runs from V8's code cache once a run that did real
// work has written it; a damaged cache is refused and rewritten, never trusted. Each case runs the
// loader in a child process, as the CLI runs it, on a small bundled file of its own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/run.ts';

const LOADER = path.join(ROOT, 'src/bundle.cjs');

/** A small CommonJS file with enough code for V8 to cache, and a function that runs only when called. */
function bundledFile(): string {
  const file = path.join(tempDir('bs-codecache-'), 'entry.cjs');
  const helpers = Array.from({ length: 50 }, (_, i) => `function helper${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(file, `${helpers}\nexports.sum = (n) => { let s = 0; for (let i = 0; i < n; i++) s += helper${49}(i); return s; };\nexports.where = __filename;\n`);
  return file;
}

/** Runs the file through runCached in a fresh Node and prints what its exports return. */
function run(file: string, { worthCaching = true, flags = [] as string[] } = {}): string {
  const script = `import(${JSON.stringify(LOADER)}).then((b) => { const m = b.runCached(${JSON.stringify(file)}); ${worthCaching ? 'b.codeWorthCaching();' : ''} console.log(m.sum(10), m.where); })`;
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
}

/** sum(10): helper49(i) = 49 i + 49 for i = 0…9. */
const SUM_OF_10 = 49 * 45 + 49 * 10;

const caches = (file: string) => readdirSync(path.dirname(file)).filter((n) => n.endsWith('.v8cache')).map((n) => path.join(path.dirname(file), n));

function checksumHolds(cache: string): boolean {
  const bytes = readFileSync(cache);
  return createHash('sha1').update(bytes.subarray(20)).digest().equals(bytes.subarray(0, 20));
}

describe('the code cache of the bundle', () => {
  it('is written by a run that did real work, then read, not rewritten, by the next', () => {
    const file = bundledFile();
    expect(run(file, { worthCaching: false })).toBe(`${SUM_OF_10} ${file}`);
    expect(caches(file)).toEqual([]);

    run(file);
    const [cache] = caches(file);
    expect(cache).toBeDefined();
    expect(checksumHolds(cache)).toBe(true);
    const written = statSync(cache).ino;

    // Accepted: a refused cache would be written again (a new file, renamed into place).
    expect(run(file)).toBe(`${SUM_OF_10} ${file}`);
    expect(statSync(cache).ino).toBe(written);
  });

  it('keeps one cache per set of Node flags, since V8 refuses a cache made under other flags', () => {
    const file = bundledFile();
    run(file);
    run(file, { flags: ['--max-semi-space-size=2'] });
    expect(caches(file)).toHaveLength(2);
  });

  it('refuses a damaged cache, runs correctly without it and writes a sound one', () => {
    const file = bundledFile();
    run(file);
    const [cache] = caches(file);
    const bytes = readFileSync(cache);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(cache, bytes);
    expect(checksumHolds(cache)).toBe(false);

    expect(run(file)).toBe(`${SUM_OF_10} ${file}`);
    expect(checksumHolds(cache)).toBe(true);
  });
});
