// write: the only stage that touches out/. Every artifact goes to a temp file first; only when all
// are written are they renamed into place, so a failed build leaves the previous outputs as they were.
// A build killed between two renames leaves each file whole: either the old one or the new one.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefError, InputError } from './errors.ts';
import { displayPath } from './paths.ts';
import type { Artifact } from './types.ts';

/** What the user reads; kept together for the message catalogue of a later language. */
const SAY = {
  root: 'the output folder (--out) is the root of the file system',
  same: (input: string) => `the output folder (--out) is the ${input} folder itself: the outputs, the manifest and the edition snapshots would be written among your ${input}`,
  inside: (input: string, dir: string) => `the output folder (--out) is inside the ${input} folder ${dir}: the outputs would be mixed with your ${input}, and read back by the next build`,
  holds: (input: string, dir: string) => `the output folder (--out) holds the ${input} folder ${dir}: the outputs, the manifest and the caches would be mixed with your ${input}`,
  aFile: 'the output folder (--out) is a file, not a folder',
  under: (file: string) => `the output folder (--out) cannot be made: ${file} is a file, not a folder`,
  readOnly: 'cannot be written: permission denied or a read-only file system',
  outputIsFolder: 'is a folder where Briefsmith writes a file',
  cannotWrite: (detail: string) => `cannot be written (${detail})`,
  fileInTheWay: 'cannot be made: a file stands where Briefsmith needs a folder',
  hintOwn: 'pass --out a folder of its own, e.g. --out out',
  hintWritable: 'choose a folder you may write to with --out, or fix its permissions (chmod u+w)',
  hintOutputFolder: 'move or remove it; the output folder is written by Briefsmith alone',
  hintSpace: 'free some disk space, or choose another folder with --out',
} as const;

/** File-system errors that a user can fix (permissions, a full disk, a file in the way): exit 2, not a bug. */
const USER_FIXABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'ELOOP', 'EMLINK', 'EFBIG']);

/**
 * Refuses an output folder the build must not or cannot write: the file system's root, a folder that is,
 * holds or lies inside the data or the templates (the outputs would land among the user's own files,
 * and the next build would read them), a file, or a folder that cannot be written. Checked before any work.
 */
export function checkOutputFolder(outDir: string, inputs: { name: string; dir: string }[]): void {
  const out = realLocation(outDir);
  const fail = (message: string, hint: string, file = outDir) => { throw new InputError(message, { file: displayPath(file), hint }); };
  if (path.dirname(out) === out) fail(SAY.root, SAY.hintOwn);
  for (const input of inputs) {
    const dir = realLocation(input.dir);
    if (dir === out) fail(SAY.same(input.name), SAY.hintOwn);
    if (out.startsWith(dir + path.sep)) fail(SAY.inside(input.name, displayPath(input.dir)), SAY.hintOwn);
    if (dir.startsWith(out + path.sep)) fail(SAY.holds(input.name, displayPath(input.dir)), SAY.hintOwn);
  }
  // The folder, or the nearest one above it that exists (the build makes the rest), must be a writable folder.
  let existing = path.resolve(outDir);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(existing).isDirectory();
    } catch {
      existing = path.dirname(existing);
      continue;
    }
    if (!isDirectory) fail(existing === path.resolve(outDir) ? SAY.aFile : SAY.under(displayPath(existing)), SAY.hintOwn);
    try {
      accessSync(existing, constants.W_OK | constants.X_OK);
    } catch {
      fail(SAY.readOnly, SAY.hintWritable, existing);
    }
    return;
  }
}

/** The real path of a folder that may not exist yet: its nearest existing parent resolved, the rest appended. */
function realLocation(dir: string): string {
  const absolute = path.resolve(dir);
  let existing = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(existing), path.relative(existing, absolute));
    } catch {
      const up = path.dirname(existing);
      if (up === existing) return absolute;
      existing = up;
    }
  }
}

export async function writeArtifacts(outDir: string, artifacts: Artifact[]): Promise<string[]> {
  const staged: { temp: string; final: string }[] = [];
  try {
    for (const artifact of artifacts) {
      const final = path.join(outDir, artifact.name);
      const dir = path.dirname(final);
      await mkdir(dir, { recursive: true });
      // A folder where an output belongs would make its rename fail after others were replaced.
      if ((await stat(final).catch(() => null))?.isDirectory()) {
        throw new InputError(SAY.outputIsFolder, { file: displayPath(final), hint: SAY.hintOutputFolder });
      }
      await removeStaleTemps(dir, path.basename(final));
      const temp = path.join(dir, `.${path.basename(final)}.${process.pid}.tmp`);
      staged.push({ temp, final });
      await writeFile(temp, inPiecesOfAMegabyte(artifact.chunks));
    }
  } catch (cause) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw writeError(cause, outDir);
  }
  // rename() replaces atomically on the same file system.
  for (const { temp, final } of staged) await rename(temp, final);
  return staged.map((s) => s.final);
}

/** A failed write as the user can act on it: their folder and what stopped it; a bug only when nothing explains it. */
function writeError(cause: unknown, outDir: string): BriefError {
  if (cause instanceof BriefError) return cause;
  const error = cause as NodeJS.ErrnoException;
  const where = { file: displayPath(error.path ?? outDir) };
  if (error.code === 'ENOSPC' || error.code === 'EDQUOT') return new InputError(SAY.cannotWrite('the disk is full'), { ...where, hint: SAY.hintSpace }, { cause });
  if (error.code === 'ENOTDIR' || error.code === 'EEXIST') return new InputError(SAY.fileInTheWay, { ...where, hint: SAY.hintOutputFolder }, { cause });
  if (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EROFS') return new InputError(SAY.readOnly, { ...where, hint: SAY.hintWritable }, { cause });
  if (error.code && USER_FIXABLE.has(error.code)) return new InputError(SAY.cannotWrite(error.code), { ...where, hint: SAY.hintWritable }, { cause });
  return new BriefError(`cannot write to ${outDir}: ${error.message}`, where, { cause });
}

/**
 * The chunks joined into pieces of about 1 MiB for writeFile: one write per small chunk (pdfkit makes
 * thousands) would be slow, and joining them all would copy the whole file in memory.
 */
function* inPiecesOfAMegabyte(chunks: Buffer[]): Generator<Buffer> {
  let piece: Buffer[] = [];
  let size = 0;
  for (const chunk of chunks) {
    piece.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) {
      yield piece.length === 1 ? piece[0] : Buffer.concat(piece, size);
      piece = [];
      size = 0;
    }
  }
  if (piece.length) yield Buffer.concat(piece, size);
}

/** Temp files a killed build left behind for this name: never renamed, so safe to delete. */
async function removeStaleTemps(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(prefix) && entry.endsWith('.tmp')) await rm(path.join(dir, entry), { force: true });
  }
}
