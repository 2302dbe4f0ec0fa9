// Spreadsheets as data files. A sheet (or a CSV file) holds one kind of record, named by the sheet's
// (the file's) name: Figures, Charts or Collections. Its first row names the columns, which are the
// fields of the YAML records; each later row is one record (a figure, a point of a chart series, an
// item of a collection). The result is the value the same records in YAML would give, with the cell of
// every field, so validation and its messages are the same for both ("figures.xlsx:Figures!C7").
import { formatCell, ValidationError, type Problem } from '../errors.ts';
import { nearestName } from '../nearest.ts';
import type { SourceFile, SourcePosition } from '../types.ts';
import { readCell, type Cell, type FieldKind } from './cells.ts';

export type { Cell } from './cells.ts';

/** A sheet as read: its name (none for a CSV file) and its rows of cells, the header first. */
export interface Sheet {
  name?: string;
  rows: Cell[][];
}

export type SheetKind = 'figures' | 'charts' | 'collections';

/** The columns of each kind of sheet and what each holds; test/load/sheets.test.ts keeps them in step with the schemas. */
export const COLUMNS: Record<SheetKind, Record<string, FieldKind>> = {
  // A range is two cells, low and high, in place of value.
  figures: {
    id: 'id', label: 'text', value: 'number', low: 'number', high: 'number', unit: 'text', scale: 'text', currency: 'text',
    qualifier: 'text', period: 'text', asOf: 'date', projection: 'switch', projectedFor: 'date', magnitude: 'switch',
    region: 'text', whole: 'text', source: 'id', note: 'text', zh: 'text',
  },
  // One row per point: a chart's figure for one series and one label. type, title, unit, note, currency and rates once per chart.
  charts: { chart: 'id', type: 'text', title: 'text', unit: 'text', note: 'text', currency: 'text', rates: 'ids', series: 'text', label: 'text', figure: 'id' },
  // One row per item; collectionTitle, sources and collectionNote once per collection. Other columns are the items' fields.
  collections: {
    collection: 'id', collectionTitle: 'text', sources: 'ids', collectionNote: 'text',
    title: 'text', text: 'text', when: 'text', source: 'id', zh: 'text',
  },
};

/** A chart's fields given once (on any of its rows). */
const CHART_META = ['type', 'title', 'unit', 'note', 'currency', 'rates'];

/** Columns every row of a kind needs, to know which record it belongs to. */
const KEY_COLUMNS: Record<SheetKind, string[]> = { figures: ['id'], charts: ['chart', 'series', 'label', 'figure'], collections: ['collection'] };

/** The words of this module, in one place (for the message catalogue of later editions). */
const TEXT = {
  unknownColumn: (name: string) => `unknown column "${name}"`,
  didYouMean: (name: string) => `did you mean ${name}?`,
  columnsOf: (kind: SheetKind) => `the columns of a ${kind} sheet: ${Object.keys(COLUMNS[kind]).join(', ')} (see docs/DATA.md)`,
  fieldLooksMisspelt: (name: string, known: string) => `column "${name}" looks like a misspelt ${known}`,
  fieldHint: (known: string) => `name it ${known}, or give a field column a name of its own`,
  twice: (name: string, first: string) => `a second column ${name} (the first is ${first})`,
  twiceHint: 'keep one column per field',
  unnamed: 'a column with values but no name in the first row',
  unnamedHint: 'the first row names the columns: give this one a name, or clear it',
  noKeyColumn: (name: string) => `no ${name} column`,
  noKeyColumnHint: (kind: SheetKind) => `the first row names the columns; a ${kind} sheet needs ${KEY_COLUMNS[kind].join(', ')}`,
  missingKey: (name: string) => `no ${name} in this row`,
  missingKeyHint: (name: string) => `every row needs its ${name}`,
  duplicate: (id: string, first: string) => `duplicate id "${id}" (first at ${first})`,
  duplicateHint: 'ids must be unique; rename or remove one row',
  halfRange: (given: string, missing: string) => `a range needs both low and high: ${given} is given, ${missing} is not`,
  halfRangeHint: 'give low and high for a range, or value alone',
  conflict: (field: string, first: unknown, at: string) => `${field} is already ${JSON.stringify(first)} (at ${at})`,
  conflictHint: 'write it once for the whole chart or collection, on any of its rows, or the same on each',
  secondPoint: (series: string, label: string, first: string) => `a second figure for series "${series}", label "${label}" (the first is at ${first})`,
  secondPointHint: 'one row per series and label',
  missingPoint: (series: string, label: string) => `series "${series}" has no figure for label "${label}"`,
  missingPointHint: 'add a row with that series and label: every series needs a figure for every label',
} as const;

