// Which installed font draws each character of a document. The theme's Latin and CJK fonts (and the
// symbols font) draw what they have; for any other script (Arabic, Hebrew, Devanagari, Thai, …)
// fontconfig is asked for the family the theme's own family has for it ("Noto Sans Arabic" for
// "Noto Sans"), else for any font with those characters. Only the theme's fonts' character maps are
// read, and a fallback's only when the document needs it: no build walks every installed font.
// Characters no installed font has are returned as missing: the build refuses them (file:line).
import { execFile } from 'node:child_process';
import * as fontkit from 'fontkit';
import { fontFile, SYMBOLS_FAMILY, type FontFile, type Theme } from '../theme/index.ts';
import type { Document } from '../types.ts';
import { CJK, INVISIBLE, RTL_SCRIPTS, SYMBOL, scriptOf } from './scripts.ts';

/** A family drawing characters the theme's fonts lack, and the script it was found for. */
export interface FallbackFace {
  family: string;
  script: string;
  regular: FontFile;
  bold: FontFile;
  /** Written right to left (Arabic, Hebrew, …). */
  rtl: boolean;
}

/** The face a character is drawn with: one of the theme's, a fallback, or none (it draws nothing: a joiner, a mark of direction). */
export type Face = 'latin' | 'cjk' | 'symbol' | 'none' | FallbackFace;

export interface FontPlan {
  /** The face that draws a character. Text no installed font has gets 'latin' (the build refuses it first). */
  faceOf(ch: string): Face;
  /** Whether the theme's CJK face has a character (a Latin word next to Chinese punctuation is drawn in it). */
  cjkDraws(ch: string): boolean;
  /** Whether the theme's Latin face draws every printable ASCII character (then such text needs no look-up). */
  readonly asciiIsLatin: boolean;
  /** Every fallback the document needs, in the order first met. */
  readonly fallbacks: FallbackFace[];
  /** Characters no installed font draws, with their script. */
  readonly missing: { char: string; script: string }[];
}

/** Opened fonts by file and face: the character maps are read once a process. */
const opened = new Map<string, fontkit.Font>();

/** A face already opened this process, or undefined (it is not opened for the asking). */
export function openedFace(file: string, postscriptName?: string): fontkit.Font | undefined {
  return opened.get(`${file}#${postscriptName ?? ''}`);
}

/** A font file's face, opened once (fontkit reads tables as they are used). */
export function openFace(file: string, postscriptName?: string): fontkit.Font {
  const key = `${file}#${postscriptName ?? ''}`;
  let font = opened.get(key);
  if (!font) opened.set(key, (font = fontkit.openSync(file, file.endsWith('.ttc') ? postscriptName : undefined)));
  return font;
}

/** The theme's fonts, opened as they are needed: which of them draws a character (undefined: none). */
function themeFace(theme: Theme): ((ch: string) => Exclude<Face, FallbackFace> | undefined) & { cjkHas(cp: number): boolean } {
  const latin = face(theme.fonts.latin);
  let cjk: fontkit.Font | undefined | null = null;
  let symbols: fontkit.Font | undefined | null = null;
  const has = (font: fontkit.Font | undefined, cp: number) => Boolean(font?.hasGlyphForCodePoint(cp));
  const cjkHas = (cp: number) => has(cjk === null ? (cjk = face(theme.fonts.cjk)) : cjk, cp);
  const symbolsHave = (cp: number) => has(symbols === null ? (symbols = face(SYMBOLS_FAMILY)) : symbols, cp);
  return Object.assign((ch: string): Exclude<Face, FallbackFace> | undefined => {
    const cp = ch.codePointAt(0)!;
    // A space is the Latin face's unless it lacks it: the ideographic space (U+3000) is the CJK face's.
    if (/\s/u.test(ch)) return has(latin, cp) || !cjkHas(cp) ? 'latin' : 'cjk';
    if (INVISIBLE.test(ch)) return 'none';
    // Chinese punctuation too is drawn in the CJK face, so that it sits with the characters around it.
    if (CJK.test(ch) && cjkHas(cp)) return 'cjk';
    if (SYMBOL.test(ch) && symbolsHave(cp)) return 'symbol';
    if (has(latin, cp)) return 'latin';
    if (cjkHas(cp)) return 'cjk';
    if (symbolsHave(cp)) return 'symbol';
    return undefined;
  }, { cjkHas });
}

function face(family: string): fontkit.Font | undefined {
  try {
    const { file, postscriptName } = fontFile(family, 'regular');
    return openFace(file, postscriptName);
  } catch {
    return undefined;
  }
}

const plans = new WeakMap<Document, Promise<FontPlan>>();

/** The font plan of a document: worked out once, shared by the build's check and both emitters. */
export function fontPlan(doc: Document, theme: Theme): Promise<FontPlan> {
  let plan = plans.get(doc);
  if (!plan) plans.set(doc, (plan = planFonts(documentText(doc), theme)));
  return plan;
}

