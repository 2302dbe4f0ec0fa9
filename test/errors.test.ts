import { describe, expect, it } from 'vitest';
import { EXIT, InputError, ValidationError, exitCodeOf, formatError, formatProblem } from '../src/errors.ts';

describe('errors', () => {
  it('formats a problem as file:line:column field: message, with the hint on its own line', () => {
    const error = new ValidationError([
      { message: 'is missing', file: 'data/figures.yaml', line: 12, column: 5, field: 'figures[3].unit', hint: 'add a unit such as "CNY" or "%"' },
      { message: 'unknown source "s9"', file: 'data/figures.yaml', line: 20, column: 13, field: 'figures[4].source' },
    ]);
    expect(formatError(error)).toBe([
      'error: 2 problems in the input:',
      'data/figures.yaml:12:5 figures[3].unit: is missing',
      '  hint: add a unit such as "CNY" or "%"',
      'data/figures.yaml:20:13 figures[4].source: unknown source "s9"',
    ].join('\n'));
    expect(exitCodeOf(error)).toBe(EXIT.input);
  });

  it('calls anything else internal, exit 1, stack only with --debug', () => {
    const bug = new TypeError('x is undefined');
    expect(exitCodeOf(bug)).toBe(EXIT.internal);
    expect(formatError(bug)).toMatch(/^internal error: x is undefined\n.*--debug/);
    expect(formatError(bug)).not.toContain('at ');
    expect(formatError(bug, true)).toContain('TypeError: x is undefined\n    at ');
  });

  it('keeps the cause of an input error', () => {
    const cause = new Error('ENOENT');
    const error = new InputError('cannot read', { file: 'data' }, { cause });
    expect(error.cause).toBe(cause);
    expect(formatError(error)).toBe('error: data: cannot read');
  });

  it('names a spreadsheet cell and a partial chain in the same problem shape', () => {
    expect(formatProblem({ message: 'is missing', file: 'data/findings.xlsx', sheet: 'Figures', cell: 'B7', field: 'unit' }))
      .toBe('data/findings.xlsx:Figures!B7 unit: is missing');
    expect(formatProblem({ message: 'x', file: 'f.xlsx', sheet: "Ann's sheet", cell: 'A1' })).toBe("f.xlsx:'Ann''s sheet'!A1: x");
    expect(formatProblem({ message: 'no figure', file: 'templates/partials/a.hbs', line: 3, column: 5, hint: 'h', includedFrom: [{ file: 'templates/story.hbs', line: 12, column: 1 }] }))
      .toBe('templates/partials/a.hbs:3:5: no figure\n  included from templates/story.hbs:12:1\n  hint: h');
  });
});
