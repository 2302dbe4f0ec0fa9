// fontkit ships no types; the little of it the deck's text measuring and the report's fonts use.
declare module 'fontkit' {
  export interface Glyph { advanceWidth: number }
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    glyphForCodePoint(codePoint: number): Glyph;
    /** The glyphs the character map gives for each character, unshaped. */
    glyphsForString(text: string): Glyph[];
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** Shapes text; features: tags to apply, or tag → on/off over the defaults. */
    layout(text: string, features?: string[] | Record<string, boolean>): unknown;
  }
  export function openSync(file: string, postscriptName?: string): Font;
}
