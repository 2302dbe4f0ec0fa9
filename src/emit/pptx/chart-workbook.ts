// The workbook embedded in a native chart: the chart's numbers as a table PowerPoint's "Edit Data"
// opens: a named header row, one row per category, no empty cell where the chart has a value, and a
// table whose range is well formed (pptxgenjs writes `A1:C3'`, which Keynote and Quick Look drop:
// PptxGenJS #1531).
import type { ChartPlan } from '../../charts/plan.ts';
import { writeZip } from './zip.ts';

export interface ChartTable {
  sheet: string;
  /** Header cells, A1 onwards. */
  header: string[];
  /** One row per category: its name, then the numbers. */
  rows: (string | number)[][];
  /** The column (0 = A) of each series' plotted values. */
  columnOf: number[];
}

/** Column letters: 0 → A, 26 → AA. */
export function column(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * The chart's numbers as a table: each series' plotted values (a range's high end on a bar, its
 * middle on a line), and a range's low (and high) end beside them. A 100% bar is one row of parts.
 */
export function chartTable(plan: ChartPlan): ChartTable {
  const words = plan.words;
  const unique = uniqueNames(words.series);
  if (plan.type === 'bar100') {
    const points = plan.series[0]?.points ?? [];
    return {
      sheet: 'Sheet1',
      header: [unique(words.category), ...plan.categories.map(unique)],
      rows: [[plan.series[0]?.name || words.share, ...points.map((p) => p.at)]],
      columnOf: [1],
    };
  }
  const header = [unique(words.category)];
  const columnOf: number[] = [];
  const cells: ((i: number) => number)[] = [];
  for (const s of plan.series) {
    columnOf.push(header.length);
    header.push(unique(s.name));
    cells.push((i) => s.points[i]?.at ?? 0);
    if (s.points.some((p) => p.range)) {
      const end = (i: number, k: 0 | 1) => s.points[i]?.range?.[k] ?? s.points[i]?.at ?? 0;
      header.push(unique(words.rangeEnd(s.name, 'low')));
      cells.push((i) => end(i, 0));
      if (plan.type === 'line') {
        header.push(unique(words.rangeEnd(s.name, 'high')));
        cells.push((i) => end(i, 1));
      }
    }
  }
  const rows = plan.categories.map((category, i) => [category, ...cells.map((cell) => cell(i))]);
  return { sheet: 'Sheet1', header, rows, columnOf };
}

function uniqueNames(unnamed: string): (name: string) => string {
  const seen = new Set<string>();
  return (name) => {
    const wanted = name.trim() || unnamed;
    let out = wanted;
    for (let n = 2; seen.has(out.toLowerCase()); n++) out = `${wanted} ${n}`;
    seen.add(out.toLowerCase());
    return out;
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The .xlsx bytes of a chart's table, dated with the edition (ISO date) so the deck stays byte-identical. */
export async function chartWorkbook(table: ChartTable, isoDate: string): Promise<Buffer> {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (s: string) => {
    let i = stringIndex.get(s);
    if (i === undefined) { i = strings.length; strings.push(s); stringIndex.set(s, i); }
    return i;
  };
  const all = [table.header, ...table.rows];
  const last = `${column(table.header.length - 1)}${all.length}`;
  const cell = (value: string | number, ref: string) => (typeof value === 'number'
    ? `<c r="${ref}"><v>${value}</v></c>`
    : `<c r="${ref}" t="s"><v>${shared(value)}</v></c>`);
  const rows = all.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, `${column(c)}${r + 1}`)).join('')}</row>`).join('');
  const stamp = `${isoDate}T00:00:00Z`;

  const files = new Map<string, string>([
    ['[Content_Types].xml', `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`],
    ['_rels/.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/></Relationships>`],
    ['docProps/core.xml', `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Briefsmith</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`],
    ['docProps/app.xml', `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Briefsmith</Application></Properties>`],
    ['xl/workbook.xml', `${XML_HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${esc(table.sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/styles.xml', `${XML_HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`],
    ['xl/worksheets/sheet1.xml', `${XML_HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:${last}"/><sheetData>${rows}</sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`],
    ['xl/worksheets/_rels/sheet1.xml.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/table" Target="../tables/table1.xml"/></Relationships>`],
    ['xl/tables/table1.xml', `${XML_HEAD}<table xmlns="${MAIN}" id="1" name="Table1" displayName="Table1" ref="A1:${last}" totalsRowShown="0"><autoFilter ref="A1:${last}"/><tableColumns count="${table.header.length}">${table.header.map((h, i) => `<tableColumn id="${i + 1}" name="${esc(h)}"/>`).join('')}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`],
  ]);
  // Written last: every string is known once the rows are.
  files.set('xl/sharedStrings.xml', `${XML_HEAD}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`);
  return writeZip(files, isoDate);
}
