// `npm run bench`: the standard workload through the real CLI, whole process, as a user runs it.
// Prints medians over several runs of: cold build, no-op rebuild, rebuild after one figure changes,
// the ×10 workload, and the base workload in English and Chinese against English alone, with peak RSS
// (from GNU time). Not a test: numbers to read and report.
// Cold builds alternate with reference.mjs (the same workload drawn by the three libraries alone,
// used well), so each line says how we compare on this machine, whatever its speed that minute; and
// with the reference run under the Node flags our CLI runs with, so tuning the runtime is not counted
// as our code being faster.
// BENCH_REFERENCE=0 skips the reference runs; BENCH_PREVIEW=0 skips the preview's loop (preview.ts);
// BENCH_EDITIONS=1 adds variants, batch builds and the queue (test/bench/editions.mts, which also runs alone).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { cliNodeFlags } from '../../src/bundle.cjs';
import { previewLatency } from './preview.ts';
import { writeWorkloadFixture, type Workload } from './workload.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/bin.cjs');
const REFERENCE = path.join(import.meta.dirname, 'reference.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);
const WITH_REFERENCE = process.env.BENCH_REFERENCE !== '0';
const PREVIEW_EDITS = process.env.BENCH_PREVIEW === '0' ? 0 : 10;

interface Sample { seconds: number; peakMiB: number; charts: { hits: number; misses: number }; upToDate: boolean }

/** Wall time and peak resident set of one process (GNU time; the chart worker is a thread, so included). */
function timed(command: string[]): { seconds: number; peakMiB: number; stderr: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed (${r.status}):\n${r.stderr}`);
  const [seconds, kib] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, peakMiB: kib / 1024, stderr: r.stderr };
}

/** The Node flags `briefsmith` runs with (the first line of src/bin.cjs). */
const CLI_NODE_FLAGS = cliNodeFlags();

/** The reference as it is written, or (tuned) run with the Node flags our CLI runs with, for a like-for-like ratio. */
function referenceOnce(workload: string, outDir: string, tuned = false): Sample {
  const { seconds, peakMiB } = timed([process.execPath, ...(tuned ? CLI_NODE_FLAGS : []), REFERENCE, 'well', workload, outDir]);
  return { seconds, peakMiB, charts: { hits: 0, misses: 0 }, upToDate: false };
}

function buildOnce(dataDir: string, templatesDir: string, outDir: string, ...flags: string[]): Sample {
  // Run as `briefsmith` or `npm start` run it: the executable itself, with the node flags on its first line.
  const { seconds, peakMiB, stderr } = timed([BIN, 'build', '--verbose', '--data', dataDir, '--templates', templatesDir, '--out', outDir, ...flags]);
  // An up-to-date build keeps the last manifest: its chart counts are not this run's.
  const upToDate = stderr.includes('up to date');
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  return { seconds, peakMiB, charts: upToDate ? { hits: 0, misses: 0 } : manifest.charts, upToDate };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fixture(name: string, languages: ('en' | 'zh')[] = ['en']): { dataDir: string; templatesDir: string; dir: string; workload: string } {
  const workload = path.join(import.meta.dirname, 'workloads', `workload-${name}.json`);
  const dir = mkdtempSync(path.join(tmpdir(), `bs-bench-${name}-`));
  return { dir, workload, ...writeWorkloadFixture(JSON.parse(readFileSync(workload, 'utf8')) as Workload, dir, path.join(ROOT, 'templates/theme.json'), languages) };
}

function report(name: string, samples: Sample[], work?: string): void {
  const last = samples[samples.length - 1];
  work ??= last.upToDate ? 'up to date, nothing rebuilt' : `charts rendered ${last.charts.misses}, cached ${last.charts.hits}`;
  console.log(`${name.padEnd(36)} median ${median(samples.map((s) => s.seconds)).toFixed(2)} s   peak RSS ${median(samples.map((s) => s.peakMiB)).toFixed(0)} MiB   ${work}   (${samples.length} runs: ${samples.map((s) => s.seconds.toFixed(2)).join(', ')})`);
}

/** Cold builds into fresh folders, each followed by a reference run when those are on. */
function coldRuns(f: ReturnType<typeof fixture>, runs: number): { ours: Sample[]; reference: Sample[]; tuned: Sample[] } {
  const ours: Sample[] = [];
  const reference: Sample[] = [];
  const tuned: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(buildOnce(f.dataDir, f.templatesDir, mkdtempSync(path.join(f.dir, 'out-cold-'))));
    if (!WITH_REFERENCE) continue;
    reference.push(referenceOnce(f.workload, mkdtempSync(path.join(f.dir, 'ref-'))));
    tuned.push(referenceOnce(f.workload, mkdtempSync(path.join(f.dir, 'ref-tuned-')), true));
  }
  return { ours, reference, tuned };
}

function reportCold(name: string, runs: { ours: Sample[]; reference: Sample[]; tuned: Sample[] }): number {
  report(name, runs.ours);
  const ours = median(runs.ours.map((s) => s.seconds));
  const ratio = (samples: Sample[]) => `ours takes ${(ours / median(samples.map((s) => s.seconds))).toFixed(2)}× its time`;
  if (runs.reference.length) {
    report('  reference: the libraries used well', runs.reference, ratio(runs.reference));
    report(`  reference under ${CLI_NODE_FLAGS.join(' ')}`, runs.tuned, ratio(runs.tuned));
  }
  return ours;
}

const base = fixture('base');
console.log(`Briefsmith benchmark on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, Node ${process.version}`);
// One build first, unmeasured: it writes the bundle of the sources (src/bundle.cjs) if it is stale.
buildOnce(base.dataDir, base.templatesDir, mkdtempSync(path.join(base.dir, 'out-first-')));

const cold = reportCold('base (20 slides), cold', coldRuns(base, RUNS));

const warmOut = mkdtempSync(path.join(base.dir, 'out-warm-'));
buildOnce(base.dataDir, base.templatesDir, warmOut);
const noop = Array.from({ length: RUNS }, () => buildOnce(base.dataDir, base.templatesDir, warmOut));
report('base, no-op rebuild', noop, `up to date: ${Math.round((100 * median(noop.map((s) => s.seconds))) / cold)}% of the cold build`);

// One figure changes per run: exactly one chart should be re-rendered.
const figuresFile = path.join(base.dataDir, 'figures.yaml');
const original = readFileSync(figuresFile, 'utf8');
const oneChange = Array.from({ length: RUNS }, (_, i) => {
  writeFileSync(figuresFile, original.replace(/(s2_d1_1:\n(?:.*\n)*?\s+value: )\d+/, `$1${1000 + i}`));
  return buildOnce(base.dataDir, base.templatesDir, warmOut);
});
writeFileSync(figuresFile, original);
report('base, one figure changed', oneChange);

const scale = fixture('scale');
const scaled = reportCold('scale (200 slides, x10), cold', coldRuns(scale, SCALE_RUNS));
console.log(`x10 content took ${(scaled / cold).toFixed(1)}x the base build's time`);

// The base workload written in English and Chinese: both editions against the English one alone, in turn.
const bilingual = fixture('base', ['en', 'zh']);
const oneLanguage: Sample[] = [];
const twoLanguages: Sample[] = [];
// More pairs than the other lines' runs: this ratio is a target of its own, and the noisiest.
for (let i = 0; i < Math.max(RUNS, 9); i++) {
  oneLanguage.push(buildOnce(bilingual.dataDir, bilingual.templatesDir, mkdtempSync(path.join(bilingual.dir, 'out-en-')), '--lang', 'en'));
  twoLanguages.push(buildOnce(bilingual.dataDir, bilingual.templatesDir, mkdtempSync(path.join(bilingual.dir, 'out-both-'))));
}
report('base in English (--lang en), cold', oneLanguage);
// Each pair ran a minute apart at most: the median of the pairs' ratios holds when the machine's speed drifts.
const pairRatio = median(twoLanguages.map((s, i) => s.seconds / oneLanguage[i].seconds));
const twoRatio = median(twoLanguages.map((s) => s.seconds)) / median(oneLanguage.map((s) => s.seconds));
report('base in English and Chinese, cold', twoLanguages, `${pairRatio.toFixed(2)}× the English edition alone (median of the pairs; of the medians ${twoRatio.toFixed(2)}×)`);

rmSync(base.dir, { recursive: true, force: true });
rmSync(scale.dir, { recursive: true, force: true });
rmSync(bilingual.dir, { recursive: true, force: true });

if (PREVIEW_EDITS) {
  const load = loadavg()[0];
  const { samples } = await previewLatency(PREVIEW_EDITS);
  const ms = (xs: number[]) => `${Math.round(median(xs))} ms`;
  console.log(`${'preview: save → changed slide shown'.padEnd(36)} median ${ms(samples.map((s) => s.total))}   (${samples.length} one-figure edits of the shipped data: ${samples.map((s) => Math.round(s.total)).join(', ')} ms)`);
  const stage = (name: string) => ms(samples.map((s) => s.stages[name] ?? 0));
  console.log(`  where it goes (medians): noticing the save ${ms(samples.map((s) => s.notice))}, building to the deck's drawing ${ms(samples.map((s) => s.build))} (load ${stage('load')}, validate ${stage('validate')}, compose ${stage('compose')}, the rest is reading, chart cache and the deck's layout), to the screen ${ms(samples.map((s) => s.show))}`);
  console.log(`  load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (2 cores)`);
}

// Editions for many readers (variants, batch builds, the queue): a few minutes more, on request.
if (process.env.BENCH_EDITIONS === '1') {
  const { benchEditions } = await import('./editions.mts');
  await benchEditions();
}
