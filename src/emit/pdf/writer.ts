// The page-flow primitives of the report: rich text with citations and mixed scripts, space checks
// that keep headings with what follows, and tagged structure for every piece drawn (PDF/UA-1):
// a citation is a Link element holding its text and its annotation, text in another language than
// the document's a Span with its /Lang, and decoration an Artifact.
import type { Theme } from '../../theme/index.ts';
import type { Run } from '../../types.ts';
import { citeMarker, hasCjk } from '../common.ts';
import { fontName, scriptLanguage, splitByScript } from './fonts.ts';

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

/** Where a block of text starts, when not at the cursor; 'continue' goes on from text drawn with `continued`. */
export type At = { x: number; y: number; width: number } | 'continue';

/** One stretch of text in one font: a link to a named destination, or in a language of its own. */
interface Piece {
  text: string;
  font: string;
  color: string;
  link?: { dest: string; contents: string };
  lang?: string;
}

/** Pieces drawn as one structure element: plain text, a Link, or a Span in another language. */
interface Group { pieces: Piece[]; link?: Piece['link']; lang?: string }

export class Writer {
  /** The Link element text is being drawn into: pdfkit's annotation for it belongs to that element. */
  private link: { struct: Struct; contents: string } | undefined;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly theme: Theme,
    readonly numbers: Map<string, number>,
    /** The document's language: text in any other gets a Span with its own /Lang. */
    readonly lang: string,
    /** What a citation link says to a screen reader ("Source 3: …"). */
    readonly citeContents: (sourceId: string) => string,
  ) {
    // pdfkit links drawn text (the goTo option) with an annotation it makes itself, outside the
    // structure tree; PDF/UA wants it inside its Link element, with a description (/Contents).
    const goTo = doc.goTo.bind(doc);
    doc.goTo = (x, y, w, h, name, options = {}) => {
      const link = this.link;
      return goTo(x, y, w, h, name, link ? { ...options, ...annotationOf(link.struct, link.contents) } : options);
    };
  }

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
   * Runs as one tagged element (`tag`, added to `parent`) at the cursor or `at`: each script in its
   * own font, citations as "[n]" Link elements pointing at the source's entry in the sources list.
   */
  block(parent: Struct, tag: string, runs: Run[], style: TextStyle, at?: At, options: Record<string, unknown> = {}): Struct {
    const { doc } = this;
    const element = doc.struct(tag, options);
    parent.add(element);
    const pieces = this.pieces(runs, style);
    const draw = this.drawer(pieces, style, at);
    for (const group of groups(pieces)) {
      if (group.link) {
        // What the link says is its annotation's /Contents.
        const link = doc.struct('Link');
        element.add(link);
        this.link = { struct: link, contents: group.link.contents };
        link.add(() => group.pieces.forEach(draw));
        this.link = undefined;
        link.end();
      } else if (group.lang) {
        element.add(doc.struct('Span', { lang: group.lang }, () => group.pieces.forEach(draw)));
      } else {
        element.add(() => group.pieces.forEach(draw));
      }
    }
    element.end();
    return element;
  }

  /** Runs drawn as an artifact (a header row repeated on a later page): seen, not read. */
  artifactText(runs: Run[], style: TextStyle, at?: At): void {
    const pieces = this.pieces(runs, style).map((p) => ({ ...p, link: undefined }));
    this.artifact(() => pieces.forEach(this.drawer(pieces, style, at)));
  }

  /** Decoration (fills, rules, bars, borders): marked as an artifact, outside the structure tree. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    this.doc.save();
    draw();
    this.doc.restore();
    this.doc.endMarkedContent();
  }

  /** A tagged paragraph kept whole on one page (the story's paragraphs are short). */
  paragraph(parent: Struct, runs: Run[], style: TextStyle, tag = 'P', spaceAfter = style.size * 0.6): void {
    const h = this.heightOf(runs, style);
    this.ensure(h);
    this.block(parent, tag, runs, style);
    this.doc.y += spaceAfter;
  }

  /** Moves the cursor down, never past the page end. */
  gap(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  private pieces(runs: Run[], style: TextStyle): Piece[] {
    const { theme } = this;
    const pieces: Piece[] = [];
    for (const r of runs) {
      for (const part of splitByScript(r.text)) {
        const lang = scriptLanguage(part.script, part.text);
        pieces.push({
          text: part.text, font: fontName(part.script, { bold: style.bold || r.bold, italic: style.italic || r.italic }), color: style.color ?? theme.colors.text,
          lang: lang && primary(lang) !== primary(this.lang) ? lang : undefined,
        });
      }
      if (r.cite) pieces.push({ text: ` ${citeMarker(this.numbers, r.cite)}`, font: fontName('latin'), color: theme.colors.primary, link: { dest: `source-${r.cite}`, contents: this.citeContents(r.cite) } });
    }
    if (!pieces.length) pieces.push({ text: ' ', font: fontName('latin'), color: theme.colors.text });
    return pieces;
  }

  /** Draws pieces one after another as one paragraph: the first at `at` (or the cursor), the rest continuing it. */
  private drawer(pieces: Piece[], style: TextStyle, at?: At): (p: Piece) => void {
    const { doc } = this;
    const box = at === 'continue' ? undefined : at;
    const x = (box?.x ?? this.left) + (style.indent ?? 0);
    const width = (box?.width ?? this.width) - (style.indent ?? 0);
    let i = 0;
    return (p) => {
      const options: PDFKit.Mixins.TextOptions = {
        width, lineGap: style.lineGap ?? 2, align: style.align ?? 'left', continued: i < pieces.length - 1,
        // A link is set or cleared on every piece: pdfkit carries text options over between pieces.
        goTo: p.link?.dest ?? (null as unknown as string), underline: false,
      };
      doc.font(p.font).fontSize(style.size).fillColor(`#${p.color}`);
      if (i === 0 && at !== 'continue') doc.text(p.text, x, box?.y ?? doc.y, options);
      else doc.text(p.text, options);
      i++;
    };
  }
}

/**
 * An annotation's options that put it in a structure element, with what it says (/Contents): a PDF
 * string, which pdfkit writes only for a String object (a plain string becomes a name).
 */
export function annotationOf(struct: Struct, contents: string): PDFKit.Mixins.AnnotationOption {
  return { structParent: struct, Contents: new String(contents) } as unknown as PDFKit.Mixins.AnnotationOption;
}

/** Consecutive pieces with the same link and language, drawn as one element. */
function groups(pieces: Piece[]): Group[] {
  const out: Group[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.link?.dest === p.link?.dest && last.lang === p.lang) last.pieces.push(p);
    else out.push({ pieces: [p], link: p.link, lang: p.lang });
  }
  return out;
}

/** "zh" of "zh-CN". */
const primary = (lang: string) => lang.split('-')[0].toLowerCase();
