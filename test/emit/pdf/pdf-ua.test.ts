// The report against the PDF/UA-1 rules (test/helpers/pdf-ua.ts): tagged content or artifacts only,
// links in the structure tree, tables with one scoped header row, languages marked, one Document
// root; and the PDF/UA-1 claim in the XMP exactly when those hold.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitReport, type ReportOptions } from '../../../src/emit/pdf/index.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { ChartImage, Document } from '../../../src/types.ts';
import { ROOT, bytesOf, pdfPages, tempDir } from '../../helpers/run.ts';
import { PdfObjects, pdfUaProblems, structureTree, type StructNode } from '../../helpers/pdf-ua.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

async function reportFile(doc: Document, opts: ReportOptions = {}, images: Map<string, ChartImage> = sampleChartImages()): Promise<string> {
  const file = path.join(tempDir('bs-ua-'), 'report.pdf');
  writeFileSync(file, bytesOf(await emitReport(doc, images, theme, opts)));
  return file;
}

const all = (tree: StructNode[]): StructNode[] => tree.flatMap((n) => [n, ...all(n.children)]);

describe('the report under PDF/UA-1', () => {
  it('meets every rule and says so, with a table spread over pages and Chinese source titles', async () => {
    const file = await reportFile(sampleDocument({ tableRows: 60, bullets: 10 }));
    const { problems, declared } = pdfUaProblems(file);
    expect(problems).toEqual([]);
    expect(declared).toBe(true);
    const tree = structureTree(new PdfObjects(file));
    const nodes = all(tree);
    // The long table spans pages, yet has one header row, its cells scoped to their columns.
    const longest = nodes.filter((n) => n.type === 'Table').sort((a, b) => all(b.children).length - all(a.children).length)[0];
    expect(all(longest.children).filter((n) => n.type === 'TR').length).toBe(61);
    expect(all(longest.children).filter((n) => n.type === 'TH').length).toBe(3);
    expect(pdfPages(file).filter((p) => /Sector\s+Pain points\s+AI solutions/.test(p)).length).toBeGreaterThanOrEqual(2);
    // The Chinese source title is read in Chinese.
    expect(nodes.some((n) => n.type === 'Span' && n.lang === 'zh')).toBe(true);
    // Citations and contents entries are links.
    expect(nodes.filter((n) => n.type === 'Link').length).toBeGreaterThan(10);
  });

  it('claims PDF/UA-1 alongside PDF/A, with the identification schema declared as PDF/A requires', async () => {
    const file = await reportFile(sampleDocument(), { pdfa: true });
    const { problems, declared } = pdfUaProblems(file);
    expect(problems).toEqual([]);
    expect(declared).toBe(true);
    const pdf = new PdfObjects(file);
    const xmp = pdf.streamData(pdf.root['/Metadata'] as string).toString('utf8');
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/<\/pdfaSchema:namespaceURI>/);
  });

  it('keeps the metadata well-formed when the title holds "&" and "<"', async () => {
    const doc = sampleDocument();
    doc.edition.title = 'R&D <spend> in China';
    const file = await reportFile(doc);
    expect(pdfUaProblems(file).problems).toEqual([]);
    const pdf = new PdfObjects(file);
    expect(pdf.streamData(pdf.root['/Metadata'] as string).toString('utf8')).toContain('R&amp;D &lt;spend&gt; in China');
  });

  it('does not claim PDF/UA-1 when a figure has no alternative text, and the check finds it', async () => {
    const images = sampleChartImages();
    for (const image of images.values()) image.alt = '';
    const file = await reportFile(sampleDocument(), {}, images);
    const { problems, declared } = pdfUaProblems(file);
    expect(declared).toBe(false);
    expect(problems).toContain('13-004: a Figure without alternative text');
  });
});
