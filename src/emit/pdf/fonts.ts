// The report's fonts: embedded (subset) Noto Sans for Latin text, Noto Sans CJK for Chinese, and a
// symbols font for emoji, so every character a source or a user wrote is drawn and extracts back.
import { fontFile, SYMBOLS_FAMILY, type FontWeight, type Theme } from '../../theme/index.ts';
import * as fontkit from 'fontkit';
import { CJK } from '../common.ts';

export type Script = 'latin' | 'cjk' | 'symbol';
export interface Style { bold?: boolean; italic?: boolean }

const SYMBOL = /[\p{Extended_Pictographic}\u{1F000}-\u{1FAFF}]/u;

/** Where a face is: its file, and the face's name inside a collection (.ttc). */
function locate(family: string, weight: FontWeight): { file: string; postscriptName?: string } {
  const { file, postscriptName } = fontFile(family, weight);
  return { file, postscriptName: file.endsWith('.ttc') ? postscriptName : undefined };
}

/**
 * Registers the report's fonts with a pdfkit document under stable names. By path, not by bytes:
 * pdfkit reads a font only when text uses it, and the CJK collection alone is ~20 MB.
 */
export function registerFonts(doc: PDFKit.PDFDocument, theme: Theme): void {
  const faces: [string, string, FontWeight][] = [
    ['latin', theme.fonts.latin, 'regular'], ['latin-bold', theme.fonts.latin, 'bold'], ['latin-italic', theme.fonts.latin, 'italic'],
    ['cjk', theme.fonts.cjk, 'regular'], ['cjk-bold', theme.fonts.cjk, 'bold'],
  ];
  for (const [name, family, weight] of faces) {
    const { file, postscriptName } = locate(family, weight);
    // pdfkit takes an opened fontkit font as well as a path (its types say only the path).
    if (name.startsWith('latin')) doc.registerFont(name, latinFace(file, postscriptName) as unknown as string);
    else doc.registerFont(name, file, postscriptName as string);
  }
  const symbols = symbolsFont();
  if (symbols) doc.registerFont('symbol', symbols.file);
}

/**
 * A Latin face whose layout leaves out mark positioning where the text has no marks. fontkit decodes
 * every lookup of the features it applies, and Noto Sans's mark tables (for combining accents across
 * Latin, Greek and Cyrillic) are large: ~0.1 s of the report's build for three faces, for text that has
 * no mark to place. Text with a mark, or a letter that decomposes into one (é), keeps every feature.
 */
export function latinFace(file: string, postscriptName?: string): fontkit.Font {
  const font = fontkit.openSync(file, postscriptName);
  const layout = font.layout.bind(font);
  font.layout = (text: string, features?: string[] | Record<string, boolean>) =>
    layout(text, features ?? (HAS_MARK.test(text.normalize('NFD')) ? undefined : { mark: false, mkmk: false }));
  return font;
}
const HAS_MARK = /\p{M}/u;

let symbolsChecked = false;
let symbols: { file: string } | undefined;
/** Emoji and pictographs come from Symbola when it is installed; without it they are left out. */
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

export function fontName(script: Script, style: Style = {}): string {
  if (script === 'symbol') return symbolsFont() ? 'symbol' : 'latin';
  if (script === 'cjk') return style.bold ? 'cjk-bold' : 'cjk';
  return style.bold ? 'latin-bold' : style.italic ? 'latin-italic' : 'latin';
}

/**
 * The language text in a script is read in (BCP 47), for a screen reader's voice: Han characters are
 * read as Chinese unless the text has kana (Japanese) or Hangul (Korean). Latin text and symbols
 * are in the document's language (undefined).
 */
export function scriptLanguage(script: Script, text: string): string | undefined {
  if (script !== 'cjk') return undefined;
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text)) return 'ko';
  return 'zh';
}

/** Splits text into runs of one script each, so each is drawn with a font that has its glyphs. */
export function splitByScript(text: string): { text: string; script: Script }[] {
  const out: { text: string; script: Script }[] = [];
  for (const ch of text) {
    const script: Script = CJK.test(ch) ? 'cjk' : SYMBOL.test(ch) ? 'symbol' : 'latin';
    // Variation selectors and joiners belong to the emoji before them.
    if (/[\u{FE0F}\u{200D}]/u.test(ch)) continue;
    if (script === 'symbol' && !symbolsFont()) continue;
    const last = out[out.length - 1];
    if (last && last.script === script) last.text += ch;
    else out.push({ text: ch, script });
  }
  return out;
}