/** The warnings for spreadsheets that hold nothing Briefsmith reads (load/index.ts gives them). */
export const SHEET_TEXT = {
  csvNotRead: (file: string) => `${file} is not read: a CSV file's name says what its rows are (figures.csv, charts.csv, collections.csv, or figures-anything.csv)`,
  sheetNotRead: (file: string, sheet: string) => `sheet "${sheet}" of ${file} is not read: name a sheet Figures, Charts or Collections (or start its name with one of them) to read it`,
} as const;

/** The kind of records a sheet or CSV file named so holds: "Figures", "figures-2024.csv" → figures. */
export function sheetKind(name: string): SheetKind | undefined {
  const word = /^[a-z]+/.exec(name.toLowerCase())?.[0];
  if (word === 'figure' || word === 'figures') return 'figures';
  if (word === 'chart' || word === 'charts') return 'charts';
  if (word === 'collection' || word === 'collections') return 'collections';
  return undefined;
}

/** Where each field of the value came from, by key path ("figures/x/unit"). */
type Places = Map<string, SourcePosition>;

/** Turns the sheets of one file into the data file they stand for; every problem of every sheet is reported at once. */
export function sheetsToSource(file: string, hash: string, sheets: { sheet: Sheet; kind: SheetKind }[]): SourceFile {
  const problems: Problem[] = [];
  const places: Places = new Map();
  const value: Record<SheetKind, Record<string, unknown>> = { figures: {}, charts: {}, collections: {} };
  const seen = new Map<string, string>();
  for (const { sheet, kind } of sheets) {
    const reader = new SheetReader(file, sheet, kind, problems, places);
    const table = reader.columns();
    if (!table) continue;
    if (kind === 'figures') reader.figures(table, value.figures, seen);
    else if (kind === 'charts') reader.charts(table, value.charts);
    else reader.collections(table, value.collections);
  }
  if (problems.length) throw new ValidationError(problems);
  const used = Object.fromEntries(Object.entries(value).filter(([, records]) => Object.keys(records).length));
  return {
    path: file,
    value: used,
    hash,
    positionOf(keyPath) {
      // The cell of the field, or of the nearest record or section that has one.
      for (let n = keyPath.length; n > 0; n--) {
        const place = places.get(keyPath.slice(0, n).join('/'));
        if (place) return place;
      }
      return { file };
    },
  };
}

interface Column { field: string; index: number; header: Cell; label: string; kind: FieldKind; isField: boolean }
interface Table { columns: Map<string, Column>; fields: Column[]; rows: { cells: Cell[]; first: Cell }[] }

/** Reads one sheet's rows into records of its kind, noting problems and places. */
class SheetReader {
  constructor(
    private readonly file: string,
    private readonly sheet: Sheet,
    private readonly kind: SheetKind,
    private readonly problems: Problem[],
    private readonly places: Places,
  ) {}

  private at(cell: Cell): SourcePosition {
    return this.sheet.name === undefined ? { file: this.file, cell: cell.ref } : { file: this.file, sheet: this.sheet.name, cell: cell.ref };
  }

  private problem(cell: Cell, message: string, hint?: string, field?: string): void {
    this.problems.push({ message, ...this.at(cell), field, hint });
  }

