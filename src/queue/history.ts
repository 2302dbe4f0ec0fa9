// "What changed since the previous edition" for editions published through the queue. A CLI build
// compares its figures with the snapshots its out/ folder keeps (.editions/, see src/diff); a render
// builds into a fresh folder for each published inputs, which holds none. So the store keeps each
// variant's snapshots (per language) in an out/ folder of their own, history/<language>/<variant>/:
// a first render is given the latest earlier one, and its own joins them once it is built.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { previousSnapshot, snapshotArtifact, snapshotName } from '../diff/index.ts';
import { writeArtifacts } from '../write.ts';

/**
 * Before a render into `dir`: the latest snapshot of an edition of its variant dated before `date`,
 * copied in. Not into a folder rendered before (a job run again): its "what changed" stays as it was,
 * and so do its files, which may have been sent already.
 */
export async function carryPreviousEdition(historyDir: string, dir: string, date: string, warn?: (text: string) => void): Promise<void> {
  if (existsSync(path.join(dir, 'manifest.json'))) return;
  const previous = await previousSnapshot(historyDir, date, warn);
  if (previous) await writeArtifacts(dir, [snapshotArtifact(previous)]);
}

/** After a render into `dir`: the snapshot the build wrote there joins its variant's history. */
export async function keepEdition(dir: string, historyDir: string, date: string): Promise<void> {
  const name = snapshotName(date);
  const bytes = await readFile(path.join(dir, name));
  await writeArtifacts(historyDir, [{ name, chunks: [bytes] }]);
}
