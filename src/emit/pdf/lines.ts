// Text holding right-to-left letters, set line by line as UAX #9 §3.4 orders it: the paragraph is
// broken into lines in reading order (measured piece by piece, broken at spaces), then each line is
// put in drawing order on its own (`orderLine`, src/fonts/bidi.ts) and set from its paragraph's
// start side: flush right in a right-to-left paragraph. pdfkit cannot do this for us: it wraps and
// aligns each piece of a paragraph on its own, after the whole paragraph has been turned round, so
// an Arabic paragraph came out flush left with its last line on top.
import { orderLine, paragraphLevels, type Placed } from '../../fonts/bidi.ts';

/** A piece as set: where it is drawn, in points from the box's left, and on which line (0 first). */
export type SetPiece<T> = Placed<T> & { x: number; line: number };

export interface LineSetting<T> {
  /** Every piece drawn, in reading order (the order a reader hears them), each with its place. */
  pieces: SetPiece<T>[];
  lines: number;
  /** Whether the paragraph runs right to left. */
  rtl: boolean;
}

export interface LineOptions<T> {
  width: number;
  /** The paragraph's direction; 'auto' takes it from its first strong letter. */
  base: 'ltr' | 'rtl' | 'auto';
  /** 'left' is the paragraph's start side and 'right' its end: in a right-to-left paragraph, right and left. */
  align?: 'left' | 'center' | 'right';
  /** The width of some of a piece's text, in the piece's font. */
  widthOf: (piece: T, text: string) => number;
  /** Pieces no right-to-left run takes in (links: each is an element of its own). */
  breaksRun?: (piece: T) => boolean;
}

const SPACE = ' ';

/** Sets pieces of text (in reading order) in lines of `width` points. */
export function setLines<T extends { text: string }>(pieces: T[], o: LineOptions<T>): LineSetting<T> {
  const text = pieces.map((p) => p.text).join('');
  const levels = paragraphLevels(text, o.base);
  const rtl = levels.baseLevel % 2 === 1;
  const starts: number[] = [];
  pieces.reduce((at, p) => (starts.push(at), at + p.text.length), 0);

  /** The width of the text from a to b, each piece's part in its own font. */
  const widthOf = (a: number, b: number): number => {
    let sum = 0;
    pieces.forEach((p, i) => {
      const from = Math.max(a, starts[i]);
      const to = Math.min(b, starts[i] + p.text.length);
      if (from < to) sum += o.widthOf(p, p.text.slice(from - starts[i], to - starts[i]));
    });
    return sum;
  };
  const trimEnd = (a: number, b: number) => {
    while (b > a && text[b - 1] === SPACE) b--;
    return b;
  };

  // Lines in reading order: as many words as fit (spaces at a line's end take no room), a word
  // wider than the line broken where it must be.
  const lines: [number, number][] = [];
  let lineStart = 0;
  let used = 0;
  for (let a = 0; a < text.length;) {
    let b = a;
    while (b < text.length && text[b] === SPACE) b++;
    while (b < text.length && text[b] !== SPACE) b++;
    while (b < text.length && text[b] === SPACE) b++;
    const word = widthOf(a, trimEnd(a, b));
    if (a > lineStart && used + word > o.width) {
      lines.push([lineStart, a]);
      lineStart = a;
      used = 0;
      continue;
    }
    if (a === lineStart && word > o.width) {
      const end = fitting(text, a, trimEnd(a, b), (e) => widthOf(a, e) <= o.width);
      if (end < trimEnd(a, b)) {
        lines.push([a, end]);
        lineStart = a = end;
        continue;
      }
    }
    used += widthOf(a, b);
    a = b;
  }
  lines.push([lineStart, text.length]);

  const runs = { count: 0 };
  const set: SetPiece<T>[] = [];
  lines.forEach(([a, b], line) => {
    const inLine = pieces.flatMap((p, i) => {
      const from = Math.max(a, starts[i]);
      const to = Math.min(b, starts[i] + p.text.length);
      return from < to ? [{ ...p, text: p.text.slice(from - starts[i], to - starts[i]) }] : [];
    });
    const drawn = orderLine(inLine, levels, a, runs, o.breaksRun);
    const widths = drawn.map((p) => o.widthOf(p, p.text));
    const total = widths.reduce((s, w) => s + w, 0);
    // The line's trailing spaces stand at its end side (rule L1): room that is not seen.
    const trailing = widthOf(trimEnd(a, b), b);
    const seen = total - trailing;
    const end = o.align === 'center' ? undefined : (o.align === 'right') !== rtl;
    const seenStart = end === undefined ? (o.width - seen) / 2 : end ? o.width - seen : 0;
    let x = seenStart - (rtl ? trailing : 0);
    drawn.forEach((p, i) => {
      set.push({ ...p, x, line });
      x += widths[i];
    });
  });
  // Drawn in reading order, so that the content reads in order and each run's pieces stand together.
  set.sort((p, q) => (p.start ?? 0) - (q.start ?? 0));
  return { pieces: set, lines: lines.length, rtl };
}

/**
 * Draws set pieces with pdfkit, each where it was set: lines `lineHeight` apart from the box's top,
 * every piece of a line on the baseline of `lineFont` (pdfkit places text by its font's top, and the
 * Arabic face stands taller than the Latin one). `done` leaves the cursor under the last line.
 */
export function placer<T extends { text: string; font: string; color: string; link?: { dest: string } }>(doc: PDFKit.PDFDocument,
  set: LineSetting<T>, box: { x: number; y: number }, size: number, lineFont: string, lineHeight: number): { draw: (p: T) => void; done: () => void } {
  const ascent = (font: string) => (doc.font(font) as unknown as { _font: { ascender: number } })._font.ascender / 1000 * size;
  const baseline = box.y + ascent(lineFont);
  const draw = (p: T) => {
    const { x, line } = p as SetPiece<T>;
    const top = baseline + line * lineHeight - ascent(p.font);
    doc.font(p.font).fontSize(size).fillColor(`#${p.color}`);
    // A link is set or cleared on every piece: pdfkit carries text options over between pieces.
    doc.text(p.text, box.x + x, top, { lineBreak: false, goTo: p.link?.dest ?? (null as unknown as string), underline: false });
  };
  return { draw, done: () => { doc.y = box.y + set.lines * lineHeight; } };
}

/** The furthest end after `a` (at least one character, never inside a surrogate pair) for which `fits` holds. */
function fitting(text: string, a: number, b: number, fits: (end: number) => boolean): number {
  let end = a;
  for (let e = a + 1; e <= b; e++) {
    const c = text.charCodeAt(e);
    if (e < b && c >= 0xdc00 && c <= 0xdfff) continue;
    if (end > a && !fits(e)) break;
    end = e;
  }
  return end;
}
