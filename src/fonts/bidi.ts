// Right-to-left text in the order it is seen. The report draws text left to right, piece by piece;
// a paragraph holding Arabic or Hebrew is reordered here by the Unicode Bidirectional Algorithm
// (bidi-js): its embedding levels, then rule L2's reversals, then mirrored brackets. Each
// right-to-left word stays in reading order, as fontkit wants it for shaping (Arabic letters join by
// their neighbours), and fontkit turns its glyphs around itself; everything else that must read
// backwards is turned here. Words stay separate pieces, so that text extraction sees word breaks.
import bidiModule, { type Bidi } from 'bidi-js';

// A CommonJS module whose types describe an ES default export: under NodeNext the factory is at
// `.default` of what `import` gives; in the bundle it is the default itself.
const loaded = bidiModule as unknown as { default?: () => Bidi } & (() => Bidi);
const bidiFactory: () => Bidi = loaded.default ?? loaded;
let bidi: Bidi | undefined;
const engine = (): Bidi => (bidi ??= bidiFactory());

/** Characters of the right-to-left blocks (Hebrew, Arabic, Syriac, Thaana, N'Ko, …, their presentation forms). */
export const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
/** Scripts fontkit lays out right to left: it reverses a string's glyphs when its first script is one (compiled when first needed). */
let rtlScript: RegExp | undefined;
let scriptChar: RegExp | undefined;

/** A piece of text placed for drawing: its level (odd: right to left) and, inside right-to-left text, which run it belongs to. */
export type Placed<T> = T & {
  /** Absent where the paragraph has no right-to-left text (then everything is at the paragraph's level). */
  level?: number;
  /** The right-to-left run (numbered in the paragraph) this piece is part of, and that run's text in reading order. */
  rtlRun?: { id: number; text: string };
  /** Where the piece's text starts in its paragraph (UTF-16 units), when it was ordered. */
  start?: number;
  /** The piece's text in reading order, where it is drawn turned round. */
  reading?: string;
};

/** Languages written right to left (BCP 47 primary subtags). */
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ckb', 'syr', 'nqo']);

/** The direction paragraphs of a document in this language run in. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(lang.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/** Whether a string holds right-to-left text at all (most do not: then nothing is reordered). */
export function hasRtl(text: string): boolean {
  return RTL_CHAR.test(text);
}

/** A paragraph's embedding levels (one per UTF-16 unit) and its own level (odd: right to left). */
export interface Levels { levels: Uint8Array; baseLevel: number }

/**
 * The embedding levels of a paragraph's text. `base` 'auto' takes the paragraph's direction from its
 * first strong letter (rules P2, P3: what HTML's dir="auto" does), left to right if it has none.
 */
export function paragraphLevels(text: string, base: 'ltr' | 'rtl' | 'auto'): Levels {
  const { levels, paragraphs } = engine().getEmbeddingLevels(text, base === 'auto' ? undefined : base);
  return { levels, baseLevel: paragraphs[0]?.level ?? (base === 'rtl' ? 1 : 0) };
}

/** Whether a paragraph runs right to left by its first strong letter (as dir="auto" decides). */
export function startsRtl(text: string): boolean {
  return hasRtl(text) && paragraphLevels(text, 'auto').baseLevel % 2 === 1;
}

/**
 * The pieces of one paragraph in the order they are drawn, left to right, in a paragraph of the
 * document's direction (`base`: an English edition's paragraphs run left to right even when they
 * start with an Arabic title). Pieces are split where the level changes and, inside right-to-left
 * text, at spaces. Text with no right-to-left character comes back as it is. This orders the
 * paragraph as one line: text that wraps is broken into lines first (src/emit/pdf/lines.ts) and
 * each line ordered on its own (`orderLine`).
 */
export function visualOrder<T extends { text: string }>(pieces: T[], base: 'ltr' | 'rtl' = 'ltr'): { pieces: Placed<T>[]; rtl: boolean } {
  // Nearly all text has no right-to-left letter: it is drawn as it is, without copying.
  if (!pieces.some((p) => RTL_CHAR.test(p.text))) return { pieces: pieces as Placed<T>[], rtl: base === 'rtl' };
  const levels = paragraphLevels(pieces.map((p) => p.text).join(''), base);
  return { pieces: orderLine(pieces, levels, 0), rtl: levels.baseLevel % 2 === 1 };
}

