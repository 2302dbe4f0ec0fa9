// One small error hierarchy. The CLI maps it to exit codes and one clear message each:
// what is wrong, where (file:line:column, field), and how to fix it.

export const EXIT = {
  ok: 0,
  /** A bug or an environment failure: not the user's input. */
  internal: 1,
  /** Bad data, templates, options or config: the user can fix it. */
  input: 2,
  /** Delivery failed for some recipients (send). */
  delivery: 3,
} as const;

export interface Problem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** Dotted path of the offending field, e.g. "figures[3].unit". */
  field?: string;
  hint?: string;
}

export class BriefError extends Error {
  readonly exitCode: number = EXIT.internal;
  constructor(
    message: string,
    readonly where: Omit<Problem, 'message'> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
  /** All problems this error stands for (one, except for validation). */
  get problems(): Problem[] {
    return [{ message: this.message, ...this.where }];
  }
}

/** Something the user wrote or asked for is wrong. */
export class InputError extends BriefError {
  override readonly exitCode: number = EXIT.input;
}

/** Every problem found in one pass over the data or templates. */
export class ValidationError extends InputError {
  constructor(private readonly list: Problem[]) {
    super(`${list.length} problem${list.length === 1 ? '' : 's'} in the input`, {});
  }
  override get problems(): Problem[] {
    return this.list;
  }
}

/** Some recipients were not reached. */
export class DeliveryError extends BriefError {
  override readonly exitCode: number = EXIT.delivery;
}

/** "data/figures.yaml:12:5 figures[3].unit: is missing\n  hint: …" */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}` : '';
  const head = [where, p.field].filter(Boolean).join(' ');
  let out = head ? `${head}: ${p.message}` : p.message;
  if (p.hint) out += `\n  hint: ${p.hint}`;
  return out;
}

export function formatError(error: unknown, debug = false): string {
  if (error instanceof BriefError) {
    const lines = error.problems.map(formatProblem);
    const head = error instanceof ValidationError ? `error: ${error.message}:\n` : 'error: ';
    let text = head + lines.join('\n');
    if (debug && error.stack) text += `\n${error.stack}`;
    return text;
  }
  const message = error instanceof Error ? error.message : String(error);
  let text = `internal error: ${message}\n  This is a bug in Briefsmith, not in your data. Re-run with --debug for the stack trace.`;
  if (debug && error instanceof Error && error.stack) text += `\n${error.stack}`;
  return text;
}

export function exitCodeOf(error: unknown): number {
  return error instanceof BriefError ? error.exitCode : EXIT.internal;
}
