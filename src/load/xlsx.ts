// Excel workbooks as sheets (exceljs). Cells keep their types: numbers stay numbers, dates are dates
// (to the precision their format shows), a formula gives its saved result. exceljs is loaded only when
// a workbook is read: it is large, and most projects have none (src/bundle.cjs keeps it out of the bundle).
import { ValidationError, type Problem } from '../errors.ts';
import { columnLetters, type Cell } from './cells.ts';
import type { Sheet } from './sheets.ts';

const TEXT = {
  notWorkbook: (why: string) => `is not an Excel workbook Briefsmith can read (${why})`,
  notWorkbookHint: 'save it from your spreadsheet program as "Excel Workbook (.xlsx)"; .xls and .xlsb files are not read',
  noResult: 'holds a formula whose result is not saved in the file',
  noResultHint: 'open the workbook in a spreadsheet program and save it, so that the results are stored',
} as const;

type ExcelCell = import('exceljs').Cell;

/** Every sheet of a workbook, by name, with a cell for every column of every row. */
export async function xlsxSheets(bytes: Buffer, file: string): Promise<Sheet[]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new ValidationError([{ message: TEXT.notWorkbook(firstLine((error as Error).message)), file, hint: TEXT.notWorkbookHint }]);
  }
  const problems: Problem[] = [];
  const sheets = workbook.worksheets.map((worksheet): Sheet => {
    const width = worksheet.columnCount;
    const rows: Cell[][] = [];
    for (let r = 1; r <= worksheet.rowCount; r++) {
      const row = worksheet.getRow(r);
      rows.push(Array.from({ length: width }, (_, c) => {
        const cell = row.getCell(c + 1);
        const read = cellOf(cell, `${columnLetters(c)}${r}`);
        if (read.problem) problems.push({ message: read.problem, file, sheet: worksheet.name, cell: read.cell.ref, hint: TEXT.noResultHint });
        return read.cell;
      }));
    }
    return { name: worksheet.name, rows };
  });
  if (problems.length) throw new ValidationError(problems);
  return sheets;
}

/** One exceljs cell as a typed Cell. */
function cellOf(cell: ExcelCell, ref: string): { cell: Cell; problem?: string } {
  let v: unknown = cell.value;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
    v = (v as { result?: unknown }).result;
    if (v === undefined) return { cell: { ref, value: null }, problem: TEXT.noResult };
  }
  if (v && typeof v === 'object' && 'richText' in v) v = (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
  if (v && typeof v === 'object' && 'hyperlink' in v) v = (v as { text?: unknown }).text;
  if (v && typeof v === 'object' && 'error' in v) return { cell: { ref, value: { error: String((v as { error: unknown }).error) } } };
  if (v instanceof Date) return { cell: { ref, value: v, datePrecision: precisionOf(cell.numFmt) } };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { cell: { ref, value: v } };
  return { cell: { ref, value: null } };
}

/** What a date format shows: "yyyy" a year, "mmm yyyy" a month, anything with days a day. */
function precisionOf(format: string | undefined): Cell['datePrecision'] {
  // Quoted text and escaped characters are not date parts ("\"Q\"0" is no date part at all).
  const parts = (format ?? '').replace(/"[^"]*"|\\./g, '').toLowerCase();
  if (!parts || parts.includes('d') || parts === 'general') return 'day';
  return parts.includes('m') ? 'month' : parts.includes('y') ? 'year' : 'day';
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
