// The parts native charts add to the package, numbered deterministically: pptxgenjs numbers chart
// parts with a counter that lives as long as the process (the second deck built gets chart7.xml…).

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
