// The page-flow primitives of the report: rich text with citations and mixed scripts, space checks
// that keep headings with what follows, and tagged structure for every piece drawn.
import type { Theme } from '../../theme/index.ts';
import type { Run } from '../../types.ts';
import { citeMarker, hasCjk } from '../common.ts';
import { fontName, splitByScript } from './fonts.ts';

export type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

export interface TextStyle {
  size: number;
  color?: string;
  bold?: boolean;
  italic?: boolean;
  /** Extra points between lines. */
  lineGap?: number;
  indent?: number;
  align?: 'left' | 'center' | 'right';
}

export class Writer {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly theme: Theme,
    readonly numbers: Map<string, number>,
  ) {}

  get left(): number { return this.doc.page.margins.left; }
  get width(): number { return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right; }
  get bottom(): number { return this.doc.page.height - this.doc.page.margins.bottom; }
  get room(): number { return this.bottom - this.doc.y; }

  /** Starts a new page unless `height` points fit below the cursor. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Height of runs set in a width: conservative, measured in the widest font present. */
  heightOf(runs: Run[], style: TextStyle, width = this.width): number {
    const text = runs.map((r) => r.text + (r.cite ? ` ${citeMarker(this.numbers, r.cite)}` : '')).join('') || ' ';
    const bold = style.bold || runs.every((r) => r.bold);
    this.doc.font(fontName(hasCjk(text) ? 'cjk' : 'latin', { bold })).fontSize(style.size);
    return this.doc.heightOfString(text, { width: width - (style.indent ?? 0), lineGap: style.lineGap ?? 2 });
  }

  /**
   * Draws runs as one paragraph at the cursor: each script in its own font, citations as "[n]"
   * linking to the source's entry in the sources list.
   */
  runs(runs: Run[], style: TextStyle, at?: { x: number; y: number; width: number }): void {
    const { doc, theme } = this;
    const pieces: { text: string; font: string; color: string; goTo?: string }[] = [];
    for (const r of runs) {
      for (const part of splitByScript(r.text)) {
        pieces.push({ text: part.text, font: fontName(part.script, { bold: style.bold || r.bold, italic: style.italic || r.italic }), color: style.color ?? theme.colors.text });
      }
      if (r.cite) pieces.push({ text: ` ${citeMarker(this.numbers, r.cite)}`, font: fontName('latin'), color: theme.colors.primary, goTo: `source-${r.cite}` });
    }
    if (!pieces.length) pieces.push({ text: ' ', font: fontName('latin'), color: theme.colors.text });
    const x = (at?.x ?? this.left) + (style.indent ?? 0);
    const width = (at?.width ?? this.width) - (style.indent ?? 0);
    pieces.forEach((p, i) => {
      const options: PDFKit.Mixins.TextOptions = {
        width, lineGap: style.lineGap ?? 2, align: style.align ?? 'left', continued: i < pieces.length - 1,
        // A link is set or cleared on every piece: pdfkit carries text options over between pieces.
        goTo: p.goTo ?? (null as unknown as string), underline: false,
      };
      doc.font(p.font).fontSize(style.size).fillColor(`#${p.color}`);
      if (i === 0) doc.text(p.text, x, at?.y ?? doc.y, options);
      else doc.text(p.text, options);
    });
  }

  /** A tagged paragraph kept whole on one page (the story's paragraphs are short). */
  paragraph(parent: Struct, runs: Run[], style: TextStyle, tag = 'P', spaceAfter = style.size * 0.6): void {
    const h = this.heightOf(runs, style);
    this.ensure(h);
    parent.add(this.doc.struct(tag, {}, () => this.runs(runs, style)));
    this.doc.y += spaceAfter;
  }

  /** Moves the cursor down, never past the page end. */
  gap(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }
}
