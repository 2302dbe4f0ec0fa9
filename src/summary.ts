// The one line a build ends with, on a terminal and in a CI log alike: what it wrote, how many slides
// and pages, and how long it took ("built out/briefing.pptx, 28 slides, and out/report.pdf, 17 pages, in 1.2 s").
import path from 'node:path';

/** The words of the summary, in one place (for the message catalogue of later editions). */
const TEXT = {
  built: (outputs: string, time: string) => `built ${outputs}, in ${time}`,
  upToDate: (outputs: string, time: string) => `up to date: ${outputs} (nothing changed since the last build; ${time})`,
  slides: (n: number) => `${n} slide${n === 1 ? '' : 's'}`,
  pages: (n: number) => `${n} page${n === 1 ? '' : 's'}`,
  and: (list: string[]) => (list.length > 1 ? `${list.slice(0, -1).join(', ')}, and ${list[list.length - 1]}` : list.join('')),
} as const;

export interface BuiltOutputs {
  files: string[];
  pages: (number | undefined)[];
  upToDate: boolean;
}

/** The summary of a build that took `ms`, its files named relative to `cwd`. */
export function buildSummary(result: BuiltOutputs, ms: number, cwd = process.cwd()): string {
  const outputs = result.files.map((file, i) => {
    const name = path.relative(cwd, file) || file;
    const n = result.pages[i];
    if (n === undefined) return name;
    return `${name}, ${file.endsWith('.pptx') ? TEXT.slides(n) : TEXT.pages(n)}`;
  });
  return (result.upToDate ? TEXT.upToDate : TEXT.built)(TEXT.and(outputs), duration(ms));
}

/** "850 ms", "1.2 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