  private place(keyPath: (string | number)[], cell: Cell | undefined): void {
    const key = keyPath.join('/');
    if (cell && !this.places.has(key)) this.places.set(key, this.at(cell));
  }

  private where(cell: Cell): string {
    return formatCell(this.sheet.name, cell.ref);
  }

  /** The header row: which column holds which field. */
  columns(): Table | undefined {
    const [header = [], ...body] = this.sheet.rows;
    const known = COLUMNS[this.kind];
    const columns = new Map<string, Column>();
    const fields: Column[] = [];
    const rows = body.filter((cells) => cells.some((c) => readCell(c, 'text') !== undefined));
    header.forEach((cell, index) => {
      const name = String(cell.value ?? '').trim();
      if (!name) {
        const used = rows.find((cells) => readCell(cells[index], 'text') !== undefined);
        if (used) this.problem(used[index], TEXT.unnamed, TEXT.unnamedHint);
        return;
      }
      let field = Object.keys(known).find((k) => fold(k) === fold(name));
      let isField = false;
      if (!field) {
        const near = nearestName(name, Object.keys(known));
        if (this.kind !== 'collections') {
          this.problem(cell, TEXT.unknownColumn(name), near ? TEXT.didYouMean(near) : TEXT.columnsOf(this.kind));
          return;
        }
        // In a collection, any other column is a field of the items, unless it looks like a misspelt column.
        if (near) {
          this.problem(cell, TEXT.fieldLooksMisspelt(name, near), TEXT.fieldHint(near));
          return;
        }
        field = fieldKey(name, index);
        isField = true;
      }
      const previous = columns.get(field);
      if (previous) {
        this.problem(cell, TEXT.twice(name, this.where(previous.header)), TEXT.twiceHint);
        return;
      }
      const column = { field, index, header: cell, label: name, kind: isField ? 'text' as const : known[field], isField };
      columns.set(field, column);
      if (isField) fields.push(column);
    });
    const missing = KEY_COLUMNS[this.kind].filter((k) => !columns.has(k));
    if (missing.length) {
      this.problem(header[0] ?? { ref: 'A1', value: null }, TEXT.noKeyColumn(missing.join(', ')), TEXT.noKeyColumnHint(this.kind));
      return undefined;
    }
    return { columns, fields, rows: rows.map((cells) => ({ cells, first: cells[columns.get(KEY_COLUMNS[this.kind][0])!.index] ?? cells[0] })) };
  }

  /** The value of a column in a row, read for its kind; a problem is noted and undefined returned. */
  private read(table: Table, cells: Cell[], field: string, keyPath: (string | number)[]): unknown {
    const column = table.columns.get(field);
    if (!column) return undefined;
    const reading = readCell(cells[column.index], column.kind);
    if (reading && 'problem' in reading) {
      this.problem(cells[column.index], reading.problem, reading.hint, keyPath.join('.'));
      return undefined;
    }
    return reading?.value;
  }

  /** The cell of a field in a row (rows are read with a cell for every column, empty or not). */
  private cell(table: Table, cells: Cell[], field: string): Cell | undefined {
    const column = table.columns.get(field);
    return column ? cells[column.index] : undefined;
  }

  /** The key of a row (its id, chart or collection), or a problem when it has none. */
  private key(table: Table, cells: Cell[], field: string): string | undefined {
    const cell = this.cell(table, cells, field)!;
    if (readCell(cell, 'text') === undefined) {
      this.problem(cell, TEXT.missingKey(field), TEXT.missingKeyHint(field));
      return undefined;
    }
    const id = this.read(table, cells, field, [field]);
    return id === undefined ? undefined : String(id);
  }

