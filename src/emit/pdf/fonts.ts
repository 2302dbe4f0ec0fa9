// The report's fonts: embedded (subset) Noto Sans for Latin text, Noto Sans CJK for Chinese, a
// symbols font for emoji, and for any other script the fallback the font plan found for it
// (src/fonts: "Noto Sans Arabic", "Noto Sans Hebrew", …), so every character a source or a user wrote
// is drawn and extracts back.
import { openedFace, openFace, type Face, type FallbackFace, type FontPlan } from '../../fonts/index.ts';
import { fontFile, SYMBOLS_FAMILY, type FontWeight, type Theme } from '../../theme/index.ts';
import * as fontkit from 'fontkit';
import { cjkFace } from './cjk-face.ts';

export interface Style { bold?: boolean; italic?: boolean }

/** Where a face is: its file, and the face's name inside a collection (.ttc). */
function locate(family: string, weight: FontWeight): { file: string; postscriptName?: string } {
  const { file, postscriptName } = fontFile(family, weight);
  return { file, postscriptName: file.endsWith('.ttc') ? postscriptName : undefined };
}

/**
 * Registers the report's fonts with a pdfkit document under stable names. By path, not by bytes:
 * pdfkit reads a font only when text uses it, and the CJK collection alone is ~20 MB.
 */
export function registerFonts(doc: PDFKit.PDFDocument, theme: Theme, plan: FontPlan): void {
  const faces: [string, string, FontWeight][] = [
    ['latin', theme.fonts.latin, 'regular'], ['latin-bold', theme.fonts.latin, 'bold'], ['latin-italic', theme.fonts.latin, 'italic'],
    ['cjk', theme.fonts.cjk, 'regular'], ['cjk-bold', theme.fonts.cjk, 'bold'],
  ];
  for (const [name, family, weight] of faces) {
    const { file, postscriptName } = locate(family, weight);
    // pdfkit takes an opened fontkit font as well as a path (its types say only the path).
    // A face the build has opened already (the font plan reads the CJK face's character map) is not read again.
    const open = openedFace(file, postscriptName);
    if (name.startsWith('latin')) doc.registerFont(name, latinFace(file, postscriptName) as unknown as string);
    else doc.registerFont(name, (open ? cjkFace(open, file) : lazyFace(() => cjkFace(openFace(file, postscriptName), file))) as unknown as string);
  }
  const symbols = symbolsFont();
  if (symbols) doc.registerFont('symbol', symbols.file);
  plan.fallbacks.forEach((f, i) => {
    doc.registerFont(`fallback${i}`, fallbackFace(f, 'regular') as unknown as string);
    doc.registerFont(`fallback${i}-bold`, fallbackFace(f, 'bold') as unknown as string);
  });
}

/**
 * A face opened only when pdfkit first draws with it: a report without bold Chinese text never reads
 * the ~20 MB bold collection. pdfkit takes anything with a layout function for a fontkit font.
 */
function lazyFace(open: () => fontkit.Font): fontkit.Font {
  let font: fontkit.Font | undefined;
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy({} as fontkit.Font, {
    get(_, key) {
      font ??= open();
      const value = (font as unknown as Record<PropertyKey, unknown>)[key];
      if (typeof value !== 'function') return value;
      if (!bound.has(key)) bound.set(key, value.bind(font));
      return bound.get(key);
    },
  });
}

/**
 * A fallback face for pdfkit. In a right-to-left script, a glyph standing for several characters (the
 * lam-alef ligature "لا") maps back to them last first: extraction reads a right-to-left word's
 * glyphs from the right and turns each glyph's characters round with them, so "الاصطناعي" came
 * back as "االصطناعي".
 */
