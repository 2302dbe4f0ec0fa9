// The page-flow primitives of the report: rich text with citations and mixed scripts, space checks
// that keep headings with what follows, and tagged structure for every piece drawn (PDF/UA-1):
// a citation is a Link element holding its text and its annotation, text in another language than
// the document's a Span with its /Lang, and decoration an Artifact.
import { directionOf, hasRtl, RTL_CHAR, startsRtl, visualOrder } from '../../fonts/bidi.ts';
import { languageOf, type FontPlan } from '../../fonts/index.ts';
import type { Theme } from '../../theme/index.ts';
import type { Run } from '../../types.ts';
import { NO_LINE_END, NO_LINE_START, citeMarker, hasCjk, keepTogether } from '../common.ts';
import { superscript, type Footnotes } from './footnotes.ts';
import { fontName, splitByFace } from './fonts.ts';
import { placer, setLines, type LineSetting } from './lines.ts';

export type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

export interface TextStyle {
  size: number;
  color?: string;
  bold?: boolean;
  italic?: boolean;
  /** Extra points between lines. */
  lineGap?: number;
  indent?: number;
  /** 'left' and 'right' are the paragraph's start and end sides: in a right-to-left paragraph, right and left. */
  align?: 'left' | 'center' | 'right';
  /** 'auto': a paragraph of the story's, whose direction is its first strong letter's (as HTML's dir="auto"). */
  dir?: 'auto';
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
  /** Inside right-to-left text: the run it belongs to, and the run's text in reading order. */
  rtlRun?: { id: number; text: string };
  /** Its text in reading order, where it is drawn turned round (bidi.ts). */
  reading?: string;
  /** In a fallback font of a left-to-right script: its glyphs may not stand in reading order. */
  reordered?: boolean;
  /** Latin or CJK text, whose last word a citation marker may take into its own piece. */
  plain?: boolean;
}

/**
 * Pieces drawn as one structure element: plain text, a Link, or a Span in another language; a
 * right-to-left run is one Span whose /ActualText reads it in order (its words are drawn backwards).
 */
interface Group { pieces: Piece[]; link?: Piece['link']; lang?: string; actual?: string; run?: number }

export class Writer {
  /** The Link element text is being drawn into: pdfkit's annotation for it belongs to that element. */
  private link: { struct: Struct; contents: string } | undefined;
  /** Set when citations are footnotes: markers are superscript numbers, references at the page foot. */
  footnotes?: Footnotes;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly theme: Theme,
    readonly numbers: Map<string, number>,
    /** The document's language: text in any other gets a Span with its own /Lang. */
    readonly lang: string,
    /** What a citation link says to a screen reader ("Source 3: …"). */
    readonly citeContents: (sourceId: string) => string,
    /** Which font draws each character (src/fonts). */
    readonly fonts: FontPlan,
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
  /** The foot of the text area: above the page's footnotes, if any. */
  get bottom(): number { return this.doc.page.height - this.doc.page.margins.bottom - (this.footnotes?.height ?? 0); }
  get room(): number { return this.bottom - this.doc.y; }

  /** Starts a new page unless `height` points fit below the cursor. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Starts a new page unless runs `height` points tall, and the footnotes they add, fit below the cursor. */
  ensureRuns(runs: Run[], height: number): void {
    this.ensure(height + (this.footnotes?.extraFor(runs) ?? 0));
  }

  /** Text as drawn in a line of that width: ranges and compounds kept together unless wider than the line. */
  keep(text: string, size: number, width: number, bold?: boolean): string {
    return keepTogether(text, (phrase) => this.doc.font(fontName('latin', this.fonts, { bold })).fontSize(size).widthOfString(phrase) <= width);
  }

  /** A citation marker as drawn: " [2]" (a no-break space before it) for the sources list, or a superscript "²" for a footnote. */
  marker(source: string): string {
    return this.footnotes ? `\u2060${superscript(this.numbers.get(source) ?? 0)}` : `\u00a0${citeMarker(this.numbers, source)}`;
  }

