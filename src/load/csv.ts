// CSV files as sheets (csv-parse): every cell is text, read for its column's kind by cells.ts. The
// delimiter is the one the header row uses: a comma, or the semicolon or tab that spreadsheet programs
// write where the comma is the decimal mark.
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../errors.ts';
import { columnLetters, type Cell } from './cells.ts';
import type { Sheet } from './sheets.ts';

const TEXT = {
  notCsv: (why: string) => `not valid CSV: ${why}`,
  notCsvHint: 'a cell that starts with a quote (") must end with one; write "" for a quote inside it',
} as const;

/** A CSV file's text as one sheet, a cell for every column of every row ("C7": the third column of the seventh row). */
export function csvSheet(text: string, file: string): Sheet {
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new ValidationError([{ message: TEXT.notCsv(e.message.replace(/^Invalid [^:]*: /, '')), file, line: e.lines, hint: TEXT.notCsvHint }]);
  }
  const width = Math.max(0, ...records.map((r) => r.length));
  return {
    rows: records.map((record, r) => Array.from({ length: width }, (_, c): Cell => ({ ref: `${columnLetters(c)}${r + 1}`, value: record[c] ?? null }))),
  };
}

/** The delimiter the first line uses most, outside quotes: , ; or tab. */
function delimiterOf(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return n > 0 ? best : ',';
}
