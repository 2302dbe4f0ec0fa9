// out/manifest.json: what a build read and wrote, so a user (or CI) can tell what changed and why,
// and so a rebuild with nothing changed can stop early ("up to date") instead of redoing the work.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SNAPSHOT_DIR } from './paths.ts';
import type { Artifact, Edition, SourceFile } from './types.ts';
import { displayPath } from './paths.ts';
import { InputError, ValidationError } from './errors.ts';
import { fileProblem, listFiles, readInputBytes } from './load/files.ts';
import { codeHash } from './bundle.cjs';

const MANIFEST = 'manifest.json';

export interface ManifestInput {
  buildKey: string;
  edition: Edition;
  inputs: SourceFile[];
  templatesDir: string;
  artifacts: Artifact[];
  charts: { hits: number; misses: number };
  timings: Record<string, number>;
  /** The other languages built with this one, each into a folder of that name (a build of every language). */
  languages?: string[];
}

export function manifestArtifact(m: ManifestInput): Artifact {
  const manifest = {
    edition: { title: m.edition.title, date: m.edition.date },
    buildKey: m.buildKey,
    inputs: [
      ...m.inputs.map((f) => ({ path: f.path, sha256: f.hash })),
      ...templateFiles(m.templatesDir).map((file) => ({ path: displayPath(file), sha256: sha256(readInputBytes(file)) })),
    ],
    outputs: m.artifacts.map((a) => ({ name: a.name, sha256: sha256(a.chunks), bytes: a.chunks.reduce((sum, c) => sum + c.length, 0), pages: a.pages })),
    ...(m.languages?.length ? { languages: m.languages } : {}),
    charts: m.charts,
    timingsMs: Object.fromEntries(Object.entries(m.timings).map(([stage, ms]) => [stage, Math.round(ms)])),
    node: process.version,
  };
  return { name: MANIFEST, chunks: [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)] };
}

/**
 * A hash of everything a build's outputs depend on: the data files, the templates and theme, the
 * options, the earlier edition snapshots (the "what changed" section), and Briefsmith's own code and
 * locked dependencies.
 */
export function buildKey(inputs: { path: string; hash: string }[], templatesDir: string, outDir: string, options: object, date: string | undefined): string {
  const hash = createHash('sha256');
  hash.update(codeHash());
  hash.update(JSON.stringify(options));
  for (const f of inputs) hash.update(`${f.path}\0${f.hash}\0`);
  for (const file of templateFiles(templatesDir)) hash.update(`${path.relative(templatesDir, file)}\0`).update(readInputBytes(file));
  const snapshots = path.join(outDir, SNAPSHOT_DIR);
  if (date && existsSync(snapshots)) {
    for (const name of readdirSync(snapshots).filter((n) => n.endsWith('.json') && n.slice(0, -5) < date).sort()) {
      // A snapshot that cannot be read is skipped by the diff (with a warning), so it counts as absent here.
      hash.update(`${name}\0`).update(readOrEmpty(path.join(snapshots, name)));
    }
  }
  return hash.digest('hex');
}

/**
 * The files of the last build, when its key equals the key `keyFor` computes for the edition date
 * it built (unchanged data has the same date), and its outputs are still there, unchanged.
 */
export function upToDateOutputs(outDir: string, keyFor: (date: string | undefined) => string, wanted: string[]): string[] | undefined {
  let manifest: { buildKey?: string; edition?: { date?: string }; outputs?: { name: string; sha256: string }[] };
  try {
    manifest = JSON.parse(readFileSync(path.join(outDir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  const outputs = manifest.outputs ?? [];
  if (manifest.buildKey !== keyFor(manifest.edition?.date) || outputs.map((o) => o.name).join() !== wanted.join()) return undefined;
  for (const o of outputs) {
    const file = path.join(outDir, o.name);
    if (!existsSync(file) || sha256(readOrEmpty(file)) !== o.sha256) return undefined;
  }
  return outputs.map((o) => path.join(outDir, o.name));
}

/** The other languages the last build into outDir built, each in outDir/<language>/. */
export function manifestLanguages(outDir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(path.join(outDir, MANIFEST), 'utf8')) as { languages?: unknown };
    return Array.isArray(manifest.languages) ? manifest.languages.filter((l): l is string => typeof l === 'string' && /^[A-Za-z0-9-]+$/.test(l)) : [];
  } catch {
    return [];
  }
}

/** The slides or pages of each output of the last build into outDir, by file name (for the summary of an up-to-date build). */
export function manifestPages(outDir: string): Record<string, number> {
  try {
    const manifest = JSON.parse(readFileSync(path.join(outDir, MANIFEST), 'utf8')) as { outputs?: { name: string; pages?: number }[] };
    return Object.fromEntries((manifest.outputs ?? []).filter((o) => typeof o.pages === 'number').map((o) => [o.name, o.pages!]));
  } catch {
    return {};
  }
}

/** Every template and theme file (a link counts as the file it points to); an unreadable one is the user's to fix. */
function templateFiles(dir: string): string[] {
  let listed: ReturnType<typeof listFiles>;
  try {
    // Templates, the theme, and the pictures they show (the logo, Markdown images): a changed picture is a change.
    listed = listFiles(dir, ['.hbs', '.json', '.png', '.jpg', '.jpeg', '.svg'], { recursive: true });
  } catch (cause) {
    throw new InputError(`the templates folder ${fileProblem(cause, dir).message}`, { file: displayPath(dir), field: '--templates', hint: 'pass --templates with the folder that holds story.hbs, partials/ and theme.json' }, { cause });
  }
  if (listed.problems.length) throw new ValidationError(listed.problems);
  return listed.files;
}

/** A file of out/ as bytes; one that cannot be read (a folder in its place) reads as nothing. */
function readOrEmpty(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/** SHA-256 of a file's bytes, whole or in chunks. */
function sha256(bytes: Buffer | Buffer[]): string {
  const hash = createHash('sha256');
  for (const chunk of Array.isArray(bytes) ? bytes : [bytes]) hash.update(chunk);
  return hash.digest('hex');
}