/** Finds a font for every character of `text` the theme's fonts lack. */
export async function planFonts(text: string, theme: Theme): Promise<FontPlan> {
  const themes = themeFace(theme);
  const faces = new Map<string, Face>();
  // The characters the theme lacks, by script.
  const lacking = new Map<string, Set<string>>();
  for (const ch of text) {
    if (faces.has(ch)) continue;
    const found = themes(ch);
    faces.set(ch, found ?? 'latin');
    if (found) continue;
    const script = scriptOf(ch);
    let set = lacking.get(script);
    if (!set) lacking.set(script, (set = new Set()));
    set.add(ch);
  }
  const fallbacks: FallbackFace[] = [];
  const missing: { char: string; script: string }[] = [];
  for (const [script, chars] of lacking) {
    let rest = [...chars];
    for (const candidate of await candidates(theme.fonts.latin, script, rest)) {
      const font = openFace(candidate.regular.file, candidate.regular.postscriptName);
      const drawn = rest.filter((ch) => font.hasGlyphForCodePoint(ch.codePointAt(0)!));
      if (!drawn.length) continue;
      const known = fallbacks.find((f) => f.regular.file === candidate.regular.file && f.regular.postscriptName === candidate.regular.postscriptName);
      const fallback = known ?? { ...candidate, script, rtl: RTL_SCRIPTS.has(script) };
      if (!known) fallbacks.push(fallback);
      for (const ch of drawn) faces.set(ch, fallback);
      rest = rest.filter((ch) => !drawn.includes(ch));
      if (!rest.length) break;
    }
    missing.push(...rest.map((char) => ({ char, script })));
  }
  let asciiIsLatin = true;
  for (let cp = 0x21; cp < 0x7f && asciiIsLatin; cp++) asciiIsLatin = themes(String.fromCharCode(cp)) === 'latin';
  return {
    asciiIsLatin,
    cjkDraws: (ch) => themes.cjkHas(ch.codePointAt(0)!),
    faceOf(ch) {
      let f = faces.get(ch);
      if (f === undefined) faces.set(ch, (f = themes(ch) ?? 'latin'));
      return f;
    },
    fallbacks,
    missing,
  };
}

/**
 * Fonts that may draw a script's characters, best first: the theme family's own face for the script
 * ("Noto Sans Arabic"), then whatever fontconfig matches for the characters themselves.
 */
async function candidates(family: string, script: string, chars: string[]): Promise<Omit<FallbackFace, 'script' | 'rtl'>[]> {
  const named = `${family} ${script.replace(/_/g, ' ')}`;
  const charset = `charset=${chars.slice(0, 32).map((ch) => ch.codePointAt(0)!.toString(16)).join(' ')}`;
  const patterns = [named, `${named}:bold`, `${family}:${charset}`, `${family}:bold:${charset}`];
  const [byName, byNameBold, byChars, byCharsBold] = await fcMatch(patterns);
  const out: Omit<FallbackFace, 'script' | 'rtl'>[] = [];
  if (byName && byName.family.toLowerCase() === named.toLowerCase()) out.push({ family: byName.family, regular: byName, bold: byNameBold ?? byName });
  if (byChars) out.push({ family: byChars.family, regular: byChars, bold: byCharsBold?.family === byChars.family ? byCharsBold : byChars });
  return out;
}

/** fontconfig's best match for each pattern (one shell for all), or undefined where it has none. */
function fcMatch(patterns: string[]): Promise<((FontFile & { family: string }) | undefined)[]> {
  const format = '%{file}\\n%{postscriptname}\\n%{family[0]}';
  const script = patterns.map((p) => `fc-match -f '${format}' ${quoted(p)} || printf '\\001'; printf '\\036'`).join('; ');
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', script], { encoding: 'utf8' }, (_error, stdout) => {
      const answers = (stdout ?? '').split('\x1e');
      resolve(patterns.map((_, i) => {
        const [file, postscriptName, fam] = (answers[i] ?? '\x01').split('\n');
        return !file || file.includes('\x01') ? undefined : { file, postscriptName, family: fam ?? '' };
      }));
    });
  });
}

function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** Languages by script, for a screen reader's voice: the language most written in it. */
const SCRIPT_LANGUAGES: Record<string, string> = {
  Arabic: 'ar', Hebrew: 'he', Syriac: 'syr', Thaana: 'dv', Nko: 'nqo', Devanagari: 'hi', Bengali: 'bn', Gurmukhi: 'pa',
  Gujarati: 'gu', Oriya: 'or', Tamil: 'ta', Telugu: 'te', Kannada: 'kn', Malayalam: 'ml', Sinhala: 'si', Thai: 'th', Lao: 'lo',
  Tibetan: 'bo', Myanmar: 'my', Georgian: 'ka', Armenian: 'hy', Ethiopic: 'am', Khmer: 'km', Mongolian: 'mn', Cherokee: 'chr',
};

/**
 * The language text in a face is read in (BCP 47): Han characters as Chinese unless the text has
 * kana (Japanese) or Hangul (Korean); a fallback's text in its script's language. Latin text and
 * symbols are in the document's language (undefined).
 */
export function languageOf(face: Face, text: string): string | undefined {
  if (typeof face === 'object') return SCRIPT_LANGUAGES[face.script];
  if (face !== 'cjk') return undefined;
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(text)) return 'ko';
  return 'zh';
}

/** Every string a document draws (its origins, which name template files, left out). */
export function documentText(doc: Document): string {
  const parts: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object' && key !== 'origin') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(doc);
  return parts.join('\n');
}

/**
 * The CSS font-family list that draws every script of the document (for an HTML edition): the theme's
 * Latin family, the fallbacks, the CJK family, then the symbols font. Browsers pick per character.
 */
export function fontStack(plan: FontPlan, theme: Theme): string[] {
  return [...new Set([theme.fonts.latin, ...plan.fallbacks.map((f) => f.family), theme.fonts.cjk, SYMBOLS_FAMILY])];
}