function fallbackFace(f: FallbackFace, weight: 'regular' | 'bold'): fontkit.Font {
  const { file, postscriptName } = f[weight];
  const font = fontkit.openSync(file, file.endsWith('.ttc') ? postscriptName : undefined);
  if (!f.rtl) return font;
  const layout = font.layout.bind(font);
  font.layout = (text: string, features?: string[] | Record<string, boolean>) => {
    const run = layout(text, features) as { direction: string; glyphs: { codePoints: number[] }[] };
    if (run.direction === 'rtl') {
      run.glyphs = run.glyphs.map((g) => (g.codePoints.length > 1 ? Object.create(g, { codePoints: { value: [...g.codePoints].reverse() } }) : g));
    }
    return run;
  };
  return font;
}

/**
 * A Latin face whose layout leaves out mark positioning where the text has no marks. fontkit decodes
 * every lookup of the features it applies, and Noto Sans's mark tables (for combining accents across
 * Latin, Greek and Cyrillic) are large: ~0.1 s of the report's build for three faces, for text that has
 * no mark to place. Text with a mark, or a letter that decomposes into one (é), keeps every feature.
 */
export function latinFace(file: string, postscriptName?: string): fontkit.Font {
  const key = `${file}#${postscriptName ?? ''}`;
  let font = latinFaces.get(key);
  if (font) return font;
  // The one instance the font plan and the deck's measuring use too: opened once, changed once.
  font = openFace(file, postscriptName);
  const layout = font.layout.bind(font);
  font.layout = (text: string, features?: string[] | Record<string, boolean>) =>
    layout(text, features ?? (HAS_MARK.test(text.normalize('NFD')) ? undefined : { mark: false, mkmk: false }));
  latinFaces.set(key, font);
  return font;
}
const HAS_MARK = /\p{M}/u;
const latinFaces = new Map<string, fontkit.Font>();

let symbolsChecked = false;
let symbols: { file: string } | undefined;
/** Emoji and pictographs come from Symbola when it is installed. */
function symbolsFont(): { file: string } | undefined {
  if (!symbolsChecked) {
    symbolsChecked = true;
    try {
      symbols = locate(SYMBOLS_FAMILY, 'regular');
    } catch {
      symbols = undefined;
    }
  }
  return symbols;
}

/** The registered name of a face in a style (a fallback or CJK face has no italic: it stays upright). */
export function fontName(face: Exclude<Face, 'none'>, plan?: FontPlan, style: Style = {}): string {
  if (typeof face === 'object') return `fallback${plan!.fallbacks.indexOf(face)}${style.bold ? '-bold' : ''}`;
  if (face === 'symbol') return symbolsFont() ? 'symbol' : 'latin';
  if (face === 'cjk') return style.bold ? 'cjk-bold' : 'cjk';
  return style.bold ? 'latin-bold' : style.italic ? 'latin-italic' : 'latin';
}

const WORD_JOINER = '\u2060';

/** Text of printable ASCII, tabs and line breaks only: most of what a report holds. */
const PLAIN_ASCII = /^[\t\n\r\x20-\x7e]*$/;

/** Splits text into stretches of one face each, so each is drawn with a font that has its glyphs. */
export function splitByFace(text: string, plan: FontPlan): { text: string; face: Exclude<Face, 'none'> }[] {
  // No piece for no text: pdfkit draws an empty continued piece as wide as the piece before it.
  if (!text) return [];
  if (plan.asciiIsLatin && PLAIN_ASCII.test(text)) return [{ text, face: 'latin' }];
  const out: { text: string; face: Exclude<Face, 'none'> }[] = [];
  for (const ch of text) {
    const face = plan.faceOf(ch);
    // Joiners, variation selectors and marks of direction draw nothing (a font without them would draw a box).
    // But the word joiner that keeps "2022–2027" on one line (keepTogether) stays, with the text before
    // it: pdfkit's line breaker needs it, and the Latin faces draw it with no width and no box. (The CJK
    // face has no glyph for it: at the end of a CJK piece it has nothing to join.)
    if (face === 'none' && ch === WORD_JOINER && out.length && out[out.length - 1].face !== 'cjk') { out[out.length - 1].text += ch; continue; }
    if (face === 'none') continue;
    const last = out[out.length - 1];
    if (last && last.face === face) last.text += ch;
    else out.push({ text: ch, face });
  }
  return out;
}
