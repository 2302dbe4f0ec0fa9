// Citations as footnotes (the report's `citations: footnotes` option): a superscript number after
// the claim, and the source's full reference at the foot of each page that cites it. The numbers are
// the sources list's, so a source has one number throughout. A page's footnotes take room from its
// bottom as they are cited, and are drawn when the page is finished.
import type { Document, Run, SourceEntry } from '../../types.ts';
import { localeOfDocument, sourceEntryText } from '../common.ts';
import type { Struct, Writer } from './writer.ts';

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** The rule above a page's footnotes and the space around it, in points. */
const RULE_GAP = 8;
const ENTRY_GAP = 2;

/** "¹²": a footnote number in superscript digits (the Latin faces have them; they extract as text). */
export function superscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUPERSCRIPT_DIGITS[Number(d)]);
}

export class Footnotes {
  /** The sources cited on each page, in order of first citation. */
  private readonly cited = new Map<PDFKit.PDFPage, string[]>();
  private readonly heights = new Map<string, number>();

  /** Each footnote is a Note element in `parent`, after the page's content in reading order. */
  constructor(private readonly w: Writer, private readonly doc: Document, private readonly parent: Struct) {}

  /** Room the footnotes of the current page take from its bottom. */
  get height(): number {
    return this.heightOf(this.cited.get(this.page) ?? []);
  }

  /** More room the citations of these runs would take on the current page. */
  extraFor(runs: Run[]): number {
    const onPage = this.cited.get(this.page) ?? [];
    const fresh = [...new Set(runs.flatMap((r) => (r.cite && !onPage.includes(r.cite) ? [r.cite] : [])))];
    return fresh.length ? this.heightOf([...onPage, ...fresh]) - this.heightOf(onPage) : 0;
  }

  /** Notes that the current page cites this source. */
  cite(source: string): void {
    const onPage = this.cited.get(this.page) ?? [];
    if (!onPage.includes(source)) this.cited.set(this.page, [...onPage, source]);
  }

  /** Draws the current page's footnotes at its foot, under a short rule. */
  finishPage(): void {
    const sources = this.cited.get(this.page);
    if (!sources?.length) return;
    const { w } = this;
    const pdf = w.doc;
    const margins = pdf.page.margins;
    const bottom = margins.bottom;
    margins.bottom = 0; // drawing below the text area must not start a new page
    let y = pdf.page.height - bottom - this.heightOf(sources) + RULE_GAP;
    w.artifact(() => pdf.moveTo(w.left, y - RULE_GAP / 2).lineTo(w.left + w.width / 3, y - RULE_GAP / 2).lineWidth(0.5).stroke(`#${w.theme.colors.rule}`));
    for (const id of sources) {
      const runs = this.entryRuns(id);
      w.block(this.parent, 'Note', runs, this.style, { x: w.left, y, width: w.width });
      y += this.entryHeight(id);
    }
    margins.bottom = bottom;
  }

  /** The page being drawn on (pages are switched back to for the contents and running heads). */
  private get page(): PDFKit.PDFPage {
    return this.w.doc.page;
  }

  private get style() {
    return { size: this.w.theme.report.captionSize, color: this.w.theme.colors.muted, lineGap: 1 };
  }

  private heightOf(sources: string[]): number {
    return sources.length ? RULE_GAP + sources.reduce((sum, id) => sum + this.entryHeight(id), 0) : 0;
  }

  private entryHeight(id: string): number {
    let h = this.heights.get(id);
    if (h === undefined) this.heights.set(id, (h = this.w.heightOf(this.entryRuns(id), this.style) + ENTRY_GAP));
    return h;
  }

  private entryRuns(id: string): Run[] {
    const source = this.doc.sources.find((s: SourceEntry) => s.id === id);
    return [{ text: `${this.w.numbers.get(id) ?? id} `, bold: true }, { text: source ? sourceEntryText(source, localeOfDocument(this.doc)) : id }];
  }
}
