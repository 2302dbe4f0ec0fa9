// The compose stage renders templates to Markdown, then parses that Markdown into the Document.
// Data must never become markup: every string from data is backslash-escaped for Markdown, and
// blocks/citations travel as HTML comments, which escaped data can never produce (its `<` is escaped).

const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|<>&~^="':;,?@$%/]/g;

/** Escapes text for the Markdown step so that it renders literally, whatever it contains. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
}

/** A marker the templates' helpers emit and the parser turns back into a block or a citation. */
export type Marker =
  /** floats: a figure's citation, which moves to the end of the claim the figure is part of. */
  | { kind: 'cite'; source: string; floats?: boolean }
  | { kind: 'block'; block: string; id: string; ids?: string[] }
  | { kind: 'open' | 'close'; region: Region; title?: string };

/** What {{#notes}}, {{#deck}}, {{#report}} and {{#callout}} hold: their content, between an open and a close marker. */
export type Region = 'notes' | 'deck' | 'report' | 'callout';

const PREFIX = '<!--bs ';
const SUFFIX = '-->';

export function markerText(marker: Marker): string {
  // JSON with `-` escaped, so that no value can close the comment early.
  return PREFIX + JSON.stringify(marker).replace(/-/g, '\\u002d') + SUFFIX;
}

/** Block markers stand alone between blank lines so that Markdown sees an HTML block. */
export function blockMarkerText(marker: Marker): string {
  return `\n\n${markerText(marker)}\n\n`;
}

export function parseMarker(html: string): Marker | undefined {
  const text = html.trim();
  if (!text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) return undefined;
  try {
    return JSON.parse(text.slice(PREFIX.length, -SUFFIX.length)) as Marker;
  } catch {
    return undefined;
  }
}
