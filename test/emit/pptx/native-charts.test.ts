// --charts native: editable PowerPoint charts built from the same specs, showing the same numbers
// as the images (ranges and qualifiers included). test/charts/shapes.test.ts reads every type back.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { ChartSpec } from '../../../src/types.ts';
import { ROOT } from '../../helpers/run.ts';
import { sampleDocument } from '../../helpers/sample-document.ts';
import { deck, expectShapesOnSlide, partText, theme, type Deck } from './deck-helpers.ts';

const chartParts = (d: Deck) => Object.keys(d.zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).sort();
const values = (xml: string) => [...xml.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]);

describe('emitDeck with native charts', () => {
  it('writes an editable chart with the same numbers as the image, and no picture', async () => {
    const d = await deck(sampleDocument(), 'native');
    expect(chartParts(d)).toHaveLength(1);
    const xml = await partText(d, chartParts(d)[0]);
    for (const v of ['1.2', '15.7', '113']) expect(values(xml)).toContain(v);
    // Each label by its own number format: 15.7, not a rounded 16; the axis starts at zero; the projection hatched.
    expect(xml).toContain('formatCode="#,##0.0;-#,##0.0"');
    expect(xml).toContain('<c:min val="0"/>');
    expect(xml).toContain('<a:pattFill prst="wdUpDiag">');
    expect(d.slides.some((s) => s.includes('<p:pic>'))).toBe(false);
    expectShapesOnSlide(d.slides);
  });

  it('draws a range as a bar to its high end with the range marked, and labels points in words, not in the category names', async () => {
    const doc = sampleDocument();
    const cost: ChartSpec = {
      id: 'training-cost', type: 'bar', title: 'Cost to train a large model', unit: 'USD million',
      labels: ['Big platforms (each)', 'Startups'],
      series: [{ name: 'Training cost', figures: ['a', 'b'], values: [200, [30, 60]], qualifiers: ['over', undefined] }],
      sources: ['s002'],
    };
    doc.charts[cost.id] = cost;
    doc.sections.find((s) => s.id === 'market-size')!.blocks.push({ kind: 'chart', audience: 'both', chartId: cost.id });
    const d = await deck(doc, 'native');
    const xml = await partText(d, chartParts(d)[1]);
    const categories = values(/<c:cat>[\s\S]*?<\/c:cat>/.exec(xml)![0]);
    expect(categories).toEqual(['Big platforms (each)', 'Startups']);
    // One series, no invisible base: the range's bar ends at 60, and a whisker runs down to 30.
    expect(xml.match(/<c:ser>/g)).toHaveLength(1);
    expect(xml).toContain('<c:grouping val="clustered"/>');
    expect(values(/<c:val>[\s\S]*?<\/c:val>/.exec(xml)![0])).toEqual(['200', '60']);
    expect(xml).toContain('<c:errBarType val="both"/>');
    expect(values(/<c:minus>[\s\S]*?<\/c:minus>/.exec(xml)![0])).toEqual(['0', '30']);
    expect(xml).toContain('formatCode="&quot;over &quot;#,##0;&quot;over &quot;-#,##0"');
    expect(xml).toContain('formatCode="&quot;30–60&quot;;&quot;30–60&quot;"');
    // The lower bound fades toward its end.
    expect(/<c:dPt><c:idx val="0"\/>[\s\S]*?<\/c:dPt>/.exec(xml)![0]).toContain('<a:gradFill');
  });

  it('lists horizontal bars top-down, as the image does, with the value axis below them', async () => {
    const doc = sampleDocument();
    const revenue: ChartSpec = {
      id: 'revenue-models', type: 'horizontalBar', title: 'Revenue models', unit: '%',
      labels: ['First', 'Second', 'Third'],
      series: [{ name: 'Share', figures: ['a', 'b', 'c'], values: [55, 30, 12], projected: [false, false, true] }],
      sources: ['s002'],
    };
    doc.charts[revenue.id] = revenue;
    doc.sections.find((s) => s.id === 'market-size')!.blocks.push({ kind: 'chart', audience: 'both', chartId: revenue.id });
    const d = await deck(doc, 'native');
    const xml = await partText(d, chartParts(d)[1]);
    expect(xml).toContain('<c:barDir val="bar"/>');
    // PowerPoint draws the first category at the bottom: the last is given first, and no axis is
    // reversed (a reversed category axis would carry the value axis to the top).
    const categories = [...xml.matchAll(/<c:cat>[\s\S]*?<\/c:cat>/g)].map((m) => values(m[0]))[0];
    expect(categories).toEqual(['Third', 'Second', 'First']);
    expect(values(xml.match(/<c:val>[\s\S]*?<\/c:val>/)![0])).toEqual(['12', '30', '55']);
    expect(xml).not.toContain('maxMin');
    // The projected bar (Third, now the first point) is hatched over the projection colour.
    const firstPoint = xml.match(/<c:dPt>\s*<c:idx val="0"\/>[\s\S]*?<\/c:dPt>/)![0];
    expect(firstPoint).toContain(`<a:bgClr><a:srgbClr val="${theme.colors.projection}"/>`);
  });

  it('is byte-identical when emitted twice: charts numbered from 1, workbooks dated from the edition', async () => {
    const a = await deck(sampleDocument(), 'native');
    const b = await deck(sampleDocument(), 'native');
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(chartParts(b)).toEqual(['ppt/charts/chart1.xml']);
    const workbooks = Object.keys(b.zip.files).filter((n) => n.endsWith('.xlsx'));
    expect(workbooks).toEqual(['ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx']);
    const xlsx = await JSZip.loadAsync(await b.zip.file(workbooks[0])!.async('nodebuffer'));
    for (const entry of Object.values(xlsx.files)) expect(entry.date.toISOString(), entry.name).toBe('2026-11-22T00:00:00.000Z');
    expect(await xlsx.file('docProps/core.xml')!.async('string')).toContain('2026-11-22T00:00:00Z');
  });

  it('passes the ECMA-376 schemas with its chart parts and its workbooks', async () => {
    const d = await deck(sampleDocument(), 'native');
    const r = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [d.file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('RESULT: OK');
    expect(r.status).toBe(0);
    const workbook = path.join(path.dirname(d.file), 'chart.xlsx');
    writeFileSync(workbook, await d.zip.file('ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx')!.async('nodebuffer'));
    const w = spawnSync(path.join(ROOT, '../shared/tools/ooxml-validate'), [workbook], { encoding: 'utf8' });
    expect(w.stdout + w.stderr).toContain('RESULT: OK');
  });
});
