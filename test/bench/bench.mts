// `npm run bench`: the standard workload through the real CLI, whole process, as a user runs it.
// Prints medians over several runs of: cold build, no-op rebuild, rebuild after one figure changes,
// and the ×10 workload, with peak RSS (from GNU time). Not a test: numbers to read and report.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeWorkloadFixture, type Workload } from './workload.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/bin.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE_RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 3);

interface Sample { seconds: number; peakMiB: number; charts: { hits: number; misses: number }; upToDate: boolean }

function buildOnce(dataDir: string, templatesDir: string, outDir: string): Sample {
  // GNU time reports the peak resident set of the whole process tree's main process.
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, 'build', '--verbose', '--data', dataDir, '--templates', templatesDir, '--out', outDir], {
    encoding: 'utf8', env: { ...process.env, CI: 'true' },
  });
  if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stderr}`);
  const [seconds, kib] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  // An up-to-date build keeps the last manifest: its chart counts are not this run's.
  const upToDate = r.stderr.includes('up to date');
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  return { seconds, peakMiB: kib / 1024, charts: upToDate ? { hits: 0, misses: 0 } : manifest.charts, upToDate };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function fixture(name: string): { dataDir: string; templatesDir: string; dir: string } {
  const workload = JSON.parse(readFileSync(path.join(import.meta.dirname, 'workloads', `workload-${name}.json`), 'utf8')) as Workload;
  const dir = mkdtempSync(path.join(tmpdir(), `bs-bench-${name}-`));
  return { dir, ...writeWorkloadFixture(workload, dir, path.join(ROOT, 'templates/theme.json')) };
}

function report(name: string, samples: Sample[]): void {
  const last = samples[samples.length - 1];
  const work = last.upToDate ? 'up to date, nothing rebuilt' : `charts rendered ${last.charts.misses}, cached ${last.charts.hits}`;
  console.log(`${name.padEnd(34)} median ${median(samples.map((s) => s.seconds)).toFixed(2)} s   peak RSS ${median(samples.map((s) => s.peakMiB)).toFixed(0)} MiB   ${work}   (${samples.length} runs: ${samples.map((s) => s.seconds.toFixed(2)).join(', ')})`);
}

const base = fixture('base');
console.log(`Briefsmith benchmark on ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, Node ${process.version}`);

const cold = Array.from({ length: RUNS }, () => {
  const out = mkdtempSync(path.join(base.dir, 'out-cold-'));
  return buildOnce(base.dataDir, base.templatesDir, out);
});
report('base (20 slides), cold', cold);

const warmOut = mkdtempSync(path.join(base.dir, 'out-warm-'));
buildOnce(base.dataDir, base.templatesDir, warmOut);
report('base, no-op rebuild', Array.from({ length: RUNS }, () => buildOnce(base.dataDir, base.templatesDir, warmOut)));

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
report('scale (200 slides, x10), cold', Array.from({ length: SCALE_RUNS }, () => {
  const out = mkdtempSync(path.join(scale.dir, 'out-cold-'));
  return buildOnce(scale.dataDir, scale.templatesDir, out);
}));

rmSync(base.dir, { recursive: true, force: true });
rmSync(scale.dir, { recursive: true, force: true });
