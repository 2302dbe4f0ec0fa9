#!/usr/bin/env -S node --max-semi-space-size=1 --interrupt-budget=1000000 --liftoff-only
// The `briefsmith` command: runs the bundle of the TypeScript sources (src/bundle.cjs makes it when needed).
// CommonJS, so that a start never loads Node's ES module loader (~10 ms).
// The Node flags above suit a process that lives a second or two (run as `node src/bin.cjs`, they are
// not applied; the batch's worker processes take them from this line):
// --max-semi-space-size=1: a small young generation. Nearly everything the deck and the report allocate
// lives until they are written, so a larger one only holds copies: the x10 build peaked ~50 MiB higher
// with V8's default, at the same speed.
// --interrupt-budget=1000000: V8 optimises a function once it has run ~15x longer than by default. A
// build runs most of its code for a few milliseconds, and optimising it on a background thread cost
// more CPU than it saved (a third of a cold build's, competing with the chart worker on two cores):
// the base build's wall time went 0.78x, x10's 0.92x; code that stays hot is still optimised.
// --liftoff-only: HarfBuzz's WebAssembly (the Chinese faces' subsets) stays on V8's baseline compiler.
// Its optimising recompile took ~0.3 s of CPU after the subsets were made, and a process or worker
// thread cannot end before it is done; the subsets are no slower (9 vs 10 ms warm).
'use strict';
const { bundledEntry, runBundled } = require('./bundle.cjs');

async function run() {
  // --debug: stack traces name the TypeScript sources. Node maps them for a file it requires, not for
  // one run from V8's code cache, so this one run goes without the cache.
  const debug = process.argv.includes('--debug');
  if (debug) process.setSourceMapsEnabled(true);
  const { main, formatError, exitCodeOf } = debug ? require(await bundledEntry('cli')) : await runBundled('cli');
  // A failure that escapes a command (in a callback, a promise nobody awaited) is a bug: it is reported
  // like any other error, not with Node's dump of the bundle's source line.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${formatError(error, debug)}\n`);
    process.exit(exitCodeOf(error));
  });
  process.exitCode = await main(process.argv);
}
run();
