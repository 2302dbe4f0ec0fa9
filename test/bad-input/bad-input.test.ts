// Every bad input in the table is refused as the user needs it: exit 2, the place (file:line:column, or
// the path for a file-system mistake), the field or problem named, no stack trace, and nothing changed:
// out/ (a copy of a good build), the data and the templates are byte-identical afterwards.
// Most cases run the CLI's entry in this process (the same main() the executable calls); those marked
// "real CLI" run src/bin.cjs, and "unprivileged" ones as a user who lacks root's rights to every file.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.ts';
import { CASES } from './cases.ts';
import { buildArgs, copyProject, openToEveryone, runCli, runInProcess, STACK_TRACE, treeDigest } from './harness.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('bad input is refused clearly: exit 2, file:line, nothing written, nothing silently changed', () => {
  let good: string;
  beforeAll(async () => {
    good = tempDir('bs-good-');
    const run = await runInProcess(['build', '--out', good]);
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(() => rmSync(good, { recursive: true, force: true }));

  it('has at least 60 cases, covering every class of mistake', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    const kinds = new Set(CASES.map((c) => c.kind));
    for (const kind of ['file system', 'self-harm', 'encoding', 'values', 'ids', 'templates', 'derived', 'theme', 'recipients', 'dubious'] as const) expect(kinds).toContain(kind);
    expect(CASES.filter((c) => c.via).length, 'some through the real executable').toBeGreaterThanOrEqual(10);
    expect(new Set(CASES.map((c) => c.name)).size, 'names are unique').toBe(CASES.length);
  });

  for (const c of CASES) {
    const how = c.via === 'unprivileged' ? 'real CLI, unprivileged' : c.via === 'cli' ? 'real CLI' : 'CLI entry in-process';
    it(`${c.kind}: ${c.name} (${how})`, async () => {
      const p = copyProject(good);
      if (c.via === 'unprivileged') openToEveryone(p.dir);
      const args = c.arrange(p) ?? buildArgs(p);
      const before = [p.out, p.data, p.templates].map(treeDigest);
      const run = c.via ? runCli(args, { unprivileged: c.via === 'unprivileged' }) : await runInProcess(args);
      const printed = run.stderr + run.stdout;
      expect(run.status, printed).toBe(c.exit ?? 2);
      expect(printed).not.toMatch(/internal error|This is a bug/);
      expect(printed).not.toMatch(STACK_TRACE);
      if ((c.exit ?? 2) === 2) {
        const where = c.where(p);
        const [rel, ...position] = where.split(':');
        const shown = (path.isAbsolute(rel) ? rel : path.join(p.dir, rel)) + (position.length ? `:${position.join(':')}` : '');
        // The location stands at the start of a problem line, followed by the field or the message.
        expect(printed, `expected ${shown}`).toMatch(new RegExp(`(^|\\n|error: )${escape(shown)}[: ]`));
        expect(printed).toMatch(c.says);
        expect([p.out, p.data, p.templates].map(treeDigest), 'out/, data/ and templates/ unchanged').toEqual(before);
        if (c.count) expect(printed).toMatch(new RegExp(`^error: ${c.count} problems? in the input`));
      } else {
        // A legitimate input after all: both outputs are written anew, and the inputs are untouched.
        expect(treeDigest(p.out)).not.toBe(before[0]);
        expect([p.data, p.templates].map(treeDigest)).toEqual(before.slice(1));
        c.then?.(p);
      }
      // Kept when the case fails, to look at.
      rmSync(p.dir, { recursive: true, force: true });
    });
  }
});