  figures(table: Table, into: Record<string, unknown>, seen: Map<string, string>): void {
    for (const { cells } of table.rows) {
      const id = this.key(table, cells, 'id');
      if (id === undefined) continue;
      const idCell = this.cell(table, cells, 'id')!;
      const first = seen.get(id);
      if (first) {
        this.problem(idCell, TEXT.duplicate(id, first), TEXT.duplicateHint, `figures.${id}`);
        continue;
      }
      seen.set(id, this.where(idCell));
      const base = ['figures', id];
      this.place(base, idCell);
      const record: Record<string, unknown> = {};
      for (const field of table.columns.keys()) {
        if (field === 'id' || field === 'low' || field === 'high') continue;
        this.place([...base, field], this.cell(table, cells, field));
        const v = this.read(table, cells, field, [...base, field]);
        if (v !== undefined) record[field] = v;
      }
      const [low, high] = ['low', 'high'].map((f) => this.read(table, cells, f, [...base, 'range']));
      const lowCell = this.cell(table, cells, 'low');
      const highCell = this.cell(table, cells, 'high');
      this.place([...base, 'range'], lowCell ?? highCell);
      this.place([...base, 'range', 0], lowCell);
      this.place([...base, 'range', 1], highCell);
      if (low !== undefined && high !== undefined) record.range = [low, high];
      else if (low !== undefined || high !== undefined) {
        this.problem((low === undefined ? lowCell : highCell) ?? idCell, TEXT.halfRange(low === undefined ? 'high' : 'low', low === undefined ? 'low' : 'high'), TEXT.halfRangeHint, `${base.join('.')}.range`);
      }
      into[id] = record;
    }
  }

  charts(table: Table, into: Record<string, unknown>): void {
    interface Chart { meta: Record<string, { value: unknown; cell: Cell }>; labels: string[]; series: Map<string, Map<string, { figure: string; cell: Cell }>>; firstRow: Cell[]; seriesRows: Map<string, Cell[]>; labelRows: Map<string, Cell[]> }
    const charts = new Map<string, Chart>();
    for (const { cells } of table.rows) {
      const id = this.key(table, cells, 'chart');
      if (id === undefined) continue;
      let chart = charts.get(id);
      if (!chart) charts.set(id, (chart = { meta: {}, labels: [], series: new Map(), firstRow: cells, seriesRows: new Map(), labelRows: new Map() }));
      const base = ['charts', id];
      this.meta(table, cells, chart.meta, CHART_META, base);
      const [series, label, figure] = ['series', 'label', 'figure'].map((f) => this.key(table, cells, f));
      if (series === undefined || label === undefined || figure === undefined) continue;
      if (!chart.labels.includes(label)) { chart.labels.push(label); chart.labelRows.set(label, cells); }
      if (!chart.series.has(series)) { chart.series.set(series, new Map()); chart.seriesRows.set(series, cells); }
      const points = chart.series.get(series)!;
      const cell = this.cell(table, cells, 'figure')!;
      const previous = points.get(label);
      if (previous) this.problem(cell, TEXT.secondPoint(series, label, this.where(previous.cell)), TEXT.secondPointHint, `charts.${id}.series`);
      else points.set(label, { figure, cell });
    }
    for (const [id, chart] of charts) {
      const base = ['charts', id];
      this.place(base, this.cell(table, chart.firstRow, 'chart'));
      for (const field of CHART_META) this.place([...base, field], chart.meta[field]?.cell ?? this.cell(table, chart.firstRow, field));
      this.place([...base, 'labels'], this.cell(table, chart.firstRow, 'label'));
      chart.labels.forEach((label, i) => this.place([...base, 'labels', i], this.cell(table, chart.labelRows.get(label)!, 'label')));
      this.place([...base, 'series'], this.cell(table, chart.firstRow, 'series'));
      const series = [...chart.series].map(([name, points], si) => {
        const row = chart.seriesRows.get(name)!;
        this.place([...base, 'series', si], this.cell(table, row, 'series'));
        this.place([...base, 'series', si, 'figures'], this.cell(table, row, 'figure'));
        const figures: string[] = [];
        chart.labels.forEach((label, fi) => {
          const point = points.get(label);
          if (!point) {
            this.problem(this.cell(table, row, 'series')!, TEXT.missingPoint(name, label), TEXT.missingPointHint, `charts.${id}.series`);
            return;
          }
          this.place([...base, 'series', si, 'figures', fi], point.cell);
          figures.push(point.figure);
        });
        return { name, figures };
      });
      into[id] = { ...metaValues(chart.meta), labels: chart.labels, series };
    }
  }

