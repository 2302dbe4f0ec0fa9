// One spreadsheet cell as the value a data field holds: numbers stay numbers, dates become ISO text,
// and text where a number belongs is refused with a hint, never guessed at ("1,234" may be 1234 or 1.234).

/** A cell as read: its value as the spreadsheet holds it (every CSV cell is text). */
export interface Cell {
  /** A1-style reference: "C7". */
  ref: string;
  value: string | number | boolean | Date | null | { error: string };
  /** For a date: what its format shows ("mmm yyyy" is a month, "yyyy" a year), so "2024-07" stays a month. */
  datePrecision?: 'year' | 'month' | 'day';
}

/** What a column holds, and so how its cells are read. */
export type FieldKind = 'id' | 'text' | 'number' | 'switch' | 'date' | 'ids';

export type CellReading = { value: unknown } | { problem: string; hint?: string } | undefined;

/** The words of the spreadsheet readers, in one place (for the message catalogue of later editions). */
export const CELL_TEXT = {
  error: (e: string) => `holds the error ${e}`,
  errorHint: 'fix the formula, or type the value',
  textNotNumber: (t: string) => `is text "${t}", not a number`,
  separatorHint: 'type the number alone, with no thousands separator and a point for decimals: 1234, 1.5',
  percentHint: 'type the number alone (45) and put "%" in the unit column',
  unitHint: 'type the number alone: the unit goes in the unit column, and thousand, million or billion in the scale column',
  dateNotNumber: 'is a date, not a number',
  numberHint: 'type a plain number, formatted as a number',
  switchNotValid: (v: unknown) => `must be TRUE or FALSE, not ${JSON.stringify(v)}`,
  switchHint: 'type TRUE or FALSE (or yes or no), or leave the cell empty for no',
  numberNotDate: (n: number) => `is the number ${n}, not a date`,
  dateHint: 'type the date as text (2024-07-15, 2024-07 or 2024), or format the cell as a date',
  notText: (v: unknown) => `must be text, not ${JSON.stringify(v)}`,
} as const;

/** Reads a cell for a field of this kind; undefined when the cell is empty. */
export function readCell(cell: Cell | undefined, kind: FieldKind): CellReading {
  const v = cell?.value;
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return undefined;
  if (typeof v === 'object' && !(v instanceof Date)) return { problem: CELL_TEXT.error(v.error), hint: CELL_TEXT.errorHint };
  switch (kind) {
    case 'number': return readNumber(v);
    case 'switch': return readSwitch(v);
    case 'date': return readDate(v, cell!.datePrecision);
    case 'ids': {
      const text = asText(v, cell!.datePrecision);
      return text === undefined ? { problem: CELL_TEXT.notText(v) } : { value: text.split(/[,;]/).map((s) => s.trim()).filter(Boolean) };
    }
    default: {
      const text = asText(v, cell!.datePrecision);
      return text === undefined ? { problem: CELL_TEXT.notText(v) } : { value: text };
    }
  }
}

/** A plain decimal number: "113", "-0.5", "1.0e8". Nothing with separators, units or signs of a format. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function readNumber(v: string | number | boolean | Date): CellReading {
  if (typeof v === 'number') return { value: v };
  if (v instanceof Date) return { problem: CELL_TEXT.dateNotNumber, hint: CELL_TEXT.numberHint };
  if (typeof v === 'boolean') return { problem: CELL_TEXT.textNotNumber(String(v).toUpperCase()), hint: CELL_TEXT.numberHint };
  const text = v.trim();
  if (PLAIN_NUMBER.test(text)) return { value: Number(text) };
  const hint = /\d[,\s']\d/.test(text) || /^\d+,\d+$/.test(text) ? CELL_TEXT.separatorHint : text.includes('%') ? CELL_TEXT.percentHint : CELL_TEXT.unitHint;
  return { problem: CELL_TEXT.textNotNumber(text), hint };
}

function readSwitch(v: string | number | boolean | Date): CellReading {
  if (typeof v === 'boolean') return { value: v };
  const text = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'yes') return { value: true };
  if (text === 'false' || text === 'no') return { value: false };
  return { problem: CELL_TEXT.switchNotValid(v instanceof Date ? v.toISOString().slice(0, 10) : v), hint: CELL_TEXT.switchHint };
}

function readDate(v: string | number | boolean | Date, precision: Cell['datePrecision']): CellReading {
  if (v instanceof Date) return { value: isoDate(v, precision) };
  // A year typed into a cell is a number: 2024 is "2024".
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1000 && v <= 9999 ? { value: String(v) } : { problem: CELL_TEXT.numberNotDate(v), hint: CELL_TEXT.dateHint };
  if (typeof v === 'boolean') return { problem: CELL_TEXT.notText(v), hint: CELL_TEXT.dateHint };
  return { value: v.trim() };
}

/** A cell as the text it shows: a number as written (2018 is "2018"), a date as ISO text. */
function asText(v: string | number | boolean | Date, precision: Cell['datePrecision']): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return isoDate(v, precision);
  return undefined;
}

/** An Excel date (stored as a day count, read as UTC) as ISO text to the precision its format shows. */
function isoDate(d: Date, precision: Cell['datePrecision'] = 'day'): string {
  const iso = d.toISOString();
  return precision === 'year' ? iso.slice(0, 4) : precision === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** "A", "B", …, "Z", "AA": the letters of the column at a 0-based index. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
