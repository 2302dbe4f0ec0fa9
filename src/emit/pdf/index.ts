// emit (report): the composed Document → report.pdf, in memory, with pdfkit. Cover, contents with
// real page numbers and links, numbered sections, figures, tables, sources; running header and
// "Page X of Y" footer; outline; tagged structure; PDF/A and attachments on request.
import PDFDocument from 'pdfkit';
import type { Theme } from '../../theme/index.ts';
import { COVER_HEADLINES, type Artifact, type Block, type ChartImage, type Document, type Run, type Section } from '../../types.ts';
import { citationNumbers, forEdition, localeOfDocument, logoAlt, sectionNumbers, sourceEntryText, sourceTitle } from '../common.ts';
import type { Locale } from '../../i18n/index.ts';
import { drawBullets, drawFigure, drawFlow, drawKeyFigures, drawTable, drawTimeline, type BlockContext } from './blocks.ts';
import { drawCallout, drawCoverLogo, drawPicture } from './pictures.ts';
import { fontPlan } from '../../fonts/index.ts';
import { bodyStyle, CHAPTER_GAP, chapterNeedsPage, introduces, startHeight } from './pagination.ts';
import { declarePdfUa, escapeXmpValues } from './conformance.ts';
import { fillContents, headingText, planContents, type Numbered } from './contents.ts';
import { Footnotes } from './footnotes.ts';
import { registerFonts } from './fonts.ts';
import { Writer, type Struct } from './writer.ts';

export interface ReportOptions {
  pageSize?: 'A4' | 'LETTER';
  pdfa?: boolean;
  attachments?: { name: string; bytes: Buffer; description?: string }[];
  /** Citations as "[n]" linking to the sources list (the default), or as footnotes on each page. */
  citations?: CitationStyle;
}

export type CitationStyle = 'numbered' | 'footnotes';



