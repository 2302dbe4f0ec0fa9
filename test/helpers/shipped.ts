// The shipped story composed for the report, with a stand-in picture of each chart's own size
// (laying out pages needs the charts' sizes, not their pixels).
import path from 'node:path';
import { composeDocument } from '../../src/compose/index.ts';
import { loadFindings } from '../../src/index.ts';
import type { Theme } from '../../src/theme/index.ts';
import type { ChartImage, Document } from '../../src/types.ts';
import { ROOT } from './run.ts';
import { sampleChart, sampleChartImages } from './sample-document.ts';

export async function shippedForReport(theme: Theme): Promise<{ doc: Document; images: Map<string, ChartImage> }> {
  const { findings } = await loadFindings(path.join(ROOT, 'data'));
  const doc = composeDocument(findings, path.join(ROOT, 'templates'));
  const png = sampleChartImages(theme.chart.width, theme.chart.height).get(sampleChart.id)!;
  return { doc, images: new Map(Object.keys(doc.charts).map((id) => [id, { ...png, id }])) };
}