  /**
   * Height of runs set in a width: conservative, measured in the widest font present. Kept by what it
   * depends on: pagination asks for most blocks' heights two or three times (to keep, to place, to draw).
   */
  heightOf(runs: Run[], style: TextStyle, width = this.width): number {
    const key = `${style.size}|${style.bold}|${style.lineGap}|${style.indent}|${width}|${this.footnotes ? 'f' : ''}|${runs.map((r) => `${r.bold ? '*' : ''}${r.cite ?? ''}\u0001${r.text}`).join('\u0002')}`;
    let height = this.heights.get(key);
    if (height === undefined) this.heights.set(key, (height = this.measureHeight(runs, style, width)));
    return height;
  }
  private readonly heights = new Map<string, number>();

  private measureHeight(runs: Run[], style: TextStyle, width: number): number {
    const bold = style.bold || runs.every((r) => r.bold);
    // Right-to-left text is set line by line by us (lines.ts): as many lines as that sets.
    if (runs.some((r) => hasRtl(r.text))) {
      return this.lineSetting(this.logicalPieces(runs, style, { x: 0, y: 0, width }), style, width)!.lines * this.lineHeight(runs, style);
    }
    const text = this.keep(runs.map((r) => r.text + (r.cite ? this.marker(r.cite) : '')).join(''), style.size, width - (style.indent ?? 0), bold) || ' ';
    this.doc.font(fontName(hasCjk(text) ? 'cjk' : 'latin', this.fonts, { bold })).fontSize(style.size);
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
    const { pieces, draw, done } = this.layout(runs, style, at);
    for (const group of groups(pieces)) {
      if (group.link) {
        // What the link says is its annotation's /Contents.
        // A link drawn turned round (inside right-to-left text) reads in order through /ActualText.
        const actual = group.pieces.some((p) => p.reading) ? group.pieces.map((p) => p.reading ?? p.text).join('') : undefined;
        const link = doc.struct('Link', actual ? { actual } : {});
        element.add(link);
        this.link = { struct: link, contents: group.link.contents };
        link.add(() => group.pieces.forEach(draw));
        this.link = undefined;
        link.end();
      } else if (group.lang || group.actual) {
        // The word joiners that keep a range on one line are layout, not text: the reader does not hear them.
        element.add(doc.struct('Span', { lang: group.lang, actual: group.actual?.replaceAll('\u2060', '') }, () => group.pieces.forEach(draw)));
      } else {
        element.add(() => group.pieces.forEach(draw));
      }
    }
    done();
    element.end();
    return element;
  }

  /** Runs drawn as an artifact (a header row repeated on a later page): seen, not read. */
  artifactText(runs: Run[], style: TextStyle, at?: At): void {
    const { pieces, draw, done } = this.layout(runs, style, at);
    this.artifact(() => pieces.forEach((p) => draw({ ...p, link: undefined })));
    done();
  }

  /**
   * The pieces of runs in the order they are drawn, how to draw each, and what to do after the
   * last. Text holding right-to-left letters is set line by line by us (lines.ts); other text, and
   * text that goes on from a `continued` line, is wrapped and aligned by pdfkit.
   */
  private layout(runs: Run[], style: TextStyle, at?: At): { pieces: Piece[]; draw: (p: Piece) => void; done: () => void } {
    const logical = this.logicalPieces(runs, style, at);
    for (const r of runs) if (r.cite) this.footnotes?.cite(r.cite);
    const set = at === 'continue' ? undefined : this.lineSetting(logical, style, at?.width);
    if (!set || at === 'continue') {
      const pieces = visualOrder(logical, directionOf(this.lang)).pieces;
      return { pieces, draw: this.drawer(pieces, style, at), done: () => {} };
    }
    const box = at ?? { x: this.left, y: this.doc.y, width: this.width };
    // The indent is on the paragraph's start side: the right, for right-to-left lines.
    const { draw, done } = placer<Piece>(this.doc, set, { ...box, x: box.x + (set.rtl ? 0 : style.indent ?? 0) }, style.size, this.lineFont(runs, style), this.lineHeight(runs, style));
    return { pieces: set.pieces, draw, done: () => { done(); this.doc.x = box.x; } };
  }

