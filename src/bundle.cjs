// Briefsmith runs from its TypeScript sources with no build step for the user: on the first start after
// any change to src/ or to the installed packages, esbuild bundles them (in ~1 s) into
// node_modules/.cache/briefsmith/<hash>/, and every later start runs that bundle from V8's code cache.
//
// Why CommonJS bundles run from a code cache: Node 20 caches compiled code for scripts (vm.Script) but
// not for ES modules, and compiling pdfkit, fontkit, pptxgenjs and zod cost each start ~150 ms of the
// main thread. A loader hook was worse still: ~140 ms and ~25 MiB per start for its own thread.
// The bundle keeps the sources' meaning: `import.meta.url`, `import.meta.dirname`, and a package's
// `__dirname`, still name the file they were written in, so paths relative to it work unchanged.
// Three files: cli.cjs (the CLI's own code), vendor.cjs (the libraries a build needs, see VENDOR) and
// chart-worker.cjs (the chart worker's thread).
//
// This file is CommonJS and not bundled: the executable (bin.cjs), the chart worker and the bundle all
// load this one copy, and nothing on the way to the bundle starts Node's ES module loader.
'use strict';
const { createHash } = require('node:crypto');
const { isAscii } = require('node:buffer');
const { createRequire, isBuiltin } = require('node:module');
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const SRC = __dirname;
const ROOT = path.dirname(SRC);

/** The bundle's entry points: the CLI, and the chart worker (a worker thread needs a file of its own). */
const ENTRIES = { cli: 'cli.ts', 'chart-worker': 'charts/worker.ts' };

/** Folder of the bundle of the current sources, once found or made. */
let bundleDir;

/** Path of an entry's file in the bundle of the current sources, bundling first when needed. */
async function bundledEntry(name) {
  bundleDir ??= await bundle();
  return path.join(bundleDir, `${name}.cjs`);
}

/** Path of an entry's file in the bundle this process runs from, or undefined when it runs from the sources. */
function runningBundleEntry(name) {
  return bundleDir && path.join(bundleDir, `${name}.cjs`);
}

/** Runs an entry of the bundle (see runCached); returns its exports. */
async function runBundled(name) {
  return runCached(await bundledEntry(name));
}

/** Marks this thread's run as one whose compiled code is worth caching (see runCached). */
function codeWorthCaching() {
  worthCaching = true;
}
let worthCaching = false;

/**
 * Runs a bundled CommonJS file with V8's code cache. The cache is written at exit by the first run that
 * did the real work (a build that wrote its outputs, a worker that drew charts), so it holds the
 * functions a build compiles lazily too, not only the top level that a `--help` compiles.
 */
