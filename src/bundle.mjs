// Briefsmith runs from its TypeScript sources with no build step for the user: on the first start after
// any change to src/, esbuild bundles them (in ~0.2 s) into node_modules/.cache/briefsmith/<hash of the
// sources>/, and every later start imports that bundle directly.
//
// Why a bundle and not a module loader hook: Node 20 runs loader hooks on a thread of their own and asks
// it about every module, which cost each start ~140 ms and ~25 MiB; loading some sixty small modules
// instead of a few chunks cost another ~40 ms. The bundle keeps the sources' meaning: dependencies stay in
// node_modules (not bundled), dynamic imports stay lazy (split chunks), and `import.meta.url` /
// `import.meta.dirname` still name the source file, so paths relative to the sources work unchanged.
import { createHash } from 'node:crypto';
import { createRequire, isBuiltin } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(SRC);

/** The bundle's entry points: the CLI, and the chart worker (a worker thread needs a file of its own). */
const ENTRIES = { cli: 'cli.ts', 'chart-worker': 'charts/worker.ts' };

/** The bundle this process runs: a worker it starts runs the same code as the thread that starts it. */
const RUNNING = Symbol.for('briefsmith.bundle');

/** Path of an entry's file in the bundle of the current sources, bundling first when needed. */
export async function bundledEntry(name) {
  globalThis[RUNNING] ??= await bundle();
  return path.join(globalThis[RUNNING], `${name}.cjs`);
}

/** Path of an entry's file in the bundle this process runs from, or undefined when it runs from the sources. */
export function runningBundleEntry(name) {
  return globalThis[RUNNING] && path.join(globalThis[RUNNING], `${name}.cjs`);
}

/** Runs an entry of the bundle (see runCached); returns its exports. */
export async function runBundled(name) {
  return runCached(await bundledEntry(name));
}

/** Marks this thread's run as one whose compiled code is worth caching (see runCached). */
export function codeWorthCaching() {
  globalThis[WORTH_CACHING] = true;
}
const WORTH_CACHING = Symbol.for('briefsmith.code-worth-caching');

/**
 * Runs a bundled CommonJS file with V8's code cache, which Node 20 offers for scripts but not for
 * modules: compiling the bundle (pdfkit, fontkit, pptxgenjs, zod…) cost each start ~150 ms of the
 * main thread. The cache is written at exit by the first run that did the real work (a build that
 * wrote its outputs, a worker that drew charts), so it holds the functions a build compiles lazily
 * too, not only the top level that a `--help` would compile.
 */
export function runCached(file) {
  // V8 refuses a cache made under other flags: one cache per Node version and set of flags.
  const flags = createHash('sha256').update(`${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  const cacheFile = `${file}.${flags.digest('hex').slice(0, 12)}.v8cache`;
  const cachedData = verifiedCache(readOptional(cacheFile));
  // Node's own CommonJS wrapper, so the bundle runs as `require` would run it.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code !== 0 || !globalThis[WORTH_CACHING]) return;
      try {
        // Written beside and renamed: a concurrent start reads a whole cache or none.
        const temp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
        const data = script.createCachedData();
        writeFileSync(temp, Buffer.concat([digest(data), data]));
        renameSync(temp, cacheFile);
      } catch {
        // No cache: the next start compiles again.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * The cache's data if its checksum holds. V8 checks that a cache fits the source and the flags, but
 * not that its bytes are intact, so a damaged file could crash the process rather than be refused.
 */
function verifiedCache(file) {
  if (!file || file.length <= DIGEST_LENGTH) return undefined;
  const data = file.subarray(DIGEST_LENGTH);
  return digest(data).equals(file.subarray(0, DIGEST_LENGTH)) ? data : undefined;
}
const DIGEST_LENGTH = 20;
const digest = (data) => createHash('sha1').update(data).digest();

function readOptional(file) {
  try { return readFileSync(file); } catch { return undefined; }
}

async function bundle() {
  const hash = sourceHash();
  for (const cache of cacheDirs()) {
    const dir = path.join(cache, hash);
    if (existsSync(path.join(dir, 'complete'))) return dir;
    try {
      await writeBundle(cache, dir);
      return dir;
    } catch (error) {
      // An unwritable cache (a read-only install) falls through to the temp folder.
      if (!['EACCES', 'EPERM', 'EROFS'].includes(error?.code)) throw error;
    }
  }
  throw new Error('cannot write the Briefsmith bundle to node_modules/.cache or the temp folder');
}

function cacheDirs() {
  return [path.join(ROOT, 'node_modules/.cache/briefsmith'), path.join(tmpdir(), 'briefsmith-bundle')];
}

/**
 * Hash of where the project is, of every source file (path and content) and of the lock file (the
 * bundle names the files of the installed packages): any edit or install gives a new bundle.
 */
function sourceHash() {
  const hash = createHash('sha256').update(`${ROOT}\0`);
  const files = readdirSync(SRC, { recursive: true }).filter((f) => /\.(ts|mjs)$/.test(f)).sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(SRC, file))).update('\0');
  const lock = path.join(ROOT, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex').slice(0, 24);
}

async function writeBundle(cache, dir) {
  const { build } = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  // Built beside its final place and renamed, so a concurrent start never imports half a bundle.
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  // Made here, not by esbuild, so that an unwritable cache fails with an error code to fall back on.
  mkdirSync(temp);
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(SRC, file)])),
    outdir: temp,
    // .mjs: ES modules wherever the bundle lands (the temp folder has no package.json to say so).
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    sourcemap: 'linked',
    logLevel: 'silent',
    // Without spaces and comments the bundle is 3 MB, not 5: less to read and hand to V8 at each start.
    minifyWhitespace: true,
    legalComments: 'none',
    plugins: [packagesFromHere, keepSourceLocations],
  });
  // A marker written last: a folder without it is unfinished.
  writeFileSync(path.join(temp, 'complete'), '');
  try {
    renameSync(temp, dir);
  } catch (error) {
    // Another process finished the same bundle first: theirs is identical.
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'complete'))) throw error;
  }
  // Bundles of earlier sources are not used again; one an hour old is no longer loading either.
  for (const old of readdirSync(cache)) {
    const other = path.join(cache, old);
    if (old !== path.basename(dir) && Date.now() - statSync(other).mtimeMs > 3_600_000) rmSync(other, { recursive: true, force: true });
  }
}

/**
 * Packages are not bundled: each import of one names the file Node would load from src/, so the
 * bundle works wherever it is written (node_modules/.cache, or the temp folder of a read-only install).
 */
const EXTERNAL = new Set(['canvas', 'esbuild']);
const packagesFromHere = {
  name: 'packages-from-here',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || isBuiltin(args.path) || !EXTERNAL.has(args.path)) return undefined;
      // esbuild's resolver, with Node's conditions for an import (conditions: [] below drops 'module').
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (found.errors.length) return { errors: found.errors };
      return { path: found.path, external: true };
    });
  },
};

/** Each source file keeps its own import.meta.url and import.meta.dirname inside the bundle. */
const keepSourceLocations = {
  name: 'keep-source-locations',
  setup(build) {
    build.onLoad({ filter: /\.([cm]?js|ts)$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)));
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) {
        source = source
          .replace(/(?<![.\w$])__filename\b/g, JSON.stringify(args.path))
          .replace(/(?<![.\w$])__dirname\b/g, JSON.stringify(path.dirname(args.path)));
      }
      return { contents: source, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};
