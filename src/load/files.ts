// Reading what a user wrote: folders and text files. Every file-system mistake (a dangling or looping
// link, a folder where a file belongs, a pipe, a file that cannot be read, bytes that are not UTF-8)
// becomes a Problem that names the path and says what to do. None reaches the user as an internal error,
// and nothing is silently changed: text that is not UTF-8 is refused, not decoded into U+FFFD.
import { createHash } from 'node:crypto';
import { accessSync, constants, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { InputError, ValidationError, type Problem } from '../errors.ts';
import { displayPath } from '../paths.ts';

/** A text file as read: its path as the user would recognise it, its text and the hash of its bytes. */
export interface InputFile {
  path: string;
  text: string;
  /** SHA-256 of the raw bytes. */
  hash: string;
}

/** What the user reads; kept together for the message catalogue of a later language. */
const SAY = {
  missing: 'does not exist',
  dangling: (target: string) => `is a link to ${target}, which does not exist`,
  loop: 'is a link that leads back to itself (a symlink loop)',
  folder: 'is a folder, not a file',
  special: 'is not a regular file (a pipe, socket or device)',
  denied: 'cannot be read: permission denied',
  unreadable: (code: string) => `cannot be read (${code})`,
  notFolder: 'is not a folder',
  notUtf8: (byte: number, excerpt: string) => `is not UTF-8 text: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} after "${excerpt}"`,
  utf16: 'is UTF-16 text; Briefsmith reads UTF-8',
  hintLink: 'point the link at an existing file, or remove it',
  hintFolder: (ext: string) => `rename the folder so that it does not end in ${ext}, or move it elsewhere`,
  hintSpecial: 'replace it with a regular file',
  hintDenied: 'make it readable (chmod a+r), or run as a user who may read it',
  hintUtf8: 'save the file as UTF-8 (most editors: "Save with encoding" → UTF-8)',
} as const;

const BOM = '\uFEFF';

/** The Problem for a file-system error on a path the user gave (a data file, a template, a folder). */
export function fileProblem(error: unknown, file: string): Problem {
  const code = (error as NodeJS.ErrnoException)?.code ?? 'error';
  const shown = displayPath(file);
  switch (code) {
    case 'ENOENT': {
      const target = linkTarget(file);
      return target !== undefined
        ? { message: SAY.dangling(target), file: shown, hint: SAY.hintLink }
        : { message: SAY.missing, file: shown };
    }
    case 'ELOOP': return { message: SAY.loop, file: shown, hint: SAY.hintLink };
    case 'EISDIR': return { message: SAY.folder, file: shown, hint: SAY.hintFolder(path.extname(file) || 'its extension') };
    case 'ENOTDIR': return { message: SAY.notFolder, file: shown };
    case 'EACCES': case 'EPERM': return { message: SAY.denied, file: shown, hint: SAY.hintDenied };
    default: return { message: SAY.unreadable(code), file: shown };
  }
}

function linkTarget(file: string): string | undefined {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a folder the user named cannot be read (missing, a file, no permission), or undefined when it can. */
export function folderProblem(dir: string): Problem | undefined {
  try {
    if (!statSync(dir).isDirectory()) return { message: SAY.notFolder, file: displayPath(dir) };
    accessSync(dir, constants.R_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    return fileProblem(error, dir);
  }
}

/** No file at all stands at this path (a file that exists but cannot be read is the reader's to report). */
export function isAbsent(file: string): boolean {
  try {
    lstatSync(file);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** What is wrong with a path that should be a regular file, given its stat (which follows links). */
function notAFile(stats: Stats, file: string): Problem | undefined {
  if (stats.isFile()) return undefined;
  const shown = displayPath(file);
  if (stats.isDirectory()) return { message: SAY.folder, file: shown, hint: SAY.hintFolder(path.extname(file) || 'its extension') };
  return { message: SAY.special, file: shown, hint: SAY.hintSpecial };
}

/**
 * The files in `dir` whose names end in one of `extensions`, sorted by name; hidden files (".name",
 * such as editors' lock files) and Excel's lock files ("~$name.xlsx", there while a workbook is open) are skipped. Entries that are not readable regular files are problems.
 * A missing or unreadable folder throws (an InputError with `folderProblem`'s message).
 */
export function listFiles(dir: string, extensions: readonly string[], opts: { recursive?: boolean } = {}): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
      const file = path.join(folder, entry.name);
      if (opts.recursive && entry.isDirectory() && !extensions.includes(path.extname(entry.name))) {
        visit(file);
        continue;
      }
      if (!extensions.includes(path.extname(entry.name))) continue;
      if (entry.isFile()) { files.push(file); continue; }
      let stats: Stats;
      try {
        stats = statSync(file);
      } catch (error) {
        problems.push(fileProblem(error, file));
        continue;
      }
      const problem = notAFile(stats, file);
      if (problem) problems.push(problem);
      else files.push(file);
    }
  };
  visit(dir);
  return { files, problems };
}

/** The bytes of a file the user wrote. Throws an InputError naming it when it is not a readable regular file. */
export function readInputBytes(file: string): Buffer {
  try {
    // A pipe named like a data file would block the read for ever: only regular files are opened.
    const problem = notAFile(statSync(file), file);
    if (problem) throw new ValidationError([problem]);
    return readFileSync(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new ValidationError([fileProblem(error, file)]);
  }
}

/** Reads a text file the user wrote (UTF-8, an optional byte-order mark dropped). Throws an InputError naming it. */
export function readInputFile(file: string): InputFile {
  const bytes = readInputBytes(file);
  const shown = displayPath(file);
  return { path: shown, text: decodeText(bytes, shown), hash: sha256(bytes) };
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads every file named, reporting every unreadable one at once. */
export function readInputFiles(files: string[], earlier: Problem[] = []): InputFile[] {
  const problems = [...earlier];
  const read: InputFile[] = [];
  for (const file of files) {
    try {
      read.push(readInputFile(file));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return read;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes as text, the byte-order mark dropped; anything else is refused with its line and column. */
export function decodeText(bytes: Uint8Array, file: string): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ValidationError([notUtf8Problem(bytes, file)]);
  }
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function notUtf8Problem(bytes: Uint8Array, file: string): Problem {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { message: SAY.utf16, file, line: 1, column: 1, hint: SAY.hintUtf8 };
  }
  const offset = firstInvalidUtf8(bytes);
  const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.slice(lineStart);
  return {
    message: SAY.notUtf8(bytes[offset], line.length > 30 ? `…${line.slice(-30)}` : line),
    file, line: before.split('\n').length, column: [...line].length + 1, hint: SAY.hintUtf8,
  };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || n < (k === 1 ? lo : 0x80) || n > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return i;
}
