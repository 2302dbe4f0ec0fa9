// Figures, charts and collections from spreadsheets: the same findings as the same records in YAML,
// numbers kept numbers and dates kept to their precision, and every problem named by file, sheet and cell.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationError, formatError } from '../../src/errors.ts';
import { loadDataDir } from '../../src/load/index.ts';
import { COLUMNS } from '../../src/load/sheets.ts';
import { validate } from '../../src/validate/index.ts';
import { chartSchema, collectionSchema, figureSchema } from '../../src/validate/schema.ts';
import { tempDir } from '../helpers/run.ts';

const EDITION = 'edition:\n  title: Sheets\n  date: "2026-01-01"\n  language: en\n';
const SOURCES = 'sources:\n  s1:\n    title: A survey\n    language: en\n';

/** The same figures, chart and collection as YAML. */
const YAML_RECORDS = `${EDITION}${SOURCES}
figures:
  sold_2023: { label: units sold, value: 300, scale: thousand, unit: units, period: "2023", source: s1 }
  sold_2028: { label: units sold, value: 650, scale: thousand, unit: units, projection: true, projectedFor: "2028", asOf: "2025-11", source: s1 }
  share: { label: share in cities, range: [40, 45], unit: "%", asOf: "2025-11-15", source: s1 }
  shops: { label: shops, value: 1200, unit: shops, qualifier: over, asOf: "2025", projection: false, source: s1, note: "Counted in May, and again in June" }
charts:
  sales:
    type: bar
    title: Units sold
    unit: thousand units
    labels: ["2023", 2028 (projected)]
    series:
      - { name: Sold, figures: [sold_2023, sold_2028] }
      - { name: Again, figures: [sold_2028, sold_2023] }
collections:
  steps:
    title: Milestones
    sources: [s1]
    columns: [{ key: title, label: Title }, { key: what_it_changed, label: What it changed }]
    items:
      - { title: Subsidy, when: "2019", text: A grant, fields: { what_it_changed: Sales doubled } }
      - { title: Lanes, when: "2022", fields: { what_it_changed: "Safer, and more riders" } }
`;

const FIGURE_ROWS = [
  ['id', 'label', 'value', 'low', 'high', 'unit', 'scale', 'qualifier', 'period', 'asOf', 'projection', 'projectedFor', 'source', 'note'],
  ['sold_2023', 'units sold', '300', '', '', 'units', 'thousand', '', '2023', '', '', '', 's1', ''],
  ['sold_2028', 'units sold', '650', '', '', 'units', 'thousand', '', '', '2025-11', 'TRUE', '2028', 's1', ''],
  ['share', 'share in cities', '', '40', '45', '%', '', '', '', '2025-11-15', '', '', 's1', ''],
  ['shops', 'shops', '1200', '', '', 'shops', '', 'over', '', '2025', 'no', '', 's1', 'Counted in May, and again in June'],
];
const CHART_ROWS = [
  ['chart', 'type', 'title', 'unit', 'series', 'label', 'figure'],
  ['sales', 'bar', 'Units sold', 'thousand units', 'Sold', '2023', 'sold_2023'],
  ['sales', '', '', '', 'Sold', '2028 (projected)', 'sold_2028'],
  ['sales', 'bar', '', '', 'Again', '2023', 'sold_2028'],
  ['sales', '', '', '', 'Again', '2028 (projected)', 'sold_2023'],
];
const COLLECTION_ROWS = [
  ['Collection', 'Collection title', 'Sources', 'When', 'Title', 'Text', 'What it changed'],
  ['steps', 'Milestones', 's1', '2019', 'Subsidy', 'A grant', 'Sales doubled'],
  ['steps', '', '', '2022', 'Lanes', '', 'Safer, and more riders'],
];

const csv = (rows: string[][], delimiter = ',') => `${rows.map((r) => r.map((c) => (/[",;\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter)).join('\r\n')}\r\n`;

function dataDir(files: Record<string, string | Buffer>): string {
  const dir = path.join(tempDir('bs-sheets-'), 'data');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function findingsOf(files: Record<string, string | Buffer>) {
  return validate(await loadDataDir(dataDir(files)));
}

async function problemsOf(files: Record<string, string | Buffer>): Promise<string> {
  const error = await findingsOf(files).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return formatError(error);
}

/** A workbook made as a spreadsheet program saves one: typed cells, a date format, several sheets. */
async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const month = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m - 1, d));