  /** Whether runs are set right to left (lines.ts): their lines flush right, a list item's indent and label on the right. */
  setsRightToLeft(runs: Run[], style: TextStyle): boolean {
    const text = runs.map((r) => r.text).join('');
    if (!hasRtl(text)) return false;
    const base = this.baseDirection(style);
    return base === 'auto' ? startsRtl(text) : base === 'rtl';
  }

  /** A paragraph's direction: the edition's, or its first strong letter's for a story paragraph (dir 'auto') in a left-to-right edition. */
  private baseDirection(style: TextStyle): 'ltr' | 'rtl' | 'auto' {
    const own = directionOf(this.lang);
    return style.dir === 'auto' && own === 'ltr' ? 'auto' : own;
  }

  /** Pieces with right-to-left text set in lines (lines.ts), or undefined for text with none. */
  private lineSetting(pieces: Piece[], style: TextStyle, width = this.width): LineSetting<Piece> | undefined {
    if (!pieces.some((p) => RTL_CHAR.test(p.text))) return undefined;
    return setLines(pieces, {
      width: width - (style.indent ?? 0),
      base: this.baseDirection(style),
      align: style.align,
      widthOf: (p, text) => this.doc.font(p.font).fontSize(style.size).widthOfString(text),
      breaksRun: (p) => Boolean(p.link),
    });
  }

  /** The face a paragraph's lines are measured by, as heightOf measures them: the CJK face's where there is Chinese. */
  private lineFont(runs: Run[], style: TextStyle): string {
    const bold = style.bold || runs.every((r) => r.bold);
    return fontName(runs.some((r) => hasCjk(r.text)) ? 'cjk' : 'latin', this.fonts, { bold });
  }

  /** The distance between two lines' tops, as pdfkit advances them. */
  private lineHeight(runs: Run[], style: TextStyle): number {
    return this.doc.font(this.lineFont(runs, style)).fontSize(style.size).currentLineHeight(true) + (style.lineGap ?? 2);
  }

  /**
   * Text on one line of `width` points, shortened with "…" where it would not fit: a running head or
   * a page number, drawn as an artifact. Each script in its own font, as everywhere; right-aligned
   * by measuring (pdfkit would align each font's piece on its own).
   */
  artifactLine(text: string, style: TextStyle, at: { x: number; y: number; width: number }): void {
    const widthOf = (t: string) => this.pieces([{ text: t }], style).reduce((sum, p) => sum + this.doc.font(p.font).fontSize(style.size).widthOfString(p.text), 0);
    let shown = text;
    if (widthOf(shown) > at.width) {
      const chars = [...text];
      while (chars.length && widthOf(`${chars.join('').trimEnd()}…`) > at.width) chars.pop();
      shown = `${chars.join('').trimEnd()}…`;
    }
    const x = style.align === 'right' ? at.x + at.width - widthOf(shown) : at.x;
    const pieces = this.pieces([{ text: shown }], style);
    const draw = this.drawer(pieces, { ...style, align: 'left' }, { ...at, x, width: at.x + at.width - x + 1 }, { lineBreak: false });
    this.artifact(() => pieces.forEach(draw), 'Pagination');
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
    this.ensureRuns(runs, this.heightOf(runs, style));
    this.block(parent, tag, runs, style);
    this.doc.y += spaceAfter;
  }

