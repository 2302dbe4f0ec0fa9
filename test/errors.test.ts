import { describe, expect, it } from 'vitest';
import { EXIT, InputError, ValidationError, exitCodeOf, formatError } from '../src/errors.ts';

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
});
