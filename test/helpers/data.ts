// Findings from YAML written in a test: file name → text, validated as the build would.
import { expect } from 'vitest';
import { ValidationError, type Problem } from '../../src/errors.ts';
import { parseDataText } from '../../src/load/index.ts';
import type { Findings } from '../../src/types.ts';
import { validate } from '../../src/validate/index.ts';

export const EDITION = `edition:
  title: Test edition
  date: "2026-11-22"
  language: en
`;
export const SOURCES = `sources:
  s1:
    title: Source one
    language: en
`;

/** Validates the files with an edition and a source (s1) added unless the files bring their own. */
export function findingsOf(files: Record<string, string>): Findings {
  const all = { 'edition.yaml': EDITION, 'sources.yaml': SOURCES, ...files };
  return validate(Object.entries(all).map(([name, text]) => parseDataText(text, `data/${name}`)));
}

/** The problems validation reports for the files (fails the test when there are none). */
export function problemsOf(files: Record<string, string>): Problem[] {
  try {
    findingsOf(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}
