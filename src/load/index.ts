// load: read the data files a user wrote, keeping the line/column of every value
// so that later stages can point at the exact place of a problem.
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Node } from 'yaml';
import { InputError, ValidationError, type Problem } from '../errors.ts';
import type { Position, SourceFile } from '../types.ts';
import { displayPath } from '../paths.ts';
import { fileProblem, listFiles, readInputBytes, readInputFiles, sha256, type InputFile } from './files.ts';
import { flowCommaHint, syntaxHint } from './traps.ts';
import { unreadEntries } from './unread.ts';

export { decodeText, fileProblem, listFiles, readInputBytes, readInputFile, readInputFiles, type InputFile } from './files.ts';

const require = createRequire(import.meta.url);
/** The files of a data folder that are read: YAML and JSON text, and spreadsheets (src/load/sheets.ts). */
const DATA_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv', '.xlsx'];
const BINARY_EXTENSIONS = ['.xlsx'];

/** A data file as read, not yet parsed: enough to tell whether anything changed. A workbook's text is empty. */
export type RawDataFile = InputFile & { bytes?: Buffer };

/**
 * Reads every data file in a data folder, sorted by name, without parsing; every unreadable file is
 * reported at once. Anything else in the folder gets a warning: a file silently skipped looks read.
 */
export async function readDataDir(dir: string, warn?: (message: string) => void): Promise<RawDataFile[]> {
  let listed: ReturnType<typeof listFiles>;
  try {
    listed = listFiles(dir, DATA_EXTENSIONS);
  } catch (cause) {
    throw new InputError(`the data folder ${fileProblem(cause, dir).message}`, {
      file: displayPath(dir),
      hint: 'pass --data with the folder that holds your findings (e.g. data/)',
    }, { cause });
  }
  if (warn) for (const message of unreadEntries(dir, DATA_EXTENSIONS)) warn(message);
  if (listed.files.length === 0 && listed.problems.length === 0) {
    throw new InputError(`no data files (${DATA_EXTENSIONS.join(', ')}) in ${dir}`, { file: displayPath(dir), hint: 'point --data at the folder with your findings' });
  }
  const isBinary = (file: string) => BINARY_EXTENSIONS.includes(path.extname(file).toLowerCase());
  const problems = [...listed.problems];
  const binary: RawDataFile[] = [];
  for (const file of listed.files.filter(isBinary)) {
    try {
      const bytes = readInputBytes(file);
      binary.push({ path: displayPath(file), text: '', hash: sha256(bytes), bytes });
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  const text = readInputFiles(listed.files.filter((f) => !isBinary(f)), problems);
  return [...text, ...binary].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Parses read data files; every file's syntax problems are reported together. */
export async function parseDataFiles(raw: RawDataFile[], warn?: (message: string) => void): Promise<SourceFile[]> {
  const problems: Problem[] = [];
  const loaded: SourceFile[] = [];
  for (const f of raw) {
    try {
      const source = await parseDataFile(f, warn);
      if (source) loaded.push(source);
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return loaded;
}

/** One data file, parsed by its kind; undefined for a spreadsheet that holds nothing Briefsmith reads. */
async function parseDataFile(f: RawDataFile, warn?: (message: string) => void): Promise<SourceFile | undefined> {
  const ext = path.extname(f.path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') return parseDataText(f.text, f.path, f.hash);
  // Loaded with the first spreadsheet: most projects have none.
  const [{ sheetKind, sheetsToSource, SHEET_TEXT }, { csvSheet }, { xlsxSheets }] = await Promise.all([import('./sheets.ts'), import('./csv.ts'), import('./xlsx.ts')]);
  if (ext === '.csv') {
    const kind = sheetKind(path.basename(f.path));
    if (!kind) {
      warn?.(SHEET_TEXT.csvNotRead(f.path));
      return undefined;
    }
    return sheetsToSource(f.path, f.hash, [{ sheet: csvSheet(f.text, f.path), kind }]);
  }
  const sheets = [];
  for (const sheet of await xlsxSheets(f.bytes!, f.path)) {
    const kind = sheetKind(sheet.name ?? '');
    if (kind) sheets.push({ sheet, kind });
    else warn?.(SHEET_TEXT.sheetNotRead(f.path, sheet.name ?? ''));
  }
  return sheets.length ? sheetsToSource(f.path, f.hash, sheets) : undefined;
}

/** Reads and parses every data file in a data folder, sorted by name. */
export async function loadDataDir(dir: string, warn?: (message: string) => void): Promise<SourceFile[]> {
  return parseDataFiles(await readDataDir(dir, warn), warn);
}

/**
 * Parses YAML (JSON is YAML). Values come from js-yaml (YAML 1.2 core schema), about ten times faster
 * than `yaml`'s document model (the ×10 benchmark data: ~80 ms against ~500 ms); positions are only
 * needed to point at a problem, so `yaml` parses the text again the first time one is asked for. Text
 * js-yaml rejects, or that uses anchors and aliases, goes to `yaml` at once: its errors carry the
 * line, column and kind our messages use, and it limits alias expansion.
 */
export function parseDataText(text: string, file: string, hash = sha256(text)): SourceFile {
  let value: unknown;
  const usesAliases = /(^|[\s[{,:-])[&*][^\s]/m.test(text);
  try {
    if (!usesAliases) value = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch {
    // Reported, or read after all, by the full parser below.
  }
  let positioned: PositionedYaml | undefined;
  const full = () => (positioned ??= parseWithPositions(text, file));
  if (value === undefined) value = full().value;
  return {
    path: file,
    value,
    hash,
    positionOf: (keyPath, of) => full().positionOf(keyPath, of),
    trapAt: (keyPath) => full().trapAt(keyPath),
  };
}

interface PositionedYaml {
  value: unknown;
  positionOf(keyPath: ReadonlyArray<string | number>, of?: 'key'): Position;
  trapAt(keyPath: ReadonlyArray<string | number>): string | undefined;
}

/** `yaml`'s document model: every node with its place in the text. Syntax errors name the line and column. */
function parseWithPositions(text: string, file: string): PositionedYaml {
  // Loaded here, on the first problem, not with the module: a build with good data never needs it (~40 ms).
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = require('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const problems = doc.errors.map((e): Problem => {
      const pos = lineCounter.linePos(e.pos[0]);
      return {
        message: `not valid YAML: ${firstLine(e.message)}`,
        file, line: pos.line, column: pos.col,
        hint: syntaxHint(e.code, text.split('\n')[pos.line - 1] ?? ''),
      };
    });
    throw new ValidationError(problems);
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // Aliases of aliases can expand to billions of values ("billion laughs"): refused, not built.
    throw new ValidationError([{ message: `not usable YAML: ${firstLine((cause as Error).message)}`, file, line: 1, column: 1, hint: 'write the values out instead of repeating anchors (&name) and aliases (*name) inside each other' }]);
  }
  return {
    value,
    trapAt: (keyPath) => flowCommaHint(doc, text, keyPath, { isMap, isScalar, isSeq }),
    positionOf(keyPath, of) {
      let node: unknown = doc.contents;
      let last: Node | null = (doc.contents as Node | null) ?? null;
      for (const [i, key] of keyPath.entries()) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
          if (!pair) break;
          // Point at the key when the value is missing or null (or the key is asked for), else at the value.
          node = pair.value ?? pair.key;
          if ((isScalar(pair.value) && pair.value.value == null) || (of === 'key' && i === keyPath.length - 1)) node = pair.key;
        } else if (isSeq(node) && typeof key === 'number') {
          node = node.items[key];
          if (!node) break;
        } else break;
        if (node && typeof node === 'object' && 'range' in node) last = node as Node;
      }
      return at(last?.range?.[0] ?? 0);
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

