// Lines as a reader sees them, read back from a PDF with poppler, and the rules Chinese line breaking
// keeps: no line starts with closing punctuation or ends with opening punctuation, and Latin words
// and numbers are never cut across lines.
import { execFileSync } from 'node:child_process';
import { unescapeXml } from './run.ts';

/** Punctuation a Chinese line may not start with. */
export const CLOSING = '。，、；：？！）》」』】';
/** Punctuation a Chinese line may not end with. */
export const OPENING = '（《「『【';

/** Every line of a PDF, per page, as pdftotext lays it out (-bbox-layout: its own lines, its words joined by spaces). */
export function pdfLines(file: string): string[][] {
  const xhtml = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...xhtml.matchAll(/<page\b[\s\S]*?<\/page>/g)].map(([page]) => [...page.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)]
    .map(([, line]) => [...line.matchAll(/<word\b[^>]*>([^<]*)<\/word>/g)].map((w) => unescapeXml(w[1])).join(' ').replaceAll('\u2060', '')));
}

/** The lines that break a rule of Chinese line breaking: "starts with ，", "ends with （". */
export function punctuationBreaks(lines: string[]): string[] {
  return lines.flatMap((raw) => {
    const line = raw.trim();
    if (!line) return [];
    const out: string[] = [];
    if (CLOSING.includes(line[0])) out.push(`starts with ${line[0]}: ${line}`);
    if (OPENING.includes(line[line.length - 1])) out.push(`ends with ${line[line.length - 1]}: ${line}`);
    return out;
  });
}

/**
 * The Latin words and numbers of `words` that lines cut in two: each occurs (as a whole word: "5G" is
 * not in "45 GWh") as often inside single lines as in the lines run together. Only words that occur count.
 */
export function cutWords(lines: string[], words: string[]): string[] {
  const joined = lines.map((l) => l.trim()).join('');
  const count = (text: string, word: string) => text.split(new RegExp(`(?<![A-Za-z0-9.])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`)).length - 1;
  return words.filter((w) => count(joined, w) > 0 && lines.reduce((n, l) => n + count(l, w), 0) < count(joined, w));
}