describe('spreadsheet columns', () => {
  it('are the fields of the YAML records, so that the two cannot drift apart', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(COLUMNS.figures)).toEqual([...keys(figureSchema.shape).filter((k) => k !== 'range'), 'id', 'low', 'high'].sort());
    expect(keys(COLUMNS.charts)).toEqual([...keys(chartSchema.shape).filter((k) => k !== 'labels' && k !== 'series'), 'chart', 'series', 'label', 'figure'].sort());
    const item = collectionSchema.shape.items.element.shape;
    expect(keys(COLUMNS.collections)).toEqual([...keys(item).filter((k) => k !== 'fields'), 'collection', 'collectionTitle', 'sources', 'collectionNote'].sort());
    expect(keys(collectionSchema.shape)).toEqual(['columns', 'items', 'note', 'sources', 'title']);
  });
});

describe('figures, charts and collections from CSV', () => {
  it('give the same findings as the same records in YAML', async () => {
    const fromYaml = await findingsOf({ 'data.yaml': YAML_RECORDS });
    const fromCsv = await findingsOf({
      'edition.yaml': EDITION + SOURCES,
      'figures.csv': `\uFEFF${csv(FIGURE_ROWS)}`,
      'charts-sales.csv': csv(CHART_ROWS),
      'collections.csv': csv(COLLECTION_ROWS, ';'),
    });
    expect(fromCsv).toEqual(fromYaml);
  });

  it('refuse a number written with a separator, and a unit or a % typed into a number cell', async () => {
    const rows = FIGURE_ROWS.map((r) => [...r]);
    rows[4][2] = '1,200';
    rows[2][2] = '650 thousand';
    rows[1][2] = '30%';
    const text = await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'figures.csv': csv(rows) });
    expect(text).toMatch(/data\/figures\.csv:C5 figures\.shops\.value: is text "1,200", not a number\n  hint: type the number alone, with no thousands separator/);
    expect(text).toMatch(/figures\.csv:C3 figures\.sold_2028\.value: is text "650 thousand", not a number\n  hint: .*scale column/);
    expect(text).toMatch(/figures\.csv:C2 figures\.sold_2023\.value: is text "30%", not a number\n  hint: .*"%" in the unit column/);
  });
});

