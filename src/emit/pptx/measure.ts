// Text measured with the real fonts' metrics (fontkit), so the deck is laid out at build time:
// a title or bullet that would not fit its box is shrunk, wrapped or moved to another slide.
import { openFace, type FontPlan } from '../../fonts/index.ts';
import { fontFile, type FontFile, type Theme } from '../../theme/index.ts';
import { CJK, NO_LINE_END, NO_LINE_START, keepTogether } from '../common.ts';

interface Face {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  advance(codePoint: number): number;
}

const faces = new Map<string, Face>();
/** Letters and digits LibreOffice spaces from Asian text, and the space, in thousandths of an em. */
const WESTERN = /[A-Za-z0-9\u00c0-\u024f]/;
const ASIAN_WESTERN_SPACE = 250;
type SpacingKind = 'cjk' | 'western' | undefined;
const spacingKind = (ch: string | undefined): SpacingKind => (!ch ? undefined : CJK.test(ch) ? 'cjk' : WESTERN.test(ch) ? 'western' : undefined);
/** Joiners and selectors a viewer draws with no width (the font may give them one). */
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfe0f, 0xfeff]);

function face(family: string, bold: boolean, known?: FontFile): Face {
  const key = `${family}:${bold}`;
  let f = faces.get(key);
  if (!f) {
    const { file, postscriptName } = known ?? fontFile(family, bold ? 'bold' : 'regular');
    const opened = openFace(file, postscriptName);
    const widths = new Map<number, number>();
    f = {
      unitsPerEm: opened.unitsPerEm, ascent: opened.ascent, descent: opened.descent,
      advance(cp) {
        if (ZERO_WIDTH.has(cp)) return 0;
        let w = widths.get(cp);
        if (w === undefined) widths.set(cp, (w = opened.glyphForCodePoint(cp).advanceWidth));
        return w;
      },
    };
    faces.set(key, f);
  }
  return f;
}

export interface Measurer {
  /** Width in points of text at a size. */
  width(text: string, size: number, bold?: boolean): number;
  /** Height of one line in points (the taller of the Latin and CJK faces when the text has CJK). */
  lineHeight(text: string, size: number): number;
  /** Lines the text wraps to in a box width (points), breaking at spaces, and anywhere in CJK. */
  wrap(text: string, size: number, widthPt: number, bold?: boolean): string[];
  /** Width in points of the widest piece of text no line breaks inside (a word; an ideograph with its punctuation). */
  widestPiece(text: string, size: number, bold?: boolean): number;
  /**
   * The text as drawn in a line of that width: ranges and compounds kept together (keepTogether),
   * those wider than the line left free to break at their dash. wrap measures the same.
   */
  keep(text: string, size: number, widthPt: number, bold?: boolean): string;
}

