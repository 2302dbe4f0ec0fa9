#!/usr/bin/env -S node --max-semi-space-size=1
// The `briefsmith` command: runs the bundle of the TypeScript sources (src/bundle.mjs makes it when needed).
// --max-semi-space-size=1: a small young generation. Nearly everything the deck and the report allocate
// lives until they are written, so a larger one only holds copies: the x10 build peaked ~50 MiB higher
// with V8's default, at the same speed. (Run as `node src/bin.mjs`, the flag is not applied.)
import { pathToFileURL } from 'node:url';
import { bundledEntry } from './bundle.mjs';

// Stack traces name the TypeScript sources, for the one run that prints them.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(await bundledEntry('cli')).href);
process.exitCode = await main(process.argv);
