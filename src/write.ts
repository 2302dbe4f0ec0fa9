// write: the only stage that touches out/. Every artifact goes to a temp file first; only when all
// are written are they renamed into place, so a failed build leaves the previous outputs as they were.
// A build killed between two renames leaves each file whole: either the old one or the new one.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefError } from './errors.ts';
import type { Artifact } from './types.ts';

export async function writeArtifacts(outDir: string, artifacts: Artifact[]): Promise<string[]> {
  const staged: { temp: string; final: string }[] = [];
  try {
    for (const artifact of artifacts) {
      const final = path.join(outDir, artifact.name);
      const dir = path.dirname(final);
      await mkdir(dir, { recursive: true });
      await removeStaleTemps(dir, path.basename(final));
      const temp = path.join(dir, `.${path.basename(final)}.${process.pid}.tmp`);
      staged.push({ temp, final });
      await writeFile(temp, inPiecesOfAMegabyte(artifact.chunks));
    }
  } catch (cause) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new BriefError(`cannot write to ${outDir}: ${(cause as Error).message}`, { file: outDir, hint: 'check that the output folder is writable and the disk is not full' }, { cause });
  }
  // rename() replaces atomically on the same file system.
  for (const { temp, final } of staged) await rename(temp, final);
  return staged.map((s) => s.final);
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