/** Whitespace (and isolate marks) that rule L1 puts back at the paragraph's level at the end of a line. */
const TRAILING = /[ \t\u1680\u2000-\u200a\u2028\u205f\u3000\u2066-\u2069]/;

/**
 * One line of a paragraph in drawing order: `pieces` are the line's text in reading order, starting
 * `offset` UTF-16 units into the paragraph whose levels are given. Rule L1 puts the line's trailing
 * spaces at the paragraph's level, rule L2 reverses. Each piece drawn says where its text starts in
 * the paragraph (`start`). Right-to-left runs are numbered on from `runs` (so that runs of several
 * lines have ids of their own), and a piece for which `breaksRun` holds (a link) is in none.
 */
export function orderLine<T extends { text: string }>(pieces: T[], { levels: all, baseLevel }: Levels, offset: number,
  runs = { count: 0 }, breaksRun: (p: T) => boolean = () => false): Placed<T>[] {
  const text = pieces.map((p) => p.text).join('');
  const levels = all.slice(offset, offset + text.length);
  for (let i = text.length - 1; i >= 0 && TRAILING.test(text[i]); i--) levels[i] = baseLevel;

  // Split by level and, where the level is odd, between words, spaces and the signs around them
  // (brackets are mirrored here, letters by fontkit). Offsets count UTF-16 units, as bidi-js does.
  const kind = (ch: string) => (ch === ' ' ? 0 : RTL_CHAR.test(ch) ? 1 : 2);
  const split: (Placed<T> & { level: number; start: number })[] = [];
  let at = 0;
  for (const piece of pieces) {
    let start = 0;
    const units = piece.text;
    for (let i = 1; i <= units.length; i++) {
      const level = levels[at + start];
      const boundary = i === units.length || levels[at + i] !== level
        || (level % 2 === 1 && !isLowSurrogate(units, i) && kind(units[i]) !== kind(units[i - 1]));
      if (boundary) {
        split.push({ ...piece, text: units.slice(start, i), level, start: offset + at + start });
        start = i;
      }
    }
    at += units.length;
  }

  // Number the right-to-left runs (logical stretches above the paragraph's level: a number inside
  // Arabic text is part of its run) and keep their reading-order text.
  let run: { id: number; text: string } | undefined;
  for (const p of split) {
    if ((p.level > baseLevel || (baseLevel % 2 === 1 && p.level === baseLevel)) && !breaksRun(p)) {
      if (!run) run = { id: ++runs.count, text: '' };
      run.text += p.text;
      p.rtlRun = run;
    } else {
      run = undefined;
    }
  }

  // L2: from the highest level down to the lowest odd one, reverse every stretch at that level or higher.
  const highest = Math.max(...split.map((p) => p.level));
  const lowestOdd = Math.min(...split.filter((p) => p.level % 2 === 1).map((p) => p.level), highest);
  for (let level = highest; level >= lowestOdd && level > 0; level--) {
    for (let i = 0; i < split.length; i++) {
      if (split[i].level < level) continue;
      let j = i;
      while (j + 1 < split.length && split[j + 1].level >= level) j++;
      split.splice(i, j - i + 1, ...split.slice(i, j + 1).reverse());
      i = j;
    }
  }

  // A piece whose characters read backwards (odd level) that fontkit will not turn, or one fontkit
  // turns that must read forwards (Arabic-Indic digits at an even level), is turned here.
  for (const p of split) {
    if ((p.level % 2 === 1) !== fontkitReverses(p.text)) {
      p.reading = p.text;
      p.text = mirrored(p.text, p.level % 2 === 1);
    }
  }
  return split;
}

/** Whether position i is the second half of a surrogate pair (never split there). */
function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Whether fontkit lays the string out right to left (its first letter's script is a right-to-left one). */
function fontkitReverses(text: string): boolean {
  scriptChar ??= /[^\p{Script=Common}\p{Script=Inherited}]/u;
  rtlScript ??= /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
  const first = scriptChar.exec(text)?.[0];
  return first !== undefined && rtlScript.test(first);
}

/** The characters in reverse order; brackets and the like mirrored when the text reads right to left. */
function mirrored(text: string, rtl: boolean): string {
  return [...text].reverse().map((ch) => (rtl ? engine().getMirroredCharacter(ch) ?? ch : ch)).join('');
}
