import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchAndBuild } from '../../src/watch/index.ts';
import { tempDir } from '../helpers/run.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('watchAndBuild', () => {
  it('debounces a burst of changes into one build, never overlaps builds, and queues one more', async () => {
    const dir = tempDir('bs-watch-');
    const file = path.join(dir, 'figures.yaml');
    writeFileSync(file, 'a: 1\n');
    const reasons: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let release: (() => void) | undefined;
    const watcher = watchAndBuild({
      paths: [dir],
      debounceMs: 100,
      build: async (reason) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        reasons.push(reason);
        // The second build waits for the test to let it finish.
        if (reasons.length === 2) await new Promise<void>((r) => { release = r; });
        running--;
      },
      onError: () => {},
    });
    try {
      await watcher.ready;
      expect(reasons).toEqual(['start']);

      for (let i = 0; i < 5; i++) { writeFileSync(file, `a: ${i}\n`); await sleep(20); }
      await until(() => reasons.length === 2);
      await until(() => release !== undefined);

      // Two changes while build 2 is held: they queue exactly one more build.
      writeFileSync(file, 'a: 10\n');
      await sleep(400);
      writeFileSync(file, 'a: 11\n');
      await sleep(400);
      expect(reasons.length).toBe(2);
      release!();
      await until(() => reasons.length === 3);
      await sleep(500);
      expect(reasons.length).toBe(3);
      expect(maxRunning).toBe(1);
      expect(reasons[1]).toContain('figures.yaml');
    } finally {
      await watcher.close();
    }
  });

  it('reports a failed build and keeps watching', async () => {
    const dir = tempDir('bs-watch-');
    const file = path.join(dir, 'figures.yaml');
    writeFileSync(file, 'a: 1\n');
    const errors: unknown[] = [];
    let builds = 0;
    const watcher = watchAndBuild({
      paths: [dir], debounceMs: 50,
      build: async () => { builds++; if (builds === 2) throw new Error('broken data'); },
      onError: (e) => errors.push(e),
    });
    try {
      await watcher.ready;
      writeFileSync(file, 'a: [\n');
      await until(() => errors.length === 1);
      expect(String(errors[0])).toContain('broken data');
      writeFileSync(file, 'a: 2\n');
      await until(() => builds === 3);
    } finally {
      await watcher.close();
    }
  });
});