function runCached(file) {
  // V8 refuses a cache made under other flags: one cache per Node version and set of flags.
  const flags = createHash('sha256').update(`${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  const cacheFile = `${file}.${flags.digest('hex').slice(0, 12)}.v8cache`;
  const cachedData = verifiedCache(readOptional(cacheFile));
  const bytes = readFileSync(file);
  // Node's own CommonJS wrapper, so the bundle runs as `require` would run it. An all-ASCII bundle (the
  // usual case: esbuild escapes other characters, except in regular expressions) is read 3x faster.
  const source = `(function (exports, require, module, __filename, __dirname) {${bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code !== 0 || !worthCaching) return;
      try {
        // Written beside and renamed: a concurrent start reads a whole cache or none.
        const temp = `${cacheFile}.${process.pid}.${require('node:worker_threads').threadId}.tmp`;
        const data = script.createCachedData();
        writeFileSync(temp, Buffer.concat([digest(data), data]));
        renameSync(temp, cacheFile);
      } catch {
        // No cache: the next start compiles again.
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, requireFromProject, module, file, path.dirname(file));
  return module.exports;
}

/**
 * The `require` a bundled file runs with. The bundle names packages by absolute path, except where a
 * package resolves one by name at run time (chartjs-node-canvas: `require.resolve('canvas')`): those are
 * found from this project, as from its sources, wherever the bundle was written (the temp folder of a
 * read-only install has no node_modules above it).
 */
const requireFromProject = createRequire(__filename);

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
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

async function bundle() {
  const hash = sourceHash();
  const tried = [];
  for (const { cache, shared } of cacheDirs()) {
    const dir = path.join(cache, hash);
    try {
      // A folder others can write to (the temp folder) is used only when it is this user's own: anyone
      // could have put a bundle there for this user to run.
      if (shared) privateFolder(cache);
      if (existsSync(path.join(dir, 'complete'))) return dir;
      await writeBundle(cache, dir);
      return dir;
    } catch (error) {
      // An unwritable cache (a read-only install) falls through to the temp folder.
      if (!['EACCES', 'EPERM', 'EROFS', 'ENOTPRIVATE'].includes(error?.code)) throw error;
      tried.push(`${cache} (${error.code})`);
    }
  }
  throw new Error(`cannot write the Briefsmith bundle to ${tried.join(' or ')}`);
}

/** Where the bundle may go: beside the packages, or (a read-only install) a folder of this user's own in the temp folder. */
function cacheDirs() {
  const user = typeof process.getuid === 'function' ? process.getuid() : require('node:os').userInfo().username;
  return [
    { cache: path.join(ROOT, 'node_modules/.cache/briefsmith'), shared: false },
    { cache: path.join(tmpdir(), `briefsmith-bundle-${user}`), shared: true },
  ];
}

/** Makes `dir` (mode 700) or checks that it is this user's and writable by no one else. */
function privateFolder(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (typeof process.getuid !== 'function') return;
  const { uid, mode } = statSync(dir);
  if (uid !== process.getuid() || (mode & 0o022) !== 0) {
    throw Object.assign(new Error(`${dir} belongs to another user or others can write to it`), { code: 'ENOTPRIVATE' });
  }
}

/**
 * Hash of every file under src/ (path and content) and of the lock file (the bundle holds the installed
 * packages): any edit or install gives a new bundle, and makes every build's outputs stale (manifest.ts).
 * Computed once per process.
 */
function codeHash() {
  if (code) return code;
  const hash = createHash('sha256');
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
  // The lock file of a clone, or the shrinkwrap an installed package carries (see package.json, prepack).
  for (const file of [...files, path.join(ROOT, 'package-lock.json'), path.join(ROOT, 'npm-shrinkwrap.json')]) {
    if (existsSync(file)) hash.update(`${path.relative(ROOT, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return (code = hash.digest('hex'));
}
let code;

/** The bundle's folder name: the code, and where the project is (the bundle names its files). */
function sourceHash() {
  return createHash('sha256').update(`${ROOT}\0${codeHash()}`).digest('hex').slice(0, 24);
}

async function writeBundle(cache, dir) {
  const { build } = require('esbuild');
  mkdirSync(cache, { recursive: true });
  // Built beside its final place and renamed, so a concurrent start never runs half a bundle.
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  // Made here, not by esbuild, so that an unwritable cache fails with an error code to fall back on.
  mkdirSync(temp);
  const options = {
    outdir: temp,
    // .cjs: CommonJS wherever the bundle lands (the temp folder has no package.json to say so).
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // A script run from a code cache cannot import(): esbuild turns each import() into a require.
    supported: { 'dynamic-import': false },
    sourcemap: 'linked',
    logLevel: 'silent',
    // Without spaces and comments the bundle is 3 MB, not 5: less to read and hand to V8 at each start.
    minifyWhitespace: true,
    legalComments: 'none',
  };
  const entry = (name) => ({ [name]: path.join(SRC, ENTRIES[name]) });
  // The libraries a build needs, in a bundle of their own (see fromVendorBundle).
  await build({ ...options, entryPoints: [{ in: 'vendor-entry', out: 'vendor' }], plugins: [vendorEntry, outsideTheBundle, loadedWhenUsed, keepSourceLocations] });
  const vendorExports = exportNames(path.join(temp, 'vendor.cjs'));
  await build({ ...options, entryPoints: entry('cli'), plugins: [fromVendorBundle(vendorExports), outsideTheBundle, loadedWhenUsed, keepSourceLocations] });
  await build({ ...options, entryPoints: entry('chart-worker'), plugins: [outsideTheBundle, loadedWhenUsed, keepSourceLocations] });
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
 * The libraries that only a build that writes outputs needs go into a bundle of their own,
 * vendor.cjs, run (from its own code cache) the first time the CLI imports one of them. So a run that
 * finds its outputs up to date (or prints help) reads and prepares 0.3 MB of code, not 3 MB: the
 * up-to-date rebuild took ~40 ms less. The CLI's own modules import them as usual; in its bundle,
 * each such import names a stand-in that takes the library's exports from vendor.cjs.
 */
const VENDOR = ['pdfkit', 'fontkit', 'pptxgenjs', 'zod', 'handlebars', 'marked', 'nodemailer', 'chokidar', 'csv-parse/sync'];

/** Lib → its namespace (the module object an `import * as` sees), each loaded on its first call. */
const vendorEntry = {
  name: 'vendor-entry',
  setup(build) {
    build.onResolve({ filter: /^vendor-(entry|namespace:.*)$/ }, (args) => ({ path: args.path, namespace: 'vendor' }));
    build.onLoad({ filter: /^vendor-entry$/, namespace: 'vendor' }, () => ({
      contents: `module.exports = {${VENDOR.map((lib) => `${JSON.stringify(lib)}: () => require(${JSON.stringify(`vendor-namespace:${lib}`)}).namespace`).join(',')}};`,
      loader: 'js',
      resolveDir: SRC,
    }));
    build.onLoad({ filter: /^vendor-namespace:/, namespace: 'vendor' }, (args) => ({
      contents: `import * as namespace from ${JSON.stringify(args.path.slice('vendor-namespace:'.length))}; export { namespace };`,
      loader: 'js',
      resolveDir: SRC,
    }));
  },
};

/** The export names of each library in vendor.cjs, read by loading it once, as the bundler. */
function exportNames(vendorFile) {
  const vendor = require(vendorFile);
  return Object.fromEntries(VENDOR.map((lib) => [lib, Object.keys(vendor[lib]()).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n))]));
}

/** In the CLI's bundle, an import of a library from vendor.cjs: the same exports, taken from there. */
function fromVendorBundle(exportsOf) {
  return {
    name: 'from-vendor-bundle',
    setup(build) {
      const filter = new RegExp(`^(${VENDOR.join('|')})$`);
      build.onResolve({ filter }, (args) => (args.importer.includes(`${path.sep}node_modules${path.sep}`) ? undefined : { path: args.path, namespace: 'from-vendor' }));
      build.onLoad({ filter: /.*/, namespace: 'from-vendor' }, (args) => ({
        contents: [
          `const namespace = require(${JSON.stringify(__filename)}).vendor(${JSON.stringify(args.path)});`,
          'export default namespace.default;',
          // Through local names: some export names are reserved words (zod's `catch`, `enum`…).
          ...exportsOf[args.path].map((name, i) => `const export${i} = namespace.${name}; export { export${i} as ${name} };`),
        ].join('\n'),
        loader: 'js',
        resolveDir: SRC,
      }));
    },
  };
}

/** A library's namespace from vendor.cjs (see VENDOR), running that bundle the first time. */
function vendor(lib) {
  vendorBundle ??= runCached(path.join(bundleDir, 'vendor.cjs'));
  return vendorBundle[lib]();
}
let vendorBundle;

/**
 * What stays outside the bundle, required by its absolute path so the bundle works wherever it is written
 * (node_modules/.cache, or the temp folder of a read-only install): canvas (a native addon), esbuild
 * (a binary of its own), exceljs (~2,000 modules, loaded only when a project has a workbook: in the
 * bundle it would make every start read it), bullmq and ioredis (only `worker` and `publish` load them),
 * and this file (one copy per thread, shared with the executable).
 */
const EXTERNAL_PACKAGES = new Set(['canvas', 'esbuild', 'exceljs', 'bullmq', 'ioredis']);
const outsideTheBundle = {
  name: 'outside-the-bundle',
  setup(build) {
    build.onResolve({ filter: /bundle\.cjs$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path), external: true }));
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || isBuiltin(args.path) || !EXTERNAL_PACKAGES.has(args.path)) return undefined;
      const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (found.errors.length) return { errors: found.errors };
      return { path: found.path, external: true };
    });
  },
};

/**
 * Two dependencies of pdfkit and fontkit that do heavy work when loaded, for features a briefing rarely
 * or never uses, are bundled behind stand-ins that load them on first use, with the same behaviour:
 * - @noble/ciphers/aes (pdfkit's PDF encryption) builds its AES tables: ~24 ms of every start.
 * - unicode-trie: fontkit, linebreak and unicode-properties make a dozen tries as they load, and only
 *   ever look code points up in them (`.get`); inflating them all cost ~23 ms, most of it for the
 *   Arabic, Indic and other shapers' tables. Each trie is now inflated at its first lookup.
 * The bundle fails to build (it does not break at run time) if pdfkit imports anything else from AES.
 */
const LOADED_WHEN_USED = {
  '@noble/ciphers/aes': (real) => `
    let aes;
    const load = () => (aes ??= require(${JSON.stringify(real)}));
    export const cbc = (...args) => load().cbc(...args);
    export const ecb = (...args) => load().ecb(...args);`,
  'unicode-trie': (real) => `
    let UnicodeTrie;
    module.exports = class LazyUnicodeTrie {
      constructor(data) { this.data = data; }
      get(codePoint) {
        UnicodeTrie ??= require(${JSON.stringify(real)});
        const trie = new UnicodeTrie(this.data);
        this.data = null;
        this.get = (c) => trie.get(c);
        return trie.get(codePoint);
      }
    };`,
};
const loadedWhenUsed = {
  name: 'loaded-when-used',
  setup(build) {
    const names = Object.keys(LOADED_WHEN_USED).map((n) => n.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'loaded-when-used', pluginData: args.path };
    });
    build.onLoad({ filter: /.*/, namespace: 'loaded-when-used' }, (args) => ({
      contents: LOADED_WHEN_USED[args.pluginData](args.path),
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** Each file keeps its own import.meta.url and import.meta.dirname (and a package's own __dirname) inside the bundle. */
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

/** The Node flags the `briefsmith` command runs with: those on the first line of bin.cjs. */
function cliNodeFlags() {
  return readFileSync(path.join(SRC, 'bin.cjs'), 'utf8').split('\n', 1)[0].split(/\s+/).filter((word) => word.startsWith('--'));
}

module.exports = { bundledEntry, runningBundleEntry, runBundled, runCached, codeWorthCaching, codeHash, cliNodeFlags, vendor };
