// The report's contents: measured before the sections are laid out (their pages are reserved after
// the cover) and filled at the end with real page numbers. They fit one page where they can: at the
// theme's sizes, else one declared step tighter (a point smaller, less space between entries); a
// contents too long even so goes on over more pages, each headed "Contents (cont.)".
import type { Locale } from '../../i18n/index.ts';
import type { Theme } from '../../theme/index.ts';
import type { Run, Section } from '../../types.ts';
import { annotationOf, type Struct, type Writer } from './writer.ts';

/** A section with its number ("2.3") and the page it starts on, counted from 1 as the footers print it. */
export interface Numbered { section: Section; number: string; page: number }

export function headingText(e: Numbered): string {
  return e.number ? `${e.number}  ${e.section.title}` : e.section.title;
}

/**
 * How the entries are set: a chapter's size and a section's, the space between a wrapped title's
 * lines, after each entry (a share of its size) and above a chapter, in points.
 */
interface ContentsStyle { chapter: number; section: number; lineGap: number; after: number; chapterGap: number }

/** The theme's sizes, then the one step tighter a long contents takes to stay on one page. */
function styles(theme: Theme): ContentsStyle[] {
  const body = theme.report.bodySize;
  return [
    { chapter: body + 1, section: body, lineGap: 2, after: 0.35, chapterGap: 6 },
    { chapter: body, section: body - 1, lineGap: 0.5, after: 0.15, chapterGap: 4 },
  ];
}

/** The column the page numbers stand in, right-aligned. */
const PAGE_NUMBER_W = 30;
/** Room for the heading ("Contents", or "Contents (cont.)") at the top of each contents page. */
const CONTENTS_HEADING = 40;

export interface ContentsPlan {
  style: ContentsStyle;
  pages: Numbered[][];
  /** Each entry laid out in the style (measured once: a long report has hundreds). */
  entries: Map<Numbered, EntryLayout>;
}
type EntryLayout = ReturnType<typeof contentsEntry>;

/** Where each contents entry goes: its size, indent, the title's width and its height (titles may wrap). */
function contentsEntry(w: Writer, e: Numbered, style: ContentsStyle) {
  const level1 = e.section.level === 1;
  const size = level1 ? style.chapter : style.section;
  const indent = level1 ? 0 : 22;
  // The number hangs to the left of the title, so a wrapped title lines up with its first line.
  const numberW = e.number ? (level1 ? 20 : 28) : 0;
  const width = w.width - indent - numberW - PAGE_NUMBER_W;
  const runs: Run[] = [{ text: e.section.title, bold: level1 }];
  const gap = level1 ? style.chapterGap : 0;
  const text = { size, lineGap: style.lineGap };
  const h = w.heightOf(runs, text, width) + gap + size * style.after;
  return { level1, size, indent, numberW, width, runs, h, gap, text };
}

/** The entries page by page in a style; a chapter's entry never ends a page that its first section does not make. */
function paginate(w: Writer, entries: Numbered[], style: ContentsStyle): ContentsPlan {
  const room = w.bottom - w.doc.page.margins.top - CONTENTS_HEADING;
  const layouts = new Map(entries.map((e) => [e, contentsEntry(w, e, style)]));
  const heights = entries.map((e) => layouts.get(e)!.h);
  const pages: Numbered[][] = [[]];
  let used = 0;
  entries.forEach((e, i) => {
    const withNext = e.section.level === 1 && entries[i + 1]?.section.level === 2 ? heights[i + 1] : 0;
    if (pages[pages.length - 1].length && used + heights[i] + withNext > room) { pages.push([]); used = 0; }
    pages[pages.length - 1].push(e);
    used += heights[i];
  });
  return { style, pages, entries: layouts };
}

/** The first style in which the contents fit one page; else the tightest, over as many pages as it needs. */
export function planContents(w: Writer, entries: Numbered[]): ContentsPlan {
  const all = styles(w.theme);
  for (const style of all.slice(0, -1)) {
    const plan = paginate(w, entries, style);
    if (plan.pages.length === 1) return plan;
  }
  return paginate(w, entries, all[all.length - 1]);
}

/**
 * The contents, on the pages reserved after the cover: a heading, then the TOC, each entry (TOCI) a
 * reference to its section holding a link with its annotation; a long title wraps beside its number.
 * A continuation page's heading repeats the first's, so it is drawn as an artifact, like a table's
 * repeated header row.
 */
export function fillContents(w: Writer, contents: Struct, tocStart: number, plan: ContentsPlan, locale: Locale): void {
  const { doc: pdf, theme } = w;
  const toc = pdf.struct('TOC');
  plan.pages.forEach((entries, p) => {
    pdf.switchToPage(tocStart + p);
    pdf.x = w.left;
    pdf.y = pdf.page.margins.top;
    const style = { size: theme.report.h1Size, color: theme.colors.primary, bold: true };
    if (p === 0) {
      w.block(contents, 'H1', [{ text: locale.messages.report.contents, bold: true }], style);
      contents.add(toc);
    } else {
      w.artifactLine(locale.messages.deck.continued(locale.messages.report.contents), style, { x: w.left, y: pdf.y, width: w.width });
    }
    pdf.y = pdf.page.margins.top + CONTENTS_HEADING;
    for (const e of entries) {
      const { level1, size, indent, numberW, width, runs, h, gap, text } = plan.entries.get(e) ?? contentsEntry(w, e, plan.style);
      pdf.y += gap;
      const y = pdf.y;
      const x = w.left + indent;
      const number = String(e.page);
      const description = locale.messages.report.goToSection(headingText(e), number);
      const toci = pdf.struct('TOCI');
      toc.add(toci);
      const reference = pdf.struct('Reference');
      toci.add(reference);
      const link = pdf.struct('Link');
      reference.add(link);
      if (e.number) w.block(link, 'Span', [{ text: e.number, bold: level1 }], { ...text, color: theme.colors.text }, { x, y, width: numberW });
      w.block(link, 'Span', runs, { ...text, color: theme.colors.text }, { x: x + numberW, y, width });
      link.add(() => pdf.font('latin').fontSize(size).fillColor(`#${theme.colors.muted}`).text(number, w.left, y, { width: w.width, align: 'right', lineBreak: false }));
      pdf.goTo(w.left, y, w.width, h - size * plan.style.after - gap, `section-${e.section.id}`, annotationOf(link, description));
      link.end();
      reference.end();
      toci.end();
      pdf.y = y + h - gap;
    }
  });
  toc.end();
}
