// watch: rebuild when data/ or templates/ change. Changes are debounced; builds never overlap —
// a change during a build queues exactly one more build. A failed build is reported and watching
// goes on; out/ keeps the last good outputs because write is atomic.
import { watch as watchFiles, type FSWatcher } from 'chokidar';

export interface WatchOptions {
  paths: string[];
  /** Paths never to react to (the output folder, its cache and temp files). */
  ignored?: (file: string) => boolean;
  debounceMs?: number;
  /** How long a changed file must stay the same size before it counts as saved (ms; default 80). */
  settleMs?: number;
  /** Runs one build; a rejection is reported through onError and watching continues. */
  build: (reason: string) => Promise<void>;
  onError: (error: unknown) => void;
}

export interface Watcher {
  /** Resolves once the first build has finished and the file watcher is ready. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchAndBuild(opts: WatchOptions): Watcher {
  let running: Promise<void> | undefined;
  let queued: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const run = (reason: string): Promise<void> => {
    if (running) {
      queued = reason;
      return running;
    }
    running = (async () => {
      try {
        await opts.build(reason);
      } catch (error) {
        opts.onError(error);
      }
    })().finally(() => {
      running = undefined;
      if (queued && !closed) {
        const next = queued;
        queued = undefined;
        void run(next);
      }
    });
    return running;
  };

  const changed = (file: string) => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(`changed: ${file}`), opts.debounceMs ?? 150);
  };

  const watcher: FSWatcher = watchFiles(opts.paths, {
    ignoreInitial: true,
    ignored: opts.ignored,
    // Editors write in several steps; wait until the file stops changing.
    awaitWriteFinish: { stabilityThreshold: opts.settleMs ?? 80, pollInterval: 20 },
  });
  watcher.on('all', (_event, file) => changed(file));
  const watcherReady = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready: Promise.all([run('start'), watcherReady]).then(() => undefined),
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
