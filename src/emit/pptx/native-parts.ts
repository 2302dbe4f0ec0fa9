// The parts native charts add to the package, made deterministic. pptxgenjs numbers chart parts with
// a counter that lives as long as the process (the second deck built gets chart7.xml…), and embeds
// each chart's data as an .xlsx zipped with the clock's time in its entries and properties.
import { readZip, writeZip } from './zip.ts';

type Parts = Map<string, Buffer | string>;

const CHART = /(?<=charts\/(?:_rels\/)?chart)(\d+)(?=\.xml)/g;
const WORKBOOK = /(?<=embeddings\/Microsoft_Excel_Worksheet)(\d+)(?=\.xlsx)/g;

/** Renames chart parts and their workbooks to 1…n in their current order, references included. */
export function renumberChartParts(parts: Parts): void {
  const charts = numbering([...parts.keys()], /^ppt\/charts\/chart(\d+)\.xml$/);
  const workbooks = numbering([...parts.keys()], /^ppt\/embeddings\/Microsoft_Excel_Worksheet(\d+)\.xlsx$/);
  if (!charts.size && !workbooks.size) return;
  const rename = (text: string) => text
    .replace(CHART, (n) => charts.get(n) ?? n)
    .replace(WORKBOOK, (n) => workbooks.get(n) ?? n);
  const renamed = [...parts].map(([name, content]) =>
    [rename(name), typeof content === 'string' && /(\.rels|\[Content_Types\]\.xml)$/.test(name) ? rename(content) : content] as const);
  parts.clear();
  for (const [name, content] of renamed) parts.set(name, content);
}

/** Old number → new number, by the numbers' order. */
function numbering(names: string[], pattern: RegExp): Map<string, string> {
  const numbers = names.map((n) => pattern.exec(n)?.[1]).filter((n): n is string => Boolean(n)).sort((a, b) => Number(a) - Number(b));
  return new Map(numbers.map((n, i) => [n, String(i + 1)]));
}

/** An embedded workbook rewritten with the edition's date in its properties and every entry. */
export async function pinWorkbook(bytes: Buffer, isoDate: string): Promise<Buffer> {
  const files = new Map<string, Buffer | string>(readZip(bytes));
  const core = files.get('docProps/core.xml');
  if (core) files.set('docProps/core.xml', core.toString().replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${isoDate}T00:00:00Z$3`));
  return writeZip(files, isoDate);
}

/**
 * A chart part as the schema has it. pptxgenjs gives 2-D bar and line charts a third axis id (the
 * series axis of 3-D charts, which they do not have), and writes a series' data-point colours after
 * its data labels, where CT_BarSer wants them before.
 */
export function repairChartXml(xml: string): string {
  let out = xml;
  if (!out.includes('<c:serAx>')) out = out.replace(/<c:axId val="2094734556"\/>/g, '');
  return out.replace(/<c:ser>[\s\S]*?<\/c:ser>/g, (ser) => {
    const points = ser.match(/\s*<c:dPt>[\s\S]*?<\/c:dPt>/g);
    if (!points || !ser.includes('<c:dLbls>')) return ser;
    const without = points.reduce((s, p) => s.replace(p, ''), ser);
    return without.replace('<c:dLbls>', `${points.join('')}<c:dLbls>`);
  });
}
