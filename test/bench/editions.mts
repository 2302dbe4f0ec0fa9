// `BENCH_EDITIONS=1 npm run bench`: editions for many readers, timed (a few minutes).
// - 100 variants of the standard workload: `build --all-variants` against 100 separate
//   `build --variant` runs (the target: at least 1.8× faster on 2 cores);
// - editions per minute through the queue (redis-server on a free port, a real SMTP server here,
//   one recipient per edition) with 1 and 2 `briefsmith worker` processes;
// - with BENCH_SOAK=1 as well: one worker's RSS after 100 and after 1,000 editions (the target: at
//   most 1.2× growth), rendering the small variants fixture (test/fixtures/variants) 1,000 ways.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { stringify } from 'yaml';
import { freePort, startCli, startRedis, stop } from '../queue/harness.ts';
import { writeWorkloadFixture, type Workload } from './workload.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'src/bin.cjs');
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 100);

function seconds(command: string[]): number {
  const started = performance.now();
  const r = spawnSync(command[0], command.slice(1), { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return (performance.now() - started) / 1000;
}

/** The standard workload with `count` variants (each its own title and parameter). */
function workloadWithVariants(count: number, dir: string) {
  const workload = JSON.parse(readFileSync(path.join(import.meta.dirname, 'workloads/workload-base.json'), 'utf8')) as Workload;
  const f = writeWorkloadFixture(workload, dir, path.join(ROOT, 'templates/theme.json'));
  const variants = Object.fromEntries(Array.from({ length: count }, (_, i) => [`v${i + 1}`, { title: `Benchmark edition for readers ${i + 1}`, params: { reader: `group ${i + 1}` } }]));
  const editionFile = path.join(f.dataDir, 'edition.yaml');
  writeFileSync(editionFile, readFileSync(editionFile, 'utf8').replace('  language: en\n', '  language: en\n  params:\n    reader: everyone\n'));
  writeFileSync(path.join(f.dataDir, 'variants.yaml'), stringify({ variants }));
  const story = path.join(f.templatesDir, 'story.hbs');
  writeFileSync(story, readFileSync(story, 'utf8').replace(/^(## .*)$/m, '$1\n\nFor {{params.reader}}.'));
  return f;
}

async function smtpSink(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], authOptional: true, logger: false,
    onData(stream, _session, callback) { stream.resume(); stream.on('end', () => { n++; callback(null); }); },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, count: () => n, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Publishes `count` editions (one recipient each) to `workers` fresh workers; editions per minute. */
async function queueRun(f: { dataDir: string; templatesDir: string }, count: number, workers: number): Promise<{ perMinute: number; seconds: number }> {
  const redis = await startRedis();
  const smtp = await smtpSink();
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-bench-queue-'));
  const recipients = path.join(dir, 'recipients.yaml');
  writeFileSync(recipients, `recipients:\n${Array.from({ length: count }, (_, i) => `  - { name: Reader ${i + 1}, address: r${i + 1}@example.com, variant: v${i + 1} }`).join('\n')}\n`);
  const env = { BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(smtp.port), BRIEFSMITH_SMTP_SECURE: 'none', BRIEFSMITH_SMTP_FROM: 'bench@example.com' };
  const store = path.join(dir, 'store');
  const started = Array.from({ length: workers }, () => startCli(['worker', '--redis', redis.url, '--store', store, '--allow-insecure'], env));
  try {
    await Promise.all(started.map((w) => w.waitFor(/^worker \d+:/m)));
    const begin = performance.now();
    const publish = startCli(['publish', '--redis', redis.url, '--store', store, '--data', f.dataDir, '--templates', f.templatesDir, '--recipients', recipients], env);
    const code = await publish.exited;
    if (code !== 0) throw new Error(`publish failed (${code}):\n${publish.output()}`);
    const s = (performance.now() - begin) / 1000;
    return { perMinute: (count / s) * 60, seconds: s };
  } finally {
    await Promise.all(started.map(stop));
    await smtp.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** One worker renders 1,000 small editions; its RSS after 100 and after 1,000. */
export async function soak(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-bench-soak-'));
  const fixture = path.join(ROOT, 'test/fixtures/variants');
  const dataDir = path.join(dir, 'data');
  spawnSync('cp', ['-r', path.join(fixture, 'data'), dataDir]);
  const data = path.join(dataDir, 'findings.yaml');
  const text = readFileSync(data, 'utf8');
  const base = text.slice(0, text.indexOf('\nvariants:'));
  const variants = Array.from({ length: 1000 }, (_, i) => `  v${i + 1}:\n    title: Regional cloud market, edition ${i + 1}\n    params: { focus: readers ${i + 1} }\n    filter:\n      buyers: { sector: ${['finance', 'health', 'industry'][i % 3]} }`).join('\n');
  writeFileSync(data, `${base}\nvariants:\n${variants}\n`);
  const redis = await startRedis();
  const smtp = await smtpSink();
  const recipients = path.join(dir, 'recipients.yaml');
  writeFileSync(recipients, `recipients:\n${Array.from({ length: 1000 }, (_, i) => `  - { name: R ${i + 1}, address: r${i + 1}@example.com, variant: v${i + 1} }`).join('\n')}\n`);
  const env = { BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(smtp.port), BRIEFSMITH_SMTP_SECURE: 'none', BRIEFSMITH_SMTP_FROM: 'bench@example.com' };
  const worker = startCli(['worker', '--redis', redis.url, '--store', path.join(dir, 'store'), '--allow-insecure'], env);
  try {
    await worker.waitFor(/^worker \d+:/m);
    const begin = performance.now();
    const publish = startCli(['publish', '--redis', redis.url, '--store', path.join(dir, 'store'), '--data', dataDir, '--templates', path.join(fixture, 'templates'), '--recipients', recipients], env);
    const rendered = () => (worker.output().match(/^ {2}rendered /gm) ?? []).length;
    const at: Record<number, number> = {};
    while (publish.child.exitCode === null) {
      for (let mark = 100; mark <= 1000; mark += 100) if (at[mark] === undefined && rendered() >= mark) at[mark] = rssMiB(worker.child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if ((await publish.exited) !== 0) throw new Error(`publish failed:\n${publish.output()}`);
    const minutes = (performance.now() - begin) / 60_000;
    console.log(`worker RSS by editions rendered: ${Object.entries(at).map(([n, mib]) => `${n}: ${mib.toFixed(0)}`).join(', ')} MiB`);
    console.log(`worker RSS after 100 editions ${at[100].toFixed(0)} MiB, after 1000 ${at[1000].toFixed(0)} MiB: ${(at[1000] / at[100]).toFixed(2)}× (target <= 1.2×); ${(1000 / minutes).toFixed(0)} editions a minute, ${smtp.count()} messages`);
  } finally {
    await stop(worker);
    await smtp.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchEditions(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-bench-variants-'));
  const f = workloadWithVariants(VARIANTS, dir);
  const args = ['build', '--data', f.dataDir, '--templates', f.templatesDir];
  // Unmeasured: the bundle of the current sources, and a first build (fonts, code cache).
  seconds([BIN, ...args, '--out', path.join(dir, 'out-first'), '--variant', 'v1']);

  const all = seconds([BIN, ...args, '--out', path.join(dir, 'out-all'), '--all-variants']);
  const separateOut = path.join(dir, 'out-separate');
  let separate = 0;
  for (let i = 1; i <= VARIANTS; i++) separate += seconds([BIN, ...args, '--out', separateOut, '--variant', `v${i}`]);
  console.log(`${VARIANTS} variants of the base workload: --all-variants ${all.toFixed(1)} s, ${VARIANTS} separate build --variant runs ${separate.toFixed(1)} s: ${(separate / all).toFixed(2)}× faster (target >= 1.8×)`);

  for (const workers of [1, 2]) {
    const count = Math.min(VARIANTS, 40);
    const r = await queueRun(f, count, workers);
    console.log(`queue, ${workers} worker${workers === 1 ? '' : 's'}: ${count} editions (render + send) in ${r.seconds.toFixed(1)} s = ${r.perMinute.toFixed(0)} editions a minute`);
  }
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_SOAK === '1') await soak();
}

// Run alone: npx tsx test/bench/editions.mts [soak]
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) await (process.argv[2] === 'soak' ? soak() : benchEditions());

