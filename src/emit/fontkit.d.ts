// fontkit ships no types; the little of it the deck's text measuring uses.
declare module 'fontkit' {
  export interface Glyph { advanceWidth: number }
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    glyphForCodePoint(codePoint: number): Glyph;
  }
  export function openSync(file: string, postscriptName?: string): Font;
}
