// One small error hierarchy. The CLI maps it to exit codes and one clear message each:
// what is wrong, where (file:line:column or file:Sheet!cell, field), and how to fix it.

export const EXIT = {
  ok: 0,
  /** A bug in Briefsmith: nothing the user wrote or did explains it. */
  internal: 1,
  /** Bad data, templates, theme, options or paths (a file or folder the user named): the user can fix it. */
  input: 2,
  /** Delivery failed for some recipients (send). */
  delivery: 3,
} as const;

/**
 * Where something stands in what a user wrote: a line and column of a text file, or a cell of a
 * spreadsheet. Every reader (YAML, JSON, templates, spreadsheets) reports through this one shape.
 */
export interface Location {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, in characters. */
  column?: number;
  /** In a spreadsheet: the sheet's name and the cell, e.g. "Figures" and "B7". */
  sheet?: string;
  cell?: string;
}

export interface Problem extends Location {
  message: string;
  /** Dotted path of the offending field, e.g. "figures.market_2027.unit". */
  field?: string;
  hint?: string;
  /** Where the template that holds the problem was included from, innermost first (the partial chain). */
  includedFrom?: Location[];
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

/** Something the user wrote, asked for or pointed at is wrong. */
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

/** "data/figures.yaml:12:5", "templates/story.hbs:3", "data/findings.xlsx:Figures!B7", "data/". */
export function formatLocation(l: Location): string {
  if (!l.file) return '';
  if (l.cell) return `${l.file}:${formatCell(l.sheet, l.cell)}`;
  return `${l.file}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`;
}

/** A cell as a formula names it: "Figures!B7", "'Figures 2025'!B7", or "B7" in a CSV file. */
export function formatCell(sheet: string | undefined, cell: string): string {
  return `${sheet ? `${sheetName(sheet)}!` : ''}${cell}`;
}

/** A sheet name as a spreadsheet formula writes it: quoted when it holds anything but letters and digits. */
function sheetName(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replaceAll("'", "''")}'`;
}

/** "data/figures.yaml:12:5 figures.x.unit: is missing\n  hint: …", with the partial chain when there is one. */
export function formatProblem(p: Problem): string {
  const head = [formatLocation(p), p.field].filter(Boolean).join(' ');
  // A message that quotes a user's text over several lines keeps them indented under its own line.
  const message = p.message.replace(/\r?\n/g, '\n  ');
  let out = head ? `${head}: ${message}` : message;
  if (p.includedFrom?.length) out += `\n  included from ${p.includedFrom.map(formatLocation).join(', included from ')}`;
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
