// The problems validation gathers, each at its place in the data, and the ids whose records are wrong:
// a reference to such an id is not reported again (the root cause is reported once, at the record).
import type { z } from 'zod';
import type { Problem } from '../errors.ts';
import { own } from '../ids.ts';
import type { SourceFile } from '../types.ts';
import { FIELD_HINTS } from './schema.ts';

/** Id namespaces: figures and derived figures share one, because templates name both with {{fig}}. */
export type Space = 'edition' | 'sources' | 'figures' | 'collections' | 'charts' | 'variants';

export class Problems {
  readonly list: Problem[] = [];
  private readonly broken = new Set<string>();

  at(file: SourceFile, path: (string | number)[], message: string, hint?: string, of?: 'key'): void {
    // A trap of the file's syntax (a comma inside { … }) explains the problem better than the field's hint.
    this.list.push({ message, ...file.positionOf(path, of), field: fieldName(path), hint: file.trapAt?.(path) ?? hint });
  }

  /** Marks a record as wrong: references to it stay silent. */
  markBroken(space: Space, id: string): void {
    this.broken.add(`${space}:${id}`);
  }

  isBroken(space: Space, id: string): boolean {
    return this.broken.has(`${space}:${id}`);
  }
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is missing';
  if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, not ${shown(issue.input)}`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value' && issue.input === undefined) return 'is missing';
  if (issue.code === 'invalid_value') return `${shown(issue.input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    const op = issue.input && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[String(issue.discriminator)] : issue.input;
    return op === undefined ? 'is missing' : `op ${shown(op)} is not a known formula`;
  }
  return issue.message;
}

export function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'unrecognized_keys') return 'check the spelling; see docs/DATA.md for the fields each record takes';
  if (issue.code === 'invalid_union') return FIELD_HINTS.op;
  const last = [...issue.path].reverse().find((p) => typeof p === 'string');
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    // "labels: [2023]": an item of a list has no key of its own to show.
    const key = issue.path[issue.path.length - 1];
    const quoted = textTrapHint(issue.input, typeof key === 'string' ? key : undefined);
    if (quoted) return quoted;
  }
  if (typeof last !== 'string') return undefined;
  return own(FIELD_HINTS, last) ?? (issue.code === 'invalid_type' && issue.input === undefined ? `add ${last}: (see docs/DATA.md for what it holds)` : undefined);
}

/**
 * Text that YAML (or JSON) read as something else: an unquoted 2018 is a number, true a switch, and a
 * leading zero is dropped (0123 is 123); an empty value is null. Quotes keep it text, as written.
 */
function textTrapHint(input: unknown, field: string | undefined): string | undefined {
  const key = field ? `${field}: ` : '';
  if (typeof input === 'number' && Number.isFinite(input)) return `unquoted, ${input} is read as a number: write ${key}"${input}" in quotes to keep it text (and any leading zero)`;
  if (typeof input === 'boolean') return `unquoted, ${input} is read as true or false: write ${key}"${input}" in quotes for the text`;
  if (input === null) return `${field ?? 'it'} has an empty value: write the text after the colon, or delete the line`;
  if (typeof input === 'object') return `unquoted, text that starts with { or [ is read as a mapping or a list: put the whole text in quotes`;
  return undefined;
}

/** A value as the user wrote it: .inf and .nan are not "null", as JSON would say. */
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  return JSON.stringify(value) ?? String(value);
}

export function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
