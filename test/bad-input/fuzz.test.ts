// Seeded random mutations of the shipped data, templates and theme (a key dropped or doubled, a value
// retyped, characters pasted in, a line deleted, a file cut short), each built by the CLI's entry in
// this process. Every build must either succeed with well-formed outputs, or exit 2 naming the place
// of each problem in the project with out/ left byte-identical: never exit 1, never a stack trace,
// never minutes. Each mutation builds one edition, in turn: the deck with native charts, the deck
// with chart images, the report. Checked for each success: every XML part of the deck well-formed
// (test/helpers/xml.ts, which agrees with xmllint), the report by qpdf --check; and every
// SCHEMA_EVERY-th deck against the ECMA-376 schemas (ooxml-validate). Every CLI_EVERY-th mutation is
// built again by the real executable, which must say the same.
// BRIEFSMITH_FUZZ=<count> and BRIEFSMITH_FUZZ_SEED=<first seed> replay or widen the run;
// BRIEFSMITH_FUZZ_LOG=1 prints what each mutation did and what the build said.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run.ts';
import { xmlProblem } from '../helpers/xml.ts';
import { buildArgs, copyProject, runCli, runInProcess, STACK_TRACE, treeDigest, type Project, type Run } from './harness.ts';
import { mutate, random } from './mutate.ts';

const COUNT = Number(process.env.BRIEFSMITH_FUZZ ?? 200);
const FIRST = Number(process.env.BRIEFSMITH_FUZZ_SEED ?? 1);
const BATCH = 20;
const SCHEMA_EVERY = 12;
const CLI_EVERY = 40;
/** A build that takes longer than this is reported (a hang, or work that grows out of hand). */
const SLOW_MS = 30_000;
const VALIDATOR = path.join(ROOT, '../shared/tools/ooxml-validate');

/** The shipped project's files in a folder, by their path in the project (read, so the list follows the story). */
function listed(folder: string, ext: string): string[] {
  return readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith(ext)).sort().map((f) => `${folder}/${f}`);
}

/** The files a mutation may touch: every data file, template and the theme (recipients are send's). */
const FILES = [
  ...listed('data', '.yaml').filter((f) => f !== 'data/recipients.yaml'),
  'templates/story.hbs', ...listed('templates/partials', '.hbs'),
  'templates/theme.json',
];
const EDITIONS = [['--only', 'deck', '--charts', 'native'], ['--only', 'deck'], ['--only', 'report']];

interface Outcome { seed: number; label: string; run: Run; ms: number; p: Project; edition: string[] }

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What is wrong with the way a build answered a mutation, or undefined when it answered as it must. */
async function judge(o: Outcome, before: string, counts: Record<string, number>): Promise<string | undefined> {
  const { run, p } = o;
  const printed = run.stderr + run.stdout;
  if (o.ms > SLOW_MS) return `took ${Math.round(o.ms / 1000)} s`;
  if (/internal error|This is a bug/.test(printed) || STACK_TRACE.test(printed)) return `internal error: ${printed.slice(0, 300)}`;
  if (run.status === 2) {
    counts.refused++;
    if (treeDigest(p.out) !== before) return 'out/ changed by a failed build';
    // Every problem names a file or folder of the project; the header line aside.
    const lines = printed.split('\n').filter((l) => l && !l.startsWith('  ') && !/^error: \d+ problems? in the input:$/.test(l));
    const inProject = new RegExp(`^(error: )?${escape(p.dir)}/`);
    const stray = lines.filter((l) => !inProject.test(l));
    if (stray.length) return `a problem without its place: ${stray[0].slice(0, 200)}`;
    if (lines.some((l) => new RegExp(`^(error: )?${escape(p.dir)}/[^ ]*:\\d+`).test(l))) counts.withLine++;
    return undefined;
  }
  if (run.status !== 0) return `exit ${run.status}: ${printed.slice(0, 300)}`;
  counts.built++;
  if (o.edition.includes('deck')) {
    const zip = await JSZip.loadAsync(readFileSync(path.join(p.out, 'briefing.pptx')));
    for (const name of Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n))) {
      const problem = xmlProblem(await zip.file(name)!.async('string'));
      if (problem) return `deck part ${name} is not well-formed XML: ${problem}`;
    }
    if (++counts.decks % SCHEMA_EVERY === 1) {
      counts.schema++;
      const r = spawnSync(VALIDATOR, [path.join(p.out, 'briefing.pptx')], { encoding: 'utf8', timeout: 120_000 });
      if (r.status !== 0) return `deck fails the ECMA-376 schemas: ${(r.stdout + r.stderr).slice(0, 400)}`;
    }
  } else {
    const r = spawnSync('qpdf', ['--check', path.join(p.out, 'report.pdf')], { encoding: 'utf8' });
    if (r.status !== 0) return `qpdf rejects the report: ${(r.stdout + r.stderr).slice(0, 300)}`;
  }
  return undefined;
}

