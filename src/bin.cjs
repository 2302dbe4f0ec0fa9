#!/usr/bin/env -S node --max-semi-space-size=1
// The `briefsmith` command: runs the bundle of the TypeScript sources (src/bundle.cjs makes it when needed).
// CommonJS, so that a start never loads Node's ES module loader (~10 ms).
// --max-semi-space-size=1: a small young generation. Nearly everything the deck and the report allocate
// lives until they are written, so a larger one only holds copies: the x10 build peaked ~50 MiB higher
// with V8's default, at the same speed. (Run as `node src/bin.cjs`, the flag is not applied.)
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