  /** Moves the cursor down, never past the page end. */
  gap(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /** The pieces of one line of runs in the order they are drawn: right-to-left text turned round. */
  private pieces(runs: Run[], style: TextStyle, at?: At): Piece[] {
    for (const r of runs) if (r.cite) this.footnotes?.cite(r.cite);
    return visualOrder(this.logicalPieces(runs, style, at), directionOf(this.lang)).pieces;
  }

  /** The pieces of runs in reading order: each script in its own font, citation markers as links. */
  private logicalPieces(runs: Run[], style: TextStyle, at?: At): Piece[] {
    const { theme, fonts } = this;
    const pieces: Piece[] = [];
    const width = (at && at !== 'continue' ? at.width : this.width) - (style.indent ?? 0);
    for (const r of runs) {
      for (const part of splitByFace(this.keep(r.text, style.size, width, style.bold || r.bold), fonts)) {
        const lang = languageOf(part.face, part.text);
        pieces.push({
          text: part.text, font: fontName(part.face, fonts, { bold: style.bold || r.bold, italic: style.italic || r.italic }), color: style.color ?? theme.colors.text,
          lang: lang && primary(lang) !== primary(this.lang) ? lang : undefined,
          // A script whose letters are drawn in another order than they are read (Indic vowel signs):
          // assistive technology reads its Span's /ActualText.
          reordered: typeof part.face === 'object' && !part.face.rtl,
          plain: part.face === 'latin' || part.face === 'cjk',
        });
      }
      if (r.cite) {
        pieces.push(markerPiece(pieces, this.marker(r.cite), { dest: `source-${r.cite}`, contents: this.citeContents(r.cite) }, fontName('latin'), style.color ?? theme.colors.text));
      }
    }
    if (!pieces.length) pieces.push({ text: ' ', font: fontName('latin'), color: theme.colors.text });
    return glueToMarks(pieces, (text) => [...text].every((ch) => fonts.cjkDraws(ch)));
  }

  /** Draws pieces one after another as one paragraph: the first at `at` (or the cursor), the rest continuing it. */
  private drawer(pieces: Piece[], style: TextStyle, at?: At, extra: PDFKit.Mixins.TextOptions = {}): (p: Piece) => void {
    const { doc } = this;
    const box = at === 'continue' ? undefined : at;
    let x = (box?.x ?? this.left) + (style.indent ?? 0);
    let width = (box?.width ?? this.width) - (style.indent ?? 0);
    let align = style.align ?? 'left';
    // pdfkit places each piece of centred or right-aligned text on its own ("Figure 3." over the
    // caption after it): a line that fits is moved over as a whole and drawn from its left.
    if (align !== 'left' && pieces.length > 1 && at !== 'continue') {
      const line = pieces.reduce((sum, p) => sum + doc.font(p.font).fontSize(style.size).widthOfString(p.text), 0);
      if (line <= width) {
        const shift = align === 'right' ? width - line : (width - line) / 2;
        [x, width, align] = [x + shift, width - shift + 1, 'left'];
      }
    }
    let i = 0;
    return (p) => {
      const options: PDFKit.Mixins.TextOptions = {
        width, lineGap: style.lineGap ?? 2, align, continued: i < pieces.length - 1,
        // A link is set or cleared on every piece: pdfkit carries text options over between pieces.
        goTo: p.link?.dest ?? (null as unknown as string), underline: false, ...extra,
      };
      doc.font(p.font).fontSize(style.size).fillColor(`#${p.color}`);
      if (i === 0 && at !== 'continue') doc.text(p.text, x, box?.y ?? doc.y, options);
      else doc.text(p.text, options);
      i++;
    };
  }
}

/**
 * A citation marker as a piece of text. pdfkit may break a line between two pieces, so the claim's
 * last word (of Latin or CJK text) moves into the marker's piece, in the word's font, colour and
 * language, linked with the marker: a marker never starts a line alone.
 */
function markerPiece(pieces: Piece[], marker: string, link: Piece['link'], font: string, color: string): Piece {
  const prev = pieces[pieces.length - 1];
  const lastWord = prev?.plain && !prev.link ? /\S+$/.exec(prev.text)?.[0] : undefined;
  if (!prev || !lastWord) return { text: marker, font, color, link };
  prev.text = prev.text.slice(0, -lastWord.length);
  if (!prev.text) pieces.pop();
  return { text: lastWord + marker, font: prev.font, color: prev.color, link, lang: prev.lang };
}

const WORD_JOINER = '\u2060';
const isCjk = (p: Piece) => p.font.startsWith('cjk');
/** Text whose words may move between pieces: Latin or CJK, not a link, not right to left. */
const movable = (p: Piece) => Boolean(p.plain) && !p.link && !p.rtlRun;
const sameStyle = (a: Piece, b: Piece) => movable(a) && movable(b) && a.font === b.font && a.color === b.color && a.lang === b.lang;

/**
 * pdfkit breaks lines in each piece on its own (UAX #14, which keeps Chinese punctuation with its
 * neighbours) but may break wherever one piece ends and the next begins: "GWh" in the Latin face then
 * "，…" in the CJK face put "，" at the start of a line, and "…（" before "LFP" ended one with "（".
 * So a Latin word touching a closing or opening Chinese mark is drawn in the CJK face with it (the
 * CJK face has Latin letters and digits; only where it draws every character), and neighbouring
 * pieces in one style are drawn as one.
 */
function glueToMarks(pieces: Piece[], cjkDraws: (text: string) => boolean): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const p = { ...piece };
    let last = out[out.length - 1];
    if (last && movable(last) && movable(p) && last.color === p.color && last.lang === p.lang) {
      if (isCjk(p) && !isCjk(last) && NO_LINE_START.test(p.text[0])) {
        const word = /\S+\s*$/.exec(last.text)?.[0];
        // Without the word joiners that held it to the mark: the CJK face has no glyph for them.
        if (word && cjkDraws(word.replaceAll(WORD_JOINER, ''))) {
          last.text = last.text.slice(0, -word.length);
          p.text = word.replaceAll(WORD_JOINER, '') + p.text;
          if (!last.text) out.pop();
          last = out[out.length - 1];
        }
      } else if (isCjk(last) && !isCjk(p) && NO_LINE_END.test(last.text.replace(/\u2060+$/, '').slice(-1))) {
        const word = /^\S+/.exec(p.text)?.[0];
        if (word && cjkDraws(word.replaceAll(WORD_JOINER, ''))) {
          last.text += word.replaceAll(WORD_JOINER, '');
          p.text = p.text.slice(word.length);
          if (!p.text) continue;
        }
      }
    }
    if (last && sameStyle(last, p)) last.text += p.text;
    else out.push(p);
  }
  return out;
}

