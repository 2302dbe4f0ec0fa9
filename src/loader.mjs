// Module hooks that let Node run Briefsmith's TypeScript sources directly: files ending in .ts are
// stripped of their types by esbuild; everything else (all of node_modules) loads untouched.
// (tsx does the same but also rewrites every JavaScript file it loads, which cost the CLI ~100 MiB
// and ~250 ms on start-up.)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const CACHE = path.resolve(fileURLToPath(import.meta.url), '../../node_modules/.cache/briefsmith-ts');

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  // Transpiled code is cached by content, so a start-up after no change transpiles nothing.
  const key = createHash('sha256').update(file).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: file }).code;
    try {
      mkdirSync(CACHE, { recursive: true });
      writeFileSync(cached, code);
    } catch { /* a read-only install still runs, only slower */ }
  }
  return { format: 'module', source: code, shortCircuit: true };
}
