// How a file is named to the user: relative to where they ran the command, when it is below it.
import path from 'node:path';

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Where each edition's findings are kept under an output folder, for "what changed since" (src/diff). */
export const SNAPSHOT_DIR = '.editions';