/**
 * An annotation's options that put it in a structure element, with what it says (/Contents): a PDF
 * string, which pdfkit writes only for a String object (a plain string becomes a name).
 */
export function annotationOf(struct: Struct, contents: string): PDFKit.Mixins.AnnotationOption {
  return { structParent: struct, Contents: new String(contents) } as unknown as PDFKit.Mixins.AnnotationOption;
}

/** Consecutive pieces with the same link and language (or of the same right-to-left run), drawn as one element. */
function groups(pieces: Piece[]): Group[] {
  const out: Group[] = [];
  let last: Group | undefined;
  for (const p of pieces) {
    // A link keeps its own element, even inside right-to-left text.
    if (p.rtlRun && !p.link && last?.run === p.rtlRun.id) {
      last.pieces.push(p);
      last.lang ??= p.lang;
    } else if (p.rtlRun && !p.link) {
      out.push((last = { pieces: [p], link: p.link, lang: p.lang, actual: p.rtlRun.text, run: p.rtlRun.id }));
    } else if (last && last.run === undefined && last.link?.dest === p.link?.dest && last.lang === p.lang && Boolean(last.actual) === Boolean(p.reordered)) {
      last.pieces.push(p);
      if (p.reordered) last.actual += p.text;
    } else {
      out.push((last = { pieces: [p], link: p.link, lang: p.lang, actual: p.reordered ? p.text : undefined }));
    }
  }
  return out;
}

/** "zh" of "zh-CN". */
const primary = (lang: string) => lang.split('-')[0].toLowerCase();
