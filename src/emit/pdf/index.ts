// emit (report): the composed Document → report.pdf, in memory, with pdfkit. Cover, contents with
// real page numbers and links, numbered sections, figures, tables, sources; running header and
// "Page X of Y" footer; outline; tagged structure; PDF/A and attachments on request.
import PDFDocument from 'pdfkit';
import { formatDate } from '../../format/index.ts';
import type { Theme } from '../../theme/index.ts';
import { COVER_HEADLINES, type Artifact, type Block, type ChartImage, type Document, type Run, type Section } from '../../types.ts';
import { citationNumbers, forEdition, sectionNumbers, sourceEntryText, sourceTitle } from '../common.ts';
import { drawBullets, drawFigure, drawFlow, drawKeyFigures, drawTable, drawTimeline, itemIndent, tableStartHeight, type BlockContext } from './blocks.ts';
import { calloutHeight, drawCallout, drawPicture, pictureHeight } from './pictures.ts';
import { fontPlan } from '../../fonts/index.ts';
import { declarePdfUa, escapeXmpValues } from './conformance.ts';
import { registerFonts } from './fonts.ts';
import { annotationOf, Writer, type Struct } from './writer.ts';

export interface ReportOptions {
  pageSize?: 'A4' | 'LETTER';
  pdfa?: boolean;
  attachments?: { name: string; bytes: Buffer; description?: string }[];
}

/** A heading is never left alone at a page's foot: it needs its own height and this much below it. */
const KEEP_WITH_NEXT = 40;

/** A section with its number ("2.3") and the page it starts on, counted from 1 as the footers print it. */
interface Numbered { section: Section; number: string; page: number }