export async function emitReport(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: ReportOptions): Promise<Artifact> {
  const date = new Date(`${doc.edition.date}T00:00:00Z`);
  const locale = localeOfDocument(doc);
  const t = locale.messages.report;
  const m = theme.report.margin;
  const pdf = new PDFDocument({
    size: opts.pageSize ?? theme.report.pageSize,
    margins: { top: m + 18, bottom: m + 10, left: m, right: m },
    bufferPages: true,
    autoFirstPage: false,
    tagged: true,
    pdfVersion: '1.7',
    lang: locale.tag,
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
  const w = new Writer(pdf, theme, numbers, locale.tag, (id) => citeContents(doc, numbers, id, locale), fonts);
  // One Document element holds the whole structure tree.
  const root = pdf.struct('Document');
  pdf.addStructure(root);
  if (opts.citations === 'footnotes') useFootnotes(pdf, w, doc, root);
  // Laid out with the charts' known sizes: their pixels may still be rendering.
  const ctx: BlockContext = { w, doc, locale, images, xobjects: new Map(), charts: doc.charts, figureCount: { n: 0 }, tableCount: { n: 0 }, unmet: [], pictures: new Map() };
  if (!doc.edition.title.trim()) ctx.unmet.push('the edition has no title');
  const sections = numberSections(forEdition(doc, 'report'));

  // Which chapter each page belongs to, for the running header.
  const pageChapter: string[] = [];
  let chapter = '';
  pdf.on('pageAdded', () => { pageChapter.push(chapter); });

  drawCover(pdf, w, root, doc, theme, locale);
  // The contents come right after the cover; their pages are reserved now and filled at the end.
  const sourcesEntry: Numbered = { section: { id: 'sources', level: 1, title: locale.messages.sources, blocks: [], notes: [], sources: [], audience: 'both', origin: { file: '', line: 0, column: 0 } }, number: '', page: 0 };
  const toc = planContents(w, [...sections, sourcesEntry]);
  const contents = pdf.struct('Sect');
  root.add(contents);
  const tocStart = pdf.bufferedPageRange().count;
  for (let i = 0; i < toc.pages.length; i++) pdf.addPage();

  const outline = pdf.outline;
  let chapterOutline: ReturnType<typeof outline.addItem> | undefined;
  let chapterStruct: Struct | undefined;
  let started = false;
  sections.forEach((entry, index) => {
    const { section } = entry;
    if (section.level === 1) {
      chapter = section.title;
      chapterStruct?.end();
      // The first chapter follows the contents; the others open a page unless the one they would
      // share is less than half full.
      if (!started || chapterNeedsPage(w, pdf.page.margins.top, chapterStart(ctx, sections, index))) {
        pdf.addPage();
        started = true;
        pageChapter[pageChapter.length - 1] = chapter;
      } else {
        pdf.y += CHAPTER_GAP;
      }
      chapterStruct = pdf.struct('Sect');
      root.add(chapterStruct);
      entry.page = pdf.bufferedPageRange().count;
      heading(w, chapterStruct, entry, 1);
      chapterOutline = outline.addItem(headingText(entry));
      // What stands between a chapter heading and its first section: the chapter's lead.
      drawBlocks(ctx, chapterStruct, section.blocks);
    } else {
      if (!started) { pdf.addPage(); started = true; }
      const parent = chapterStruct ?? (() => { const s = pdf.struct('Sect'); root.add(s); chapterStruct = s; return s; })();
      // The heading and the start of what follows it share a page.
      w.ensure(headingHeight(w, entry, 2) + startHeight(ctx, section.blocks, 0));
      const sub = pdf.struct('Sect');
      parent.add(sub);
      entry.page = pdf.bufferedPageRange().count;
      heading(w, sub, entry, 2);
      (chapterOutline ?? outline).addItem(headingText(entry));
      drawBlocks(ctx, sub, section.blocks);
      sub.end();
    }
  });
  chapterStruct?.end();

  // Sources: where every citation marker links to; a chapter of their own.
  chapter = locale.messages.sources;
  const firstSource: Run[] = doc.sources.length ? [{ text: '[1] ', bold: true }, { text: sourceEntryText(doc.sources[0], locale) }] : [];
  if (chapterNeedsPage(w, pdf.page.margins.top, headingHeight(w, sourcesEntry, 1) + w.heightOf(firstSource, { size: theme.report.bodySize }))) {
    pdf.addPage();
    pageChapter[pageChapter.length - 1] = chapter;
  } else {
    pdf.y += CHAPTER_GAP;
  }
  const sourcesSect = pdf.struct('Sect');
  root.add(sourcesSect);
  sourcesEntry.page = pdf.bufferedPageRange().count;
  heading(w, sourcesSect, sourcesEntry, 1);
  outline.addItem(locale.messages.sources);
  const list = pdf.struct('L');
  sourcesSect.add(list);
  const size = theme.report.bodySize;
  for (const source of doc.sources) {
    const label = `[${numbers.get(source.id)}] `;
    const entry: Run[] = [{ text: sourceEntryText(source, locale) }];
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

  w.footnotes?.finishPage();
  fillContents(w, contents, tocStart, toc, locale);
  contents.end();
  root.end();
  drawRunningHeads(pdf, w, doc, theme, pageChapter, locale);

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

/** What a citation's link says: the source it goes to. */
function citeContents(doc: Document, numbers: Map<string, number>, sourceId: string, locale: Locale): string {
  const source = doc.sources.find((s) => s.id === sourceId);
  return locale.messages.report.citation(numbers.get(sourceId), source ? sourceTitle(source, locale.language) : sourceId);
}

/** Footnotes on every page that cites: each page's are drawn as the next page is started. */
function useFootnotes(pdf: PDFKit.PDFDocument, w: Writer, doc: Document, root: Struct): void {
  const footnotes = new Footnotes(w, doc, root);
  w.footnotes = footnotes;
  const addPage = pdf.addPage.bind(pdf);
  pdf.addPage = (options?: PDFKit.PDFDocumentOptions) => {
    footnotes.finishPage();
    return addPage(options);
  };
}

/** "1", "1.1", …; a section before the first chapter has no number (sectionNumbers). */
function numberSections(sections: Section[]): Numbered[] {
  const numbers = sectionNumbers(sections);
  return sections.map((section, i) => ({ section, number: numbers[i], page: 0 }));
}

/** Height of a heading as heading() draws it, with the space around it. */
function headingHeight(w: Writer, e: Numbered, level: 1 | 2): number {
  const size = level === 1 ? w.theme.report.h1Size : w.theme.report.h2Size;
  return (level === 2 ? 6 : 0) + w.heightOf([{ text: headingText(e), bold: true }], { size }) + (level === 1 ? 18 : 6);
}

/** Room a chapter needs on the page it opens on: its heading and its lead, or its first section's heading and start. */
function chapterStart(ctx: BlockContext, sections: Numbered[], index: number): number {
  const { section } = sections[index];
  const own = headingHeight(ctx.w, sections[index], 1);
  if (section.blocks.length) return own + startHeight(ctx, section.blocks, 0);
  const next = sections[index + 1];
  return next?.section.level === 2 ? own + headingHeight(ctx.w, next, 2) + startHeight(ctx, next.section.blocks, 0) : own;
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

function drawBlocks(ctx: BlockContext, parent: Struct, blocks: Block[]): void {
  blocks.forEach((block, i) => {
    // A lead-in ("… three conditions at once:") shares a page with the start of what it introduces.
    if (introduces(block)) ctx.w.ensure(startHeight(ctx, blocks, i));
    drawBlock(ctx, parent, block);
  });
}

function drawBlock(ctx: BlockContext, parent: Struct, block: Block): void {
  const { w } = ctx;
  const body = bodyStyle(w);
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

function drawCover(pdf: PDFKit.PDFDocument, w: Writer, root: Struct, doc: Document, theme: Theme, locale: Locale): void {
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
  if (doc.logo) drawCoverLogo(w, cover, doc.logo, logoAlt(doc, theme.deck.logoText), x, Math.min(pdf.page.margins.top, height * 0.18 - 90));
  w.block(cover, 'H1', [{ text: doc.edition.title, bold: true }], { size: 30, color: 'FFFFFF' }, { x, y: height * 0.18, width: w.width });
  if (doc.edition.subtitle) w.block(cover, 'P', [{ text: doc.edition.subtitle }], { size: 14, color: 'FFFFFF' }, { x, y: pdf.y + 10, width: w.width });
  const line = [locale.format.date(doc.edition.date), doc.edition.publisher].filter(Boolean).join('  ·  ');
  w.block(cover, 'P', [{ text: line }], { size: 11, color: c.projection }, { x, y: pdf.y + 12, width: w.width });

  // Every headline figure (up to COVER_HEADLINES): one row of up to three, two rows from four on.
  const tiles = (doc.headlines ?? []).slice(0, COVER_HEADLINES);
  const perRow = tiles.length === 4 ? 2 : Math.min(3, tiles.length);
  const rows = Math.ceil(tiles.length / Math.max(1, perRow));
  const gap = 20;
  const tileW = (w.width - gap * (perRow - 1)) / Math.max(1, perRow);
  // The figures take the page under the band: rows spread down to the bottom margin.
  const top = height * 0.42 + 48;
  const rowH = Math.min(170, (height - top - pdf.page.margins.bottom - gap * (rows - 1)) / Math.max(1, rows));
  // One size for every value: the largest down to 15 pt at which each stays on one line, else on two.
  const valueSize = (() => {
    const largest = rows > 1 ? 26 : 28;
    const oneLine = (size: number) => w.heightOf([{ text: 'X', bold: true }], { size }) * 1.2;
    for (let lines = 1; lines <= 3; lines++) {
      for (let size = largest; size >= 15; size--) {
        if (tiles.every((t) => w.heightOf([{ text: t.value, bold: true }], { size }, tileW - 12) <= oneLine(size) * lines)) return size;
      }
    }
    return 15;
  })();
  tiles.forEach((t, i) => {
    const tx = x + (i % perRow) * (tileW + gap);
    const ty = top + Math.floor(i / perRow) * (rowH + gap);
    w.artifact(() => pdf.rect(tx, ty, 3, Math.min(rowH, 110)).fill(`#${c.accent}`));
    w.block(cover, 'P', [{ text: t.value, bold: true }], { size: valueSize, color: c.primary }, { x: tx + 12, y: ty, width: tileW - 12 });
    w.block(cover, 'P', [{ text: t.label, cite: t.source }], { size: theme.report.bodySize, color: c.muted }, { x: tx + 12, y: pdf.y + 6, width: tileW - 12 });
  });
  cover.end();
}

/** "Report title · Chapter" above and "Page X of Y" below every page but the cover, each script in its own font. */
function drawRunningHeads(pdf: PDFKit.PDFDocument, w: Writer, doc: Document, theme: Theme, pageChapter: string[], locale: Locale): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let i = start + 1; i < start + count; i++) {
    pdf.switchToPage(i);
    const { width, height, margins } = pdf.page;
    const bottom = margins.bottom;
    margins.bottom = 0; // writing into the margin must not start a new page
    const room = width - margins.left - margins.right;
    const style = { size: 8.5, color: theme.colors.muted };
    const head = [doc.edition.title, pageChapter[i]].filter(Boolean).join('  ·  ');
    w.artifactLine(head, style, { x: margins.left, y: margins.top - 30, width: room });
    w.artifact(() => pdf.moveTo(margins.left, margins.top - 16).lineTo(width - margins.right, margins.top - 16).lineWidth(0.5).stroke(`#${theme.colors.rule}`), 'Pagination');
    w.artifactLine(locale.messages.report.pageOf(i + 1, count), { ...style, align: 'right' }, { x: margins.left, y: height - bottom + 14, width: room });
    margins.bottom = bottom;
  }
}
