// Shared by the tables of bad inputs: the shape of a case, and how the cases spoil a project.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Project } from './harness.ts';

export interface BadInput {
  name: string;
  /** The class of mistake (issue 13's list). */
  kind: 'file system' | 'self-harm' | 'encoding' | 'values' | 'ids' | 'templates' | 'derived' | 'theme' | 'recipients' | 'dubious';
  /** Spoils the copied project; returns the CLI arguments when they are not the plain build. */
  arrange(p: Project): string[] | void;
  /** Where the message must point: a path relative to the project, with :line[:column] when there is one. */
  where(p: Project): string;
  /** What the message must say: the field or the problem, in the user's terms. */
  says: RegExp;
  /** 2 unless the input is legitimate after all (then the build must succeed). */
  exit?: 0 | 2;
  /** For a build that must succeed: what else to check in its outputs. */
  then?: (p: Project) => void;
  /** How many problems must be reported (a root cause once, not a cascade). */
  count?: number;
  /** Run through the real executable (`unprivileged`: as a user who cannot read or write what root can). */
  via?: 'cli' | 'unprivileged';
}

/** A path of the project. */
export const file = (p: Project, rel: string) => path.join(p.dir, rel);

/** A new partial templates/partials/zz.hbs holding `text`, included at the end of the story. */
export function partial(p: Project, text: string): void {
  writeFileSync(file(p, 'templates/partials/zz.hbs'), text);
  appendFileSync(file(p, 'templates/story.hbs'), '\n{{> zz}}\n');
}

/** A new data file of the project, data/zz-case.yaml, holding `text`. */
export function data(p: Project, text: string): void {
  writeFileSync(file(p, 'data/zz-case.yaml'), text);
}

/**
 * A figure zz_case: line 2 its id, 3 label, 4 unit, 5 source, 6 `extra` (one or more lines), then
 * value: 1 unless `extra` gives a value or range.
 */
export function figure(extra: string, label = 'a figure', unit = 'models'): string {
  const value = /value:|range:/.test(extra) ? '' : '    value: 1\n';
  return `figures:\n  zz_case:\n    label: ${label}\n    unit: ${unit}\n    source: s002\n    ${extra}\n${value}`;
}

/** Lines of a file, counting a last line without its newline. */
export function lineCount(f: string): number {
  const text = readFileSync(f).toString('latin1');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