describe('figures, charts and collections from an Excel workbook', () => {
  const typedWorkbook = () => workbook((wb) => {
    const figures = wb.addWorksheet('Figures');
    figures.addRow(['ID', 'Label', 'Value', 'Low', 'High', 'Unit', 'Scale', 'Qualifier', 'Period', 'As of', 'Projection', 'Projected for', 'Source', 'Note']);
    figures.addRow(['sold_2023', 'units sold', 300, null, null, 'units', 'thousand', null, 2023, null, null, null, 's1']);
    // A formula's saved result is its value.
    figures.addRow(['sold_2028', 'units sold', { formula: 'C2+350', result: 650 }, null, null, 'units', 'thousand', null, null, month(2025, 11), true, 2028, 's1']);
    figures.addRow(['share', { richText: [{ text: 'share in ' }, { font: { bold: true }, text: 'cities' }] }, null, 40, 45, '%', null, null, null, month(2025, 11, 15), null, null, 's1']);
    figures.addRow(['shops', 'shops', 1200, null, null, 'shops', null, 'over', null, 2025, false, null, 's1', 'Counted in May, and again in June']);
    figures.getCell('J3').numFmt = 'mmm yyyy';
    figures.getCell('J4').numFmt = 'yyyy-mm-dd';
    figures.getColumn(3).numFmt = '#,##0';
    const charts = wb.addWorksheet('Charts');
    for (const row of CHART_ROWS) charts.addRow(row);
    const collections = wb.addWorksheet('Collections');
    for (const row of COLLECTION_ROWS) collections.addRow(row.map((c) => (/^\d{4}$/.test(c) ? Number(c) : c)));
    wb.addWorksheet('Notes').addRow(['Read me first']);
  });

  it('give the same findings as YAML: numbers, years, Excel dates to their precision, TRUE/FALSE, formulas', async () => {
    const fromYaml = await findingsOf({ 'data.yaml': YAML_RECORDS });
    const warnings: string[] = [];
    const dir = dataDir({ 'edition.yaml': EDITION + SOURCES, 'findings.xlsx': await typedWorkbook() });
    const fromXlsx = validate(await loadDataDir(dir, (w) => warnings.push(w)));
    expect(fromXlsx).toEqual(fromYaml);
    expect(warnings).toEqual([expect.stringMatching(/sheet "Notes" of .*findings\.xlsx is not read: name a sheet Figures, Charts or Collections/)]);
  });

  it('name the file, sheet and cell of a text cell where a number belongs, an unknown column, a missing unit and a duplicate id', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Figures 2025');
      ws.addRow(['id', 'label', 'value', 'unit', 'source', 'qualifer']);
      ws.addRow(['a', 'first', '1,234', 'units', 's1']);
      ws.addRow(['b', 'second', 2, null, 's1']);
      ws.addRow(['a', 'third', 3, 'units', 's1']);
    });
    const text = await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'figures.xlsx': bytes });
    expect(text).toMatch(/data\/figures\.xlsx:'Figures 2025'!C2 figures\.a\.value: is text "1,234", not a number/);
    expect(text).toMatch(/data\/figures\.xlsx:'Figures 2025'!F1: unknown column "qualifer"\n  hint: did you mean qualifier\?/);
    expect(text).toMatch(/data\/figures\.xlsx:'Figures 2025'!A4 figures\.a: duplicate id "a" \(first at 'Figures 2025'!A2\)/);

    // Without those, validation speaks of the cells too: the missing unit, a duplicate across files.
    const fixed = await workbook((wb) => {
      const ws = wb.addWorksheet('Figures');
      ws.addRow(['id', 'label', 'value', 'unit', 'source']);
      ws.addRow(['a', 'first', 1234, 'units', 's1']);
      ws.addRow(['b', 'second', 2, null, 's1']);
    });
    const more = await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'figures.xlsx': fixed, 'more.yaml': 'figures:\n  a: { label: again, value: 1, unit: units, source: s1 }\n' });
    expect(more).toMatch(/data\/figures\.xlsx:Figures!D3 figures\.b\.unit: is missing/);
    expect(more).toMatch(/data\/more\.yaml:2:6 figures\.a: duplicate id "a" \(first defined at .*data\/figures\.xlsx:Figures!A2\)/);
  });

  it('say which chart point is missing or given twice, and which chart title disagrees', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Charts');
      ws.addRow(['chart', 'type', 'title', 'unit', 'series', 'label', 'figure']);
      ws.addRow(['c', 'bar', 'One', 'units', 'A', 'x', 'f1']);
      ws.addRow(['c', null, 'Two', null, 'A', 'y', 'f2']);
      ws.addRow(['c', null, null, null, 'B', 'x', 'f1']);
      ws.addRow(['c', null, null, null, 'A', 'x', 'f2']);
    });
    const text = await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'charts.xlsx': bytes });
    expect(text).toMatch(/charts\.xlsx:Charts!C3 charts\.c\.title: title is already "One" \(at Charts!C2\)/);
    expect(text).toMatch(/charts\.xlsx:Charts!G5 charts\.c\.series: a second figure for series "A", label "x" \(the first is at Charts!G2\)/);
    expect(text).toMatch(/charts\.xlsx:Charts!E4 charts\.c\.series: series "B" has no figure for label "y"/);
  });

  it('refuse a file that is not a workbook, and a formula without a saved result', async () => {
    expect(await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'figures.xlsx': 'not a zip' })).toMatch(/data\/figures\.xlsx: is not an Excel workbook Briefsmith can read/);
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Figures');
      ws.addRow(['id', 'label', 'value', 'unit', 'source']);
      ws.addRow(['a', 'first', { formula: '1+1' }, 'units', 's1']);
    });
    expect(await problemsOf({ 'edition.yaml': EDITION + SOURCES, 'figures.xlsx': bytes })).toMatch(/figures\.xlsx:Figures!C2: holds a formula whose result is not saved/);
  });
});

describe('a data folder', () => {
  it('warns of every file and folder it does not read, and ignores lock files and hidden files', async () => {
    const dir = dataDir({
      'all.yaml': YAML_RECORDS, 'notes.txt': 'x', 'old.xls': 'x', 'prices.csv': 'a,b\n', 'Figures.XLSX': 'x',
      '~$figures.xlsx': 'lock', '.DS_Store': 'x', 'figures.yaml~': 'backup',
    });
    mkdirSync(path.join(dir, 'archive'));
    const warnings: string[] = [];
    await loadDataDir(dir, (w) => warnings.push(w));
    expect(warnings).toEqual([
      expect.stringMatching(/Figures\.XLSX is not read: name it with \.xlsx in lower case/),
      expect.stringMatching(/archive\/ is not read: Briefsmith reads the files directly in the data folder/),
      expect.stringMatching(/notes\.txt is not read: data files are \.yaml, \.yml, \.json, \.csv, \.xlsx/),
      expect.stringMatching(/old\.xls is not read: save it as \.xlsx \(Excel Workbook\) or \.csv \(UTF-8\)/),
      expect.stringMatching(/prices\.csv is not read: a CSV file's name says what its rows are/),
    ]);
  });
});
