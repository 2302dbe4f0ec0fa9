#!/usr/bin/env node
// The `briefsmith` command: runs the bundle of the TypeScript sources (src/bundle.mjs makes it when needed).
import { pathToFileURL } from 'node:url';
import { bundledEntry } from './bundle.mjs';

// Stack traces name the TypeScript sources, for the one run that prints them.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(await bundledEntry('cli')).href);
process.exitCode = await main(process.argv);
