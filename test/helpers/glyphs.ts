// Whether every character of a file is drawn with a font that has its glyph: the report's text runs
// read with pdf.js (each run's font, named in the PDF) and the deck's runs with the faces PowerPoint
// picks for each character (ea for East Asian text, latin for the rest), each checked in the
// installed font file itself with fontkit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { CJK, INVISIBLE } from '../../src/fonts/scripts.ts';
import { unescapeXml } from './run.ts';

const fonts = new Map<string, fontkit.Font>();
/** The installed face fontconfig gives a pattern (a family, or `:postscriptname=…`). */
function installed(pattern: string): fontkit.Font {
  let font = fonts.get(pattern);
  if (!font) {
    const [file, postscriptName] = execFileSync('fc-match', ['-f', '%{file}\n%{postscriptname}', pattern], { encoding: 'utf8' }).split('\n');
    fonts.set(pattern, (font = fontkit.openSync(file, file.endsWith('.ttc') ? postscriptName : undefined) as fontkit.Font));
  }
  return font;
}

const drawsNothing = (ch: string) => INVISIBLE.test(ch);

/** "NotoSansCJKsc-Regular: 。" for each character of the PDF drawn with a font without its glyph. */
export async function pdfMissingGlyphs(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out = new Set<string>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    await page.getOperatorList();
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      const font = page.commonObjs.get(item.fontName) as { name: string };
      const postscriptName = font.name.replace(/^[A-Z]{6}\+/, '');
      const face = installed(`:postscriptname=${postscriptName}`);
      if ((face as unknown as { postscriptName: string }).postscriptName !== postscriptName) { out.add(`${postscriptName}: not installed`); continue; }
      for (const ch of item.str) {
        // pdfkit writes a character its font lacks as that font's .notdef glyph, which reads back as U+0000.
        if (ch === '\0') out.add(`${postscriptName}: .notdef (a character the font lacks)`);
        else if (!drawsNothing(ch) && !face.hasGlyphForCodePoint(ch.codePointAt(0)!)) out.add(`${postscriptName}: ${ch}`);
      }
    }
  }
  await pdf.destroy();
  return [...out];
}

/** "Noto Sans: 。" for each character of the slides drawn in a face without its glyph (the face PowerPoint picks for it). */
export function deckMissingGlyphs(slides: string[]): string[] {
  const out = new Set<string>();
  for (const xml of slides) {
    for (const [, props, text] of xml.matchAll(/<a:r>\s*<a:rPr\b([\s\S]*?)(?:\/>|<\/a:rPr>)\s*<a:t>([^<]*)<\/a:t>/g)) {
      const latin = /<a:latin typeface="([^"]+)"/.exec(props)?.[1];
      const ea = /<a:ea typeface="([^"]+)"/.exec(props)?.[1] ?? latin;
      for (const ch of unescapeXml(text)) {
        if (drawsNothing(ch)) continue;
        const family = CJK.test(ch) ? ea : latin;
        if (!family) { out.add(`no typeface: ${ch}`); continue; }
        if (!installed(family).hasGlyphForCodePoint(ch.codePointAt(0)!)) out.add(`${family}: ${ch}`);
      }
    }
  }
  return [...out];
}