export async function emitReport(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: ReportOptions): Promise<Artifact> {
  const date = new Date(`${doc.edition.date}T00:00:00Z`);
  const m = theme.report.margin;
  const pdf = new PDFDocument({
    size: opts.pageSize ?? theme.report.pageSize,
    margins: { top: m + 18, bottom: m + 10, left: m, right: m },
    bufferPages: true,
    autoFirstPage: false,
    tagged: true,
    pdfVersion: '1.7',
    lang: doc.edition.language,
    displayTitle: true,
    // No built-in Helvetica: it cannot show Chinese, and PDF/A forbids unembedded fonts.
    font: null as unknown as string,
    subset: opts.pdfa ? (opts.attachments?.length ? 'PDF/A-3b' : 'PDF/A-2b') : undefined,
    info: {
      Title: doc.edition.title,
      Author: doc.edition.author ?? doc.edition.publisher ?? 'Briefsmith',
      Subject: doc.edition.subtitle ?? doc.edition.title,
      Keywords: (doc.edition.keywords ?? []).join(', '),
      Creator: 'Briefsmith',
      CreationDate: date,
      ModDate: date,
    },
  });
  const fonts = await fontPlan(doc, theme);
  registerFonts(pdf, theme, fonts);
  escapeXmpValues(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer[]>((resolve, reject) => {
    pdf.on('end', () => resolve(chunks));
    pdf.on('error', reject);
  });

  const numbers = citationNumbers(doc);
  const w = new Writer(pdf, theme, numbers, doc.edition.language, (id) => citeContents(doc, numbers, id), fonts);
  // One Document element holds the whole structure tree.
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  // Laid out with the charts' known sizes: their pixels may still be rendering.
  const ctx: BlockContext = { w, doc, images, xobjects: new Map(), charts: doc.charts, figureCount: { n: 0 }, unmet: [], pictures: new Map() };
  if (!doc.edition.title.trim()) ctx.unmet.push('the edition has no title');
  const sections = numberSections(forEdition(doc, 'report'));

  // Which chapter each page belongs to, for the running header.
  const pageChapter: string[] = [];
  let chapter = '';
  pdf.on('pageAdded', () => { pageChapter.push(chapter); });

  drawCover(pdf, w, root, doc, theme);
  // The contents come right after the cover; their pages are reserved now and filled at the end.
  const tocEntries = sections.length + 1;
  const tocPages = Math.max(1, Math.ceil(tocEntries / 30));
  const contents = pdf.struct('Sect');
  root.add(contents);
  const tocStart = pdf.bufferedPageRange().count;
  for (let i = 0; i < tocPages; i++) pdf.addPage();

  const outline = pdf.outline;
  let chapterOutline: ReturnType<typeof outline.addItem> | undefined;
  let chapterStruct: Struct | undefined;
  let started = false;
  for (const entry of sections) {
    const { section } = entry;
    if (section.level === 1) {
      chapter = section.title;
      chapterStruct?.end();
      // Chapters open a page; the first one follows the contents.
      if (started) pdf.addPage(); else { pdf.addPage(); started = true; }
      pageChapter[pageChapter.length - 1] = chapter;
      chapterStruct = pdf.struct('Sect');
      root.add(chapterStruct);
      entry.page = pdf.bufferedPageRange().count;
      heading(w, chapterStruct, entry, 1);
      chapterOutline = outline.addItem(headingText(entry));
    } else {
      if (!started) { pdf.addPage(); started = true; }
      const parent = chapterStruct ?? (() => { const s = pdf.struct('Sect'); root.add(s); chapterStruct = s; return s; })();
      // The heading and the start of what follows it share a page.
      w.ensure(KEEP_WITH_NEXT + startHeight(ctx, section.blocks, 0));
      const sub = pdf.struct('Sect');
      parent.add(sub);
      entry.page = pdf.bufferedPageRange().count;
      heading(w, sub, entry, 2);
      (chapterOutline ?? outline).addItem(headingText(entry));
      section.blocks.forEach((block, i) => {
        // A lead-in ("… three conditions at once:") shares a page with the start of what it introduces.
        if (introduces(block)) w.ensure(startHeight(ctx, section.blocks, i));
        drawBlock(ctx, sub, block);
      });
      sub.end();
    }
  }
  chapterStruct?.end();

  // Sources: where every citation marker links to.
  chapter = 'Sources';
  pdf.addPage();
  pageChapter[pageChapter.length - 1] = chapter;
  const sourcesSect = pdf.struct('Sect');
  root.add(sourcesSect);
  const sourcesEntry: Numbered = { section: { id: 'sources', level: 1, title: 'Sources', blocks: [], notes: [], sources: [], audience: 'both', origin: { file: '', line: 0, column: 0 } }, number: '', page: pdf.bufferedPageRange().count };
  heading(w, sourcesSect, sourcesEntry, 1);
  outline.addItem('Sources');
  const list = pdf.struct('L');
  sourcesSect.add(list);
  const size = theme.report.bodySize;
  for (const source of doc.sources) {
    const label = `[${numbers.get(source.id)}] `;
    const entry: Run[] = [{ text: sourceEntryText(source) }];
    w.ensure(w.heightOf([{ text: label, bold: true }, ...entry], { size }));
    pdf.addNamedDestination(`source-${source.id}`, 'XYZ', pdf.page.margins.left, pdf.page.height - pdf.y, null as unknown as number);
    // The entry's label and body, as a list item holds them: "[3]", then the source on the same line.
    const li = pdf.struct('LI');
    list.add(li);
    li.add(pdf.struct('Lbl', {}, () => pdf.font('latin-bold').fontSize(size).fillColor(`#${theme.colors.text}`).text(label, w.left, pdf.y, { width: w.width, lineGap: 2, continued: true })));
    w.block(li, 'LBody', entry, { size }, 'continue');
    li.end();
    pdf.y += size * 0.6;
  }
  list.end();
  sourcesSect.end();

  fillContents(pdf, w, contents, tocStart, [...sections, sourcesEntry], theme);
  contents.end();
  root.end();
  drawRunningHeads(pdf, w, doc, theme, pageChapter);

  for (const a of opts.attachments ?? []) {
    pdf.file(a.bytes, { name: a.name, type: 'application/json', description: a.description, creationDate: date, modifiedDate: date } as PDFKit.Mixins.PDFAttachmentOptions);
  }
  declarePdfUa(pdf, Boolean(opts.pdfa), ctx.unmet);
  // pdfkit writes an object when it ends: ending the charts in document order once all have arrived
  // keeps the bytes the same however the rendering's timings fall.
  const xobjects = [...ctx.xobjects.values()];
  const pngs = await Promise.all(xobjects.map((x) => x.chart.png));
  xobjects.forEach((x, i) => x.end(pngs[i]));
  const pages = pdf.bufferedPageRange().count;
  pdf.end();
  return { name: 'report.pdf', chunks: await done, pages };
}

/** The report's own words (one table, for the message catalogue of later editions in other languages). */
const LABELS = {
  contents: 'Contents',
  goToSection: (heading: string, page: string) => `${heading}, page ${page}`,
  source: (n: number | undefined, title: string) => `Source ${n ?? ''}: ${title}`,
};

/** What a citation's link says: the source it goes to. */
function citeContents(doc: Document, numbers: Map<string, number>, sourceId: string): string {
  const source = doc.sources.find((s) => s.id === sourceId);
  return LABELS.source(numbers.get(sourceId), source ? sourceTitle(source) : sourceId);
}

/** "1", "1.1", …; sections before the first chapter (the summary) are numbered within it. */
function numberSections(sections: Section[]): Numbered[] {
  const numbers = sectionNumbers(sections);
  return sections.map((section, i) => ({ section, number: numbers[i], page: 0 }));
}

function headingText(e: Numbered): string {
  return e.number ? `${e.number}  ${e.section.title}` : e.section.title;
}

function heading(w: Writer, parent: Struct, e: Numbered, level: 1 | 2): void {
  const { doc, theme } = w;
  const size = level === 1 ? theme.report.h1Size : theme.report.h2Size;
  if (level === 2) w.gap(6);
  doc.addNamedDestination(`section-${e.section.id}`, 'XYZ', doc.page.margins.left, doc.page.height - doc.y, null as unknown as number);
  w.block(parent, level === 1 ? 'H1' : 'H2', [{ text: headingText(e), bold: true }], { size, color: theme.colors.primary });
  if (level === 1) {
    const y = doc.y + 4;
    w.artifact(() => doc.rect(w.left, y, 48, 3).fill(`#${theme.colors.accent}`));
    doc.y += 18;
  } else {
    doc.y += 6;
  }
  doc.x = w.left;
}

function bodyStyle(theme: Theme) {
  return { size: theme.report.bodySize, lineGap: 2.5 };
}

/** A paragraph that ends in a colon (before its citations) introduces the block after it. */
function introduces(block: Block): block is Extract<Block, { kind: 'paragraph' }> {
  return block.kind === 'paragraph' && block.runs.map((r) => r.text).join('').trimEnd().endsWith(':');
}

/** Room blocks[i] needs on its page: its start, and for a lead-in all of it and the start of what it introduces. */
function startHeight(ctx: BlockContext, blocks: Block[], i: number): number {
  const block = blocks[i];
  if (!block || !introduces(block)) return firstBlockHeight(ctx, block);
  const { theme } = ctx.w;
  return ctx.w.heightOf(block.runs, bodyStyle(theme)) + theme.report.bodySize * 0.6 + firstBlockHeight(ctx, blocks[i + 1]);
}

/** Room the start of a block needs: a whole figure, a table's header and first row, a first line. */
function firstBlockHeight(ctx: BlockContext, block: Block | undefined): number {
  const { w } = ctx;
  if (!block) return 0;
  if (block.kind === 'chart') {
    const image = ctx.images.get(block.chartId);
    return image ? (w.width * image.height) / image.width + 60 : 0;
  }
  if (block.kind === 'paragraph') return Math.min(w.heightOf(block.runs, { size: w.theme.report.bodySize }), 80);
  if (block.kind === 'image') return pictureHeight(ctx, block);
  if (block.kind === 'callout') return calloutHeight(ctx, block);
  if (block.kind === 'bullets') {
    // Short lists move as a whole (drawBullets), so the heading must come along with all of it.
    const size = w.theme.report.bodySize;
    const digits = String(Math.max(0, ...block.items.map((i) => i.number ?? 0))).length;
    const heights = block.items.map((i) => w.heightOf(i.runs, { size, indent: itemIndent(i, digits) }) + size * 0.35);
    const total = heights.reduce((a, b) => a + b, 0);
    return total < 220 ? total : heights[0];
  }
  if (block.kind === 'table') return tableStartHeight(ctx, block.title, block.columns, block.rows);
  return 60;
}

function drawBlock(ctx: BlockContext, parent: Struct, block: Block): void {
  const { w } = ctx;
  const body = bodyStyle(w.theme);
  switch (block.kind) {
    case 'paragraph': return w.paragraph(parent, block.runs, body);
    case 'bullets': return drawBullets(ctx, parent, block.items);
    case 'chart': return drawFigure(ctx, parent, block.chartId);
    case 'table': return drawTable(ctx, parent, block.title, block.columns, block.rows, block.sources, undefined, block.align);
    case 'image': return drawPicture(ctx, parent, block);
    case 'callout': return drawCallout(ctx, parent, block);
    // Number tiles read as the key-figures table in the report.
    case 'tiles': return drawKeyFigures(ctx, parent, block);
    case 'timeline': return drawTimeline(ctx, parent, block);
    case 'flow': return drawFlow(ctx, parent, block);
  }
}

function drawCover(pdf: PDFKit.PDFDocument, w: Writer, root: Struct, doc: Document, theme: Theme): void {
  pdf.addPage();
  const { width, height } = pdf.page;
  const c = theme.colors;
  w.artifact(() => {
    pdf.rect(0, 0, width, height * 0.42).fill(`#${c.primary}`);
    pdf.rect(0, height * 0.42, width, 6).fill(`#${c.accent}`);
  });
  const cover = pdf.struct('Sect');
  root.add(cover);
  const x = w.left;
  w.block(cover, 'H1', [{ text: doc.edition.title, bold: true }], { size: 30, color: 'FFFFFF' }, { x, y: height * 0.18, width: w.width });
  if (doc.edition.subtitle) w.block(cover, 'P', [{ text: doc.edition.subtitle }], { size: 14, color: 'FFFFFF' }, { x, y: pdf.y + 10, width: w.width });
  const line = [formatDate(doc.edition.date), doc.edition.publisher].filter(Boolean).join('  ·  ');
  w.block(cover, 'P', [{ text: line }], { size: 11, color: c.projection }, { x, y: pdf.y + 12, width: w.width });

  // Every headline figure (up to COVER_HEADLINES): one row of up to three, two rows from four on.
  const tiles = (doc.headlines ?? []).slice(0, COVER_HEADLINES);
  const perRow = tiles.length === 4 ? 2 : Math.min(3, tiles.length);
  const rows = Math.ceil(tiles.length / Math.max(1, perRow));
  const gap = 20;
  const tileW = (w.width - gap * (perRow - 1)) / Math.max(1, perRow);
  const top = height * 0.42 + (rows > 1 ? 36 : 60);
  const rowH = Math.min(110, (height - top - pdf.page.margins.bottom - gap * (rows - 1)) / Math.max(1, rows));
  // One size for every value: the largest down to 15 pt at which each stays on one line, else the largest.
  const valueSize = (() => {
    const largest = rows > 1 ? 18 : 20;
    const oneLine = (size: number) => w.heightOf([{ text: 'X', bold: true }], { size }) * 1.2;
    for (let size = largest; size >= 15; size--) {
      if (tiles.every((t) => w.heightOf([{ text: t.value, bold: true }], { size }, tileW - 12) <= oneLine(size))) return size;
    }
    return largest;
  })();
  tiles.forEach((t, i) => {
    const tx = x + (i % perRow) * (tileW + gap);
    const ty = top + Math.floor(i / perRow) * (rowH + gap);
    w.artifact(() => pdf.rect(tx, ty, 3, rowH).fill(`#${c.accent}`));
    w.block(cover, 'P', [{ text: t.value, bold: true }], { size: valueSize, color: c.primary }, { x: tx + 12, y: ty, width: tileW - 12 });
    w.block(cover, 'P', [{ text: t.label, cite: t.source }], { size: 9.5, color: c.muted }, { x: tx + 12, y: pdf.y + 4, width: tileW - 12 });
  });
  cover.end();
}

/**
 * The contents, on the pages reserved after the cover: a heading, then the TOC, each entry (TOCI) a
 * reference to its section holding a link with its annotation.
 */
function fillContents(pdf: PDFKit.PDFDocument, w: Writer, contents: Struct, tocStart: number, entries: Numbered[], theme: Theme): void {
  pdf.switchToPage(tocStart);
  pdf.x = w.left;
  pdf.y = pdf.page.margins.top;
  w.block(contents, 'H1', [{ text: LABELS.contents, bold: true }], { size: theme.report.h1Size, color: theme.colors.primary });
  const toc = pdf.struct('TOC');
  contents.add(toc);
  pdf.y += 16;
  let page = tocStart;
  for (const e of entries) {
    const level1 = e.section.level === 1;
    const size = level1 ? theme.report.bodySize + 1 : theme.report.bodySize;
    if (pdf.y + size * 2 > w.bottom) { page++; pdf.switchToPage(page); pdf.y = pdf.page.margins.top; }
    if (level1) pdf.y += 6;
    const y = pdf.y;
    const indent = level1 ? 0 : 22;
    const number = String(e.page);
    const description = LABELS.goToSection(headingText(e), number);
    const toci = pdf.struct('TOCI');
    toc.add(toci);
    const reference = pdf.struct('Reference');
    toci.add(reference);
    const link = pdf.struct('Link');
    reference.add(link);
    w.block(link, 'Span', [{ text: headingText(e), bold: level1 }], { size, color: theme.colors.text }, { x: w.left + indent, y, width: w.width - indent - 40 });
    link.add(() => pdf.font('latin').fontSize(size).fillColor(`#${theme.colors.muted}`).text(number, w.left, y, { width: w.width, align: 'right', lineBreak: false }));
    pdf.goTo(w.left, y, w.width, size * 1.4, `section-${e.section.id}`, annotationOf(link, description));
    link.end();
    reference.end();
    toci.end();
    pdf.y = y + size * 1.5;
  }
  toc.end();
}

/** "Report title · Chapter" above and "Page X of Y" below every page but the cover. */
function drawRunningHeads(pdf: PDFKit.PDFDocument, w: Writer, doc: Document, theme: Theme, pageChapter: string[]): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start + 1; i < start + count; i++) {
    pdf.switchToPage(i);
    const { width, height, margins } = pdf.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing into the margin must not start a new page
    const head = [doc.edition.title, pageChapter[i]].filter(Boolean).join('  ·  ');
    w.artifactLine(head, { size: 8.5, color: theme.colors.muted }, { x: margins.left, y: margins.top - 30, width: width - margins.left - margins.right });
    pdf.markContent('Artifact', { type: 'Pagination' });
    pdf.font('latin').fontSize(8.5).fillColor(`#${theme.colors.muted}`);
    pdf.moveTo(margins.left, margins.top - 16).lineTo(width - margins.right, margins.top - 16).lineWidth(0.5).stroke(`#${theme.colors.rule}`);
    pdf.text(`Page ${i + 1} of ${count}`, margins.left, height - bottom + 14, { width: width - margins.left - margins.right, align: 'right', lineBreak: false });
    pdf.endMarkedContent();
    margins.bottom = bottom;
  }
}
