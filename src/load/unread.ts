// What a data folder holds that Briefsmith does not read, said once per build: a figure in a file
// that is silently skipped looks as if it were in the briefing.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../paths.ts';

const TEXT = {
  folder: (dir: string) => `${dir}/ is not read: Briefsmith reads the files directly in the data folder, not in folders inside it`,
  convert: (file: string) => `${file} is not read: save it as .xlsx (Excel Workbook) or .csv (UTF-8), which Briefsmith reads`,
  letterCase: (file: string, ext: string) => `${file} is not read: name it with ${ext} in lower case`,
  other: (file: string, extensions: readonly string[]) => `${file} is not read: data files are ${extensions.join(', ')} (move other files out of the data folder to silence this)`,
} as const;

/** Spreadsheet formats Briefsmith does not read, for which saving as .xlsx or .csv is the fix. */
const CONVERTIBLE = ['.xls', '.xlsm', '.xlsb', '.ods', '.numbers', '.tsv'];

/** Editors' and spreadsheet programs' own files next to the data: lock files, backups, swap files. */
function isScratch(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name.endsWith('~') || /^#.*#$/.test(name) || /\.(swp|swo|tmp|bak)$/i.test(name);
}

/** A warning for each entry of `dir` that is not a data file Briefsmith reads. */
export function unreadEntries(dir: string, extensions: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (isScratch(entry.name)) continue;
    const ext = path.extname(entry.name);
    const shown = displayPath(path.join(dir, entry.name));
    if (extensions.includes(ext)) continue;
    if (entry.isDirectory()) warnings.push(TEXT.folder(shown));
    else if (extensions.includes(ext.toLowerCase())) warnings.push(TEXT.letterCase(shown, ext.toLowerCase()));
    else if (CONVERTIBLE.includes(ext.toLowerCase())) warnings.push(TEXT.convert(shown));
    else warnings.push(TEXT.other(shown, extensions));
  }
  return warnings;
}
