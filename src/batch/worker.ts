// A worker process of the batch pool (`briefsmith build-worker`, started by buildAllVariants): builds
// each edition it is sent with build(), one at a time, and answers over the IPC channel.
import { exitCodeOf, formatError } from '../errors.ts';
import type { BuildOptions } from '../index.ts';
import type { EditionDone, EditionFailed } from './index.ts';

export interface WorkerRequest {
  type: 'build';
  variant: string;
  options: Omit<BuildOptions, 'onStage' | 'warn'>;
}

export type WorkerMessage =
  | { type: 'stage'; stage: string }
  | { type: 'done'; done: EditionDone }
  | { type: 'failed'; failed: EditionFailed };

export async function runBuildWorker(): Promise<void> {
  const { build, closeChartWorker } = await import('../index.ts');
  const reply = (m: WorkerMessage) => process.send!(m);
  // One build at a time, in the order sent.
  let chain = Promise.resolve();
  process.on('message', (request: WorkerRequest) => {
    chain = chain.then(async () => {
      const started = performance.now();
      try {
        const result = await build({
          ...request.options,
          keepChartWorker: true,
          onStage: (stage) => reply({ type: 'stage', stage }),
          warn: (text) => process.stderr.write(`warning: ${request.variant}: ${text}\n`),
        });
        reply({ type: 'done', done: { variant: request.variant, files: result.files, upToDate: result.upToDate, charts: result.charts, ms: performance.now() - started } });
      } catch (error) {
        reply({ type: 'failed', failed: { variant: request.variant, text: formatError(error).replace(/^error: /, ''), exitCode: exitCodeOf(error) } });
      }
    });
  });
  // The pool lets go of the channel when it has nothing more: then this process ends.
  await new Promise<void>((resolve) => process.once('disconnect', resolve));
  await chain;
  await closeChartWorker();
}