describe('fuzz: mutated data, templates and theme give valid outputs or exit 2 with the place, never exit 1', () => {
  let good: string;
  const counts = { refused: 0, withLine: 0, built: 0, decks: 0, schema: 0, cli: 0 };
  beforeAll(async () => {
    expect(existsSync(VALIDATOR), `${VALIDATOR} (../shared beside the clone)`).toBe(true);
    good = tempDir('bs-fuzz-good-');
    const run = await runInProcess(['build', '--out', good]);
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(() => rmSync(good, { recursive: true, force: true }));

  for (let start = FIRST; start < FIRST + COUNT; start += BATCH) {
    const seeds = Array.from({ length: Math.min(BATCH, FIRST + COUNT - start) }, (_, i) => start + i);
    // Bounded by the count, not by a clock: a loaded machine is slow, and a hang is caught per build (SLOW_MS).
    it(`seeds ${seeds[0]}–${seeds[seeds.length - 1]}: built in-process (every ${CLI_EVERY}th by the real CLI too)`, { timeout: 30 * 60_000 }, async () => {
      const failures: string[] = [];
      for (const seed of seeds) {
        const p = copyProject(good);
        const rand = random(seed);
        const labels = [mutate(p.dir, FILES, rand).label];
        if (rand() < 0.2) labels.push(mutate(p.dir, FILES, rand).label);
        const edition = EDITIONS[seed % EDITIONS.length];
        const before = treeDigest(p.out);
        const started = performance.now();
        const run = await runInProcess(buildArgs(p, edition));
        const outcome = { seed, label: labels.join('; '), run, ms: performance.now() - started, p, edition };
        const wrong = await judge(outcome, before, counts);
        if (process.env.BRIEFSMITH_FUZZ_LOG) console.log(`seed ${seed} [${edition.join(' ')}] ${outcome.label} → ${run.status} ${Math.round(outcome.ms)} ms ${(run.stderr.split('\n').find((l) => l.startsWith('/')) ?? run.stderr.split('\n')[0]).split(p.dir).join('')}`);
        if (wrong) failures.push(`seed ${seed} (${outcome.label}; ${edition.join(' ')}): ${wrong} [kept in ${p.dir}]`);
        else rmSync(p.dir, { recursive: true, force: true });
        if (seed % CLI_EVERY === 0) {
          // The real executable on the same mutation, in a folder of its own: the same answer.
          counts.cli++;
          const q = copyProject(good);
          const again = random(seed);
          mutate(q.dir, FILES, again);
          if (again() < 0.2) mutate(q.dir, FILES, again);
          const cli = runCli(buildArgs(q, edition), { timeoutMs: 120_000 });
          // A refusal must read the same; a success says how long it took, which differs.
          const same = (r: Run, dir: string) => (r.status === 2 ? `2 ${r.stderr.split(dir).join('<project>')}` : String(r.status));
          if (same(cli, q.dir) !== same(run, p.dir)) failures.push(`seed ${seed}: the real CLI said ${same(cli, q.dir)}, in-process ${same(run, p.dir)}`);
          rmSync(q.dir, { recursive: true, force: true });
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('refused most mutations with a line number, and built and checked the rest', () => {
    // The mix matters: a fuzz that only ever fails early, or never fails, tests little.
    console.log(`fuzz: ${COUNT} mutations, ${counts.refused} refused (${counts.withLine} naming a line), ${counts.built} built (${counts.schema} schema-validated), ${counts.cli} also by the real CLI`);
    expect(counts.refused + counts.built).toBe(COUNT);
    expect(counts.refused).toBeGreaterThan(COUNT * 0.3);
    expect(counts.built).toBeGreaterThan(COUNT * 0.15);
    expect(counts.withLine).toBeGreaterThan(counts.refused * 0.8);
    expect(counts.schema).toBeGreaterThan(0);
  });
});

