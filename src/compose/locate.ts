// Where each piece of a rendered story came from. The rendered Markdown is parsed after Handlebars is
// done, so a problem found there (raw HTML, a heading of the wrong level) would know only its place in
// the output. Before compiling, each template's syntax tree gets invisible marks: at the start of every
// line of its literal text, a sentinel naming that place in the template; before every {{…}}, a call
// of a helper that prints the sentinel of the {{…}}'s place and remembers it as the place being
// rendered (so an error Handlebars raises without a place, and a partial's inclusion, know where they
// stand). Partials put a mark of their own around their output, naming where they were included
// from. After rendering, the marks are taken out again and remembered by their offset, so any offset
// of the Markdown maps back to file, line, column and partial chain. The Markdown itself is unchanged.
import type { Location } from '../errors.ts';

type Node = hbs.AST.Node & { loc: hbs.AST.SourceLocation };
type Statement = hbs.AST.Statement & { loc: hbs.AST.SourceLocation };

/** A place in a template; `flows`: the text that follows is the template's own, so columns count on. */
export interface Spot {
  line: number;
  column: number;
  flows: boolean;
}

/** Where a piece of the story stands in the templates, with the partial chain that included it. */
export type StoryLocation = Location & { includedFrom?: Location[] };

// NUL and SOH cannot come from data or templates (both are refused if they hold control characters).
const OPEN = '\u0000';
const CLOSE = '\u0001';
const MARK = /\u0000(F[0-9a-z]+|E|[0-9a-z]+)\u0001/g;

/** The mark of place n of the template being rendered, as the helper `at` prints it. */
export function mark(n: number): string {
  return `${OPEN}${n.toString(36)}${CLOSE}`;
}

/**
 * Adds marks to a template's syntax tree (after Handlebars' whitespace control, which it keeps): the
 * text's marks, and before each {{…}} a call of the helper `at` with the number of its place, which is
 * to print mark(n) and remember the place. Returns the template's places, by number: they depend on
 * its text alone, so a compiled template can be kept for as long as its text does not change.
 */
export function instrument(program: hbs.AST.Program, at: string): Spot[] {
  const spots: Spot[] = [];
  const place = (line: number, column: number, flows: boolean) => spots.push({ line, column, flows }) - 1;
  const body = (statements: Statement[]) => {
    for (let i = 0; i < statements.length; i++) {
      const node = statements[i];
      if (node.type === 'ContentStatement') {
        content(node as hbs.AST.ContentStatement & Node, place);
        continue;
      }
      if (node.type === 'CommentStatement') continue;
      // What a {{…}} prints stands at the {{…}}. The call prints nothing else, and whitespace control
      // leaves it alone (it is neither a block nor a partial).
      statements.splice(i, 0, helperCall(at, place(node.loc.start.line, node.loc.start.column + 1, false), node.loc));
      i++;
      for (const child of childPrograms(node)) body(child.body as Statement[]);
    }
  };
  body(program.body as Statement[]);
  return spots;
}

/** Marks the start of the text and of each of its lines with their places in the template. */
function content(node: hbs.AST.ContentStatement & Node, place: (line: number, column: number, flows: boolean) => number): void {
  const original = node.original as unknown as string;
  const value = node.value;
  if (!value) return;
  // Whitespace control strips only blanks from the ends of the text: find where what is left begins.
  let start = original.length - original.trimStart().length;
  while (start > 0 && !original.startsWith(value, start)) start--;
  let { line, column } = node.loc.start;
  column += 1;
  for (const ch of original.slice(0, start)) {
    if (ch === '\n') { line++; column = 1; } else column++;
  }
  let marked = mark(place(line, column, true));
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '\n') continue;
    line++;
    marked += value.slice(from, i + 1) + mark(place(line, 1, true));
    from = i + 1;
  }
  node.value = marked + value.slice(from);
}

/** One build's rendering: which template each stretch of output came from, and its chain. */
export class StoryMap {
  private readonly frames: { file: string; spots: Spot[]; chain: Location[] }[] = [];

  /** The mark a template's output starts with: the template, its places, and where it was included from (innermost first). */
  enter(file: string, spots: Spot[], chain: Location[]): string {
    this.frames.push({ file, spots, chain });
    return `${OPEN}F${(this.frames.length - 1).toString(36)}${CLOSE}`;
  }

  /** The mark a template's output ends with. */
  leave(): string {
    return `${OPEN}E${CLOSE}`;
  }

  /** The rendered text without its marks, and a way from any of its offsets back to the templates. */
  decode(text: string): { markdown: string; locate(offset: number): StoryLocation } {
    const marks: { at: number; spot: number; frame: number }[] = [];
    const open: number[] = [];
    let markdown = '';
    let last = 0;
    for (const m of text.matchAll(MARK)) {
      markdown += text.slice(last, m.index);
      last = m.index + m[0].length;
      const tag = m[1];
      if (tag === 'E') open.pop();
      else if (tag.startsWith('F')) open.push(parseInt(tag.slice(1), 36));
      else if (open.length) marks.push({ at: markdown.length, spot: parseInt(tag, 36), frame: open[open.length - 1] });
    }
    markdown += text.slice(last);
    const locate = (offset: number): StoryLocation => {
      // The last mark at or before the offset.
      let lo = 0;
      let hi = marks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (marks[mid].at <= offset) lo = mid;
        else hi = mid - 1;
      }
      const m = marks[lo];
      if (!m || m.at > offset) return {};
      const frame = this.frames[m.frame];
      const spot = frame.spots[m.spot];
      const between = markdown.slice(m.at, offset);
      const column = spot.flows && !between.includes('\n') ? spot.column + [...between].length : spot.column;
      return { file: frame.file, line: spot.line, column, ...(frame.chain.length ? { includedFrom: frame.chain } : {}) };
    };
    return { markdown, locate };
  }
}

/** {{helper n}}, written by no one: a call the story map puts before a statement. */
function helperCall(helper: string, n: number, loc: hbs.AST.SourceLocation): Statement {
  return {
    type: 'MustacheStatement', loc, escaped: true, strip: { open: false, close: false },
    path: { type: 'PathExpression', data: false, depth: 0, parts: [helper], original: helper, loc },
    params: [{ type: 'NumberLiteral', value: n, original: n, loc }],
    hash: undefined,
  } as unknown as Statement;
}

function childPrograms(node: hbs.AST.Node): hbs.AST.Program[] {
  const n = node as Partial<hbs.AST.BlockStatement>;
  return [n.program, n.inverse].filter((p): p is hbs.AST.Program => Boolean(p));
}

/** Every statement of a template, depth first, with the programs inside blocks. */
export function* statements(program: hbs.AST.Program): Generator<Statement> {
  for (const node of program.body as Statement[]) {
    yield node;
    for (const child of childPrograms(node)) yield* statements(child);
  }
}

/** The helper or partial name a statement calls, when it is written out (not computed). */
export function calledName(node: hbs.AST.Node): string | undefined {
  const n = node as { path?: hbs.AST.Expression; name?: hbs.AST.Expression };
  const path = (n.path ?? n.name) as hbs.AST.PathExpression | undefined;
  return path?.type === 'PathExpression' ? path.original : undefined;
}
