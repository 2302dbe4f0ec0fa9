// write: the only stage that touches out/. Every artifact goes to a temp file first; only when all
// are written are they renamed into place, so a failed build leaves the previous outputs as they were.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BriefError } from './errors.ts';
import type { Artifact } from './types.ts';

export async function writeArtifacts(outDir: string, artifacts: Artifact[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const staged: { temp: string; final: string }[] = [];
  try {
    for (const artifact of artifacts) {
      const final = path.join(outDir, artifact.name);
      const temp = path.join(outDir, `.${artifact.name}.${process.pid}.tmp`);
      await writeFile(temp, artifact.bytes);
      staged.push({ temp, final });
    }
  } catch (cause) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw new BriefError(`cannot write to ${outDir}: ${(cause as Error).message}`, { file: outDir, hint: 'check that the output folder is writable and the disk is not full' }, { cause });
  }
  // rename() replaces atomically on the same file system.
  for (const { temp, final } of staged) await rename(temp, final);
  return staged.map((s) => s.final);
}
