// Names the test (or hook) that kept a test worker from its event loop for long. vitest's worker
// answers the runner over RPC with a fixed 60 s deadline: a worker blocked longer (a synchronous
// LibreOffice run or build on a busy machine) fails the whole run with only "Timeout calling
// onTaskUpdate", every test passing. Long work belongs in spawn/execFile, not spawnSync/execFileSync.
import { afterAll, afterEach, beforeEach, expect } from 'vitest';

const WARN_AFTER_MS = 20_000;
let last = Date.now();
let worst = 0;
let outsideTests = 0;
setInterval(() => {
  const now = Date.now();
  worst = Math.max(worst, now - last);
  last = now;
}, 250).unref();

const warn = (ms: number, where: string) => {
  if (ms > WARN_AFTER_MS) console.warn(`[loop-watch] the test worker's event loop was blocked for ${(ms / 1000).toFixed(0)} s in ${where} (vitest's RPC deadline is 60 s)`);
};
beforeEach(() => {
  outsideTests = Math.max(outsideTests, worst, Date.now() - last);
  worst = 0;
});
afterEach(() => {
  warn(Math.max(worst, Date.now() - last), `"${expect.getState().currentTestName}"`);
  worst = 0;
  last = Date.now();
});
afterAll(() => warn(Math.max(outsideTests, worst), `the hooks of ${expect.getState().testPath}`));
