// Batch builds on one machine: every variant's edition, by a pool of worker processes that each build
// whole editions with build() (the CLI's own), so both cores stay busy. Each edition goes to
// <out>/<variant>/; all share one chart cache (<out>/.cache/charts), and the others start only once the
// first edition's charts are drawn, so charts shared between variants are rendered once.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliNodeFlags } from '../bundle.cjs';
import { BriefError, EXIT } from '../errors.ts';
import type { BuildOptions } from '../index.ts';
import type { WorkerMessage, WorkerRequest } from './worker.ts';

export interface EditionDone {
  variant: string;
  files: string[];
  upToDate: boolean;
  charts: { hits: number; misses: number };
  ms: number;
}

export interface EditionFailed {
  variant: string;
  /** The error as the CLI prints it. */
  text: string;
  exitCode: number;
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  /** The variants being built right now. */
  building: string[];
  startedAt: number;
  last?: EditionDone | EditionFailed;
}

export interface BatchOptions {
  /** The build options every edition shares; outDir is the base (each edition goes to outDir/<variant>). */
  build: Omit<BuildOptions, 'onStage' | 'warn' | 'variant' | 'cacheDir'>;
  variants: string[];
  /** Worker processes (default: one per core). */
  jobs?: number;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchResult {
  done: EditionDone[];
  failed: EditionFailed[];
  ms: number;
}

/** Some editions failed to build; the others were built. */
export class BatchFailedError extends BriefError {
  override readonly exitCode: number;
  constructor(readonly result: BatchResult) {
    super(`${result.failed.length} of ${result.failed.length + result.done.length} editions failed:\n${result.failed.map((f) => `  ${f.variant}: ${f.text.replace(/\n/g, '\n    ')}`).join('\n')}`, {
      hint: 'the other editions were built; fix the problems and build again (editions that did not change are kept as they are)',
    });
    this.exitCode = Math.max(...result.failed.map((f) => f.exitCode), EXIT.input);
  }
}

/** The executable each worker process runs (src/bin.cjs, beside the sources and the bundle alike). */
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin.cjs');

export async function buildAllVariants(options: BatchOptions): Promise<BatchResult> {
  const started = Date.now();
  const queue = [...options.variants];
  const progress: BatchProgress = { total: queue.length, done: 0, failed: 0, building: [], startedAt: started };
  const result: BatchResult = { done: [], failed: [], ms: 0 };
  const jobs = Math.max(1, Math.min(options.jobs ?? availableParallelism(), queue.length));
  const cacheDir = path.join(options.build.outDir, '.cache', 'charts');
  const requestFor = (variant: string): WorkerRequest => ({
    type: 'build', variant, options: { ...options.build, outDir: path.join(options.build.outDir, variant), cacheDir, variant },
  });

  let firstChartsDrawn!: () => void;
  const chartsReady = new Promise<void>((resolve) => { firstChartsDrawn = resolve; });
  const workers: ChildProcess[] = [];
  const runWorker = async (index: number) => {
    // Only the first worker starts at once; the others wait for its charts to be in the cache.
    if (index > 0) await chartsReady;
    if (!queue.length) return;
    // Each worker process runs with the command's own Node flags (the first line of bin.cjs).
    const child = fork(BIN, ['build-worker'], { execArgv: cliNodeFlags(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, CI: 'true' } });
    workers.push(child);
    try {
      for (let variant = queue.shift(); variant !== undefined; variant = queue.shift()) {
        progress.building.push(variant);
        options.onProgress?.(progress);
        const outcome = await buildIn(child, requestFor(variant), (stage) => { if (stage === 'charts') firstChartsDrawn(); });
        firstChartsDrawn();
        progress.building.splice(progress.building.indexOf(variant), 1);
        if ('text' in outcome) { result.failed.push(outcome); progress.failed++; } else { result.done.push(outcome); }
        progress.done++;
        progress.last = outcome;
        options.onProgress?.(progress);
      }
    } finally {
      child.disconnect();
    }
  };
  try {
    await Promise.all(Array.from({ length: jobs }, (_, i) => runWorker(i)));
  } finally {
    for (const w of workers) if (w.exitCode === null) w.kill();
  }
  result.ms = Date.now() - started;
  if (result.failed.length) throw new BatchFailedError(result);
  return result;
}

/** Sends one build to a worker process and waits for its answer (a worker that dies is a failure). */
function buildIn(child: ChildProcess, request: WorkerRequest, onStage: (stage: string) => void): Promise<EditionDone | EditionFailed> {
  return new Promise((resolve) => {
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'stage') return onStage(m.stage);
      cleanup();
      resolve(m.type === 'done' ? m.done : m.failed);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      resolve({ variant: request.variant, text: `the build process stopped (${signal ?? `exit ${code}`})`, exitCode: EXIT.internal });
    };
    const cleanup = () => { child.off('message', onMessage); child.off('exit', onExit); };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send(request);
  });
}
