#!/usr/bin/env node
// The `briefsmith` command. Runs the TypeScript sources directly through a small loader (no build step).
import { register } from 'node:module';

register('./loader.mjs', import.meta.url);
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv);