  collections(table: Table, into: Record<string, unknown>): void {
    const renamed: Record<string, string> = { collectionTitle: 'title', sources: 'sources', collectionNote: 'note' };
    const collections = new Map<string, { meta: Record<string, { value: unknown; cell: Cell }>; items: Record<string, unknown>[]; firstRow: Cell[] }>();
    for (const { cells } of table.rows) {
      const id = this.key(table, cells, 'collection');
      if (id === undefined) continue;
      let collection = collections.get(id);
      if (!collection) collections.set(id, (collection = { meta: {}, items: [], firstRow: cells }));
      const base = ['collections', id];
      this.meta(table, cells, collection.meta, Object.keys(renamed), base, renamed);
      const at = [...base, 'items', collection.items.length];
      this.place(at, this.cell(table, cells, 'collection'));
      const item: Record<string, unknown> = {};
      for (const field of ['title', 'text', 'when', 'source', 'zh']) {
        this.place([...at, field], this.cell(table, cells, field));
        const v = this.read(table, cells, field, [...at, field]);
        if (v !== undefined) item[field] = v;
      }
      const fields: Record<string, unknown> = {};
      for (const column of table.fields) {
        this.place([...at, 'fields', column.field], this.cell(table, cells, column.field));
        const v = this.read(table, cells, column.field, [...at, 'fields', column.field]);
        if (v !== undefined) fields[column.field] = v;
      }
      if (Object.keys(fields).length) item.fields = fields;
      collection.items.push(item);
    }
    for (const [id, collection] of collections) {
      const base = ['collections', id];
      this.place(base, this.cell(table, collection.firstRow, 'collection'));
      for (const [column, field] of Object.entries(renamed)) this.place([...base, field], collection.meta[field]?.cell ?? this.cell(table, collection.firstRow, column));
      this.place([...base, 'items'], this.cell(table, collection.firstRow, 'collection'));
      // A table shows the title and the field columns this collection's items use, headed as in the sheet.
      const used = table.fields.filter((c) => collection.items.some((item) => (item.fields as Record<string, unknown> | undefined)?.[c.field] !== undefined));
      const title = table.columns.get('title');
      const columns = used.length ? [{ key: 'title', label: title ? title.label : 'Title' }, ...used.map((c) => ({ key: c.field, label: c.label }))] : undefined;
      used.forEach((c, i) => this.place([...base, 'columns', i + 1], c.header));
      into[id] = { ...metaValues(collection.meta), ...(columns ? { columns } : {}), items: collection.items };
    }
  }

  /** Record-level fields given once per chart or collection: the first cell that has one; another value is a problem. */
  private meta(table: Table, cells: Cell[], meta: Record<string, { value: unknown; cell: Cell }>, columns: string[], base: string[], rename: Record<string, string> = {}): void {
    for (const column of columns) {
      const field = rename[column] ?? column;
      const v = this.read(table, cells, column, [...base, field]);
      if (v === undefined) continue;
      const cell = this.cell(table, cells, column)!;
      const first = meta[field];
      if (!first) meta[field] = { value: v, cell };
      else if (JSON.stringify(first.value) !== JSON.stringify(v)) this.problem(cell, TEXT.conflict(column, first.value, this.where(first.cell)), TEXT.conflictHint, [...base, field].join('.'));
    }
  }
}

function metaValues(meta: Record<string, { value: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, v.value]));
}

/** A field column's key: its header in lower case with _ between words ("Pain points" → pain_points). */
function fieldKey(header: string, index: number): string {
  const key = header.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return key || `column_${index + 1}`;
}

function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