/** A measurer in the theme's fonts; with a font plan, text in other scripts in the fallback that draws it. */
export function createMeasurer(theme: Theme, fonts?: FontPlan): Measurer {
  // Looked up once per weight: width() asks for the face of every character of Chinese text.
  const weights = (family: string) => {
    const byWeight: [Face?, Face?] = [];
    return (bold: boolean) => (byWeight[+bold] ??= face(family, bold));
  };
  const latin = weights(theme.fonts.latin);
  const cjk = weights(theme.fonts.cjk);
  const faceOf = (ch: string, bold: boolean, l: Face): Face => {
    if (CJK.test(ch)) return cjk(bold);
    const planned = fonts?.faceOf(ch);
    if (typeof planned === 'object') return face(planned.family, bold, bold ? planned.bold : planned.regular);
    return planned === 'cjk' ? cjk(bold) : l;
  };
  const emHeight = (f: Face) => (f.ascent - f.descent) / f.unitsPerEm;

  const width = (text: string, size: number, bold = false) => {
    let units = 0;
    const l = latin(bold);
    let last: SpacingKind;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const f = ch.charCodeAt(0) < 0x250 ? l : faceOf(ch, bold, l);
      units += (f.advance(cp) / f.unitsPerEm) * 1000;
      // LibreOffice sets a quarter em between Asian and Western letters or digits ("1万～1.5万欧元"
      // is drawn 4 quarters wider): counted, so a tile measured to fit is drawn in it. PowerPoint
      // adds none, and then has room to spare.
      const kind = spacingKind(ch);
      if (kind && last && kind !== last) units += ASIAN_WESTERN_SPACE;
      last = kind;
    }
    return (units / 1000) * size;
  };

  const keep = (text: string, size: number, widthPt: number, bold = false) => keepTogether(text, (phrase) => width(phrase, size, bold) <= widthPt);

  return {
    width,
    keep,
    widestPiece: (text, size, bold = false) => Math.max(0, ...text.split('\n').flatMap(tokensOf).map((t) => width(t.trim(), size, bold))),
    lineHeight(text, size) {
      // As a viewer sets a line: as tall as the tallest face any of its characters is drawn in (the
      // Arabic and Devanagari faces stand taller than the Latin one; a table row of Arabic was drawn
      // taller than it was planned).
      const l = latin(false);
      let em = emHeight(l);
      for (const ch of text) if (ch.charCodeAt(0) >= 0x250) em = Math.max(em, emHeight(faceOf(ch, false, l)));
      return em * size;
    },
    wrap(text, size, widthPt, bold = false) {
      const lines: string[] = [];
      // As drawn: ranges and compounds that fit the line wrap as one word.
      for (const paragraph of keep(text, size, widthPt, bold).split('\n')) {
        const tokens = tokensOf(paragraph);
        let line = '';
        // A width is the sum of its characters' advances, so the line's is kept as tokens join it,
        // not measured again from its start for each one (a Chinese line is a token per character).
        let lineWidth = 0;
        const trimmedWidth = (text: string, full: number) => {
          const trail = text.length - text.trimEnd().length;
          return trail ? full - width(text.slice(-trail), size, bold) : full;
        };
        for (const token of tokens) {
          const candidate = line + token;
          // The quarter em LibreOffice sets where the line's last character and the token's first are of the two kinds.
          const before = spacingKind(line.slice(-1));
          const after = spacingKind(token[0]);
          const join = before && after && before !== after ? (ASIAN_WESTERN_SPACE / 1000) * size : 0;
          const candidateWidth = lineWidth + join + width(token, size, bold);
          if (line && trimmedWidth(candidate, candidateWidth) > widthPt) {
            lines.push(line.trimEnd());
            line = token.trimStart();
            lineWidth = width(line, size, bold);
          } else {
            line = candidate;
            lineWidth = candidateWidth;
          }
          // A single token wider than the box is cut: after a dash or slash that fits ("（2025—" | "2030年），"), else by characters.
          while (trimmedWidth(line, lineWidth) > widthPt && line.length > 1) {
            let cut = line.length - 1;
            while (cut > 1 && width(line.slice(0, cut), size, bold) > widthPt) cut--;
            const afterDash = Math.max(...[...'-\u2013\u2014/'].map((d) => line.lastIndexOf(d, cut - 1))) + 1;
            if (afterDash > 1) cut = afterDash;
            // Never a closing mark at a line's start nor an opening one at its end ("（LFP）" in a
            // narrow column): such a piece stays whole and runs over.
            if (NO_LINE_START.test(line[cut]) || NO_LINE_END.test(line[cut - 1])) break;
            lines.push(line.slice(0, cut));
            line = line.slice(cut);
            lineWidth = width(line, size, bold);
          }
        }
        lines.push(line.trimEnd());
      }
      return lines;
    },
  };
}

/**
 * The pieces a line may break between: words with their trailing space, and single CJK characters,
 * joined where no line may break (a no-break space, U+00A0, joins its neighbours into one word).
 */
function tokensOf(paragraph: string): string[] {
  return unbreakable(paragraph.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^ \t\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+[ \t]*|[ \t]+/g) ?? ['']);
}

/**
 * Tokens joined where no line may break, as Chinese typesetting and the viewers do: a closing mark
 * (。，）》…) stays with what comes before it, an opening mark (（《「…) with what follows, and a word
 * joiner holds its neighbours.
 */
function unbreakable(tokens: string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    const glued = last !== undefined && (NO_LINE_START.test(token[0]) || token[0] === '\u2060' || (!/\s$/.test(last) && (NO_LINE_END.test(last[last.length - 1]) || last.endsWith('\u2060'))));
    if (glued) out[out.length - 1] = last + token;
    else out.push(token);
  }
  return out;
}
