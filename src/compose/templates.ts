// What is wrong with a template, found where it is written: syntax errors with their line and column,
// partials that do not exist, and helpers called with the wrong arguments (none, too many, a number for
// an id, name=value options nobody reads, a block helper without its block). Every template is checked
// before any is rendered, so all such problems are reported at once.
import type { Location, Problem } from '../errors.ts';
import { nearestName } from '../nearest.ts';
import { calledName, statements } from './locate.ts';

/** What a helper takes: how many ids (or values), and whether it wraps a block ({{#notes}}…{{/notes}}). */
export interface Signature {
  min: number;
  max: number;
  /** What each argument is, in the user's words: "a figure id". */
  what: string;
  block?: boolean;
  /** Arguments may be any value (Handlebars' own helpers), not only ids in quotes. */
  values?: boolean;
}

export const one = (what: string): Signature => ({ min: 1, max: 1, what });
export const none: Signature = { min: 0, max: 0, what: 'nothing' };
export const region: Signature = { min: 0, max: 0, what: 'nothing', block: true };

/** Handlebars' own block helpers, as templates may use them. */
const BUILT_IN: Record<string, Signature> = {
  if: { min: 1, max: 1, what: 'a value', block: true, values: true },
  unless: { min: 1, max: 1, what: 'a value', block: true, values: true },
  each: { min: 1, max: 1, what: 'a list', block: true, values: true },
  with: { min: 1, max: 1, what: 'a value', block: true, values: true },
};

const SAY = {
  syntax: (found: string) => `template syntax error: unexpected ${found}`,
  syntaxHint: 'close every {{ with }}, every {{#block}} with its {{/block}}, and quote ids: {{fig "id"}}',
  noPartial: (name: string) => `{{> ${name}}}: there is no partial "${name}"`,
  partialHint: (near: string | undefined, known: string[]) => near ? `did you mean {{> ${near}}}? (partials are the .hbs files in templates/partials/)` : `partials: ${known.join(', ') || 'none'} (the .hbs files in templates/partials/)`,
  noHelper: (name: string) => `{{${name} …}}: there is no helper "${name}"`,
  helperHint: (near: string | undefined, known: string[]) => near ? `did you mean {{${near}}}?` : `helpers: ${known.join(', ')}`,
  needsBlock: (name: string) => `{{${name}}} wraps a block: write {{#${name}}}…{{/${name}}}`,
  notBlock: (name: string) => `{{#${name}}} is not a block: write {{${name} …}} without # and without {{/${name}}}`,
  missing: (name: string, s: Signature) => `{{${name}}} needs ${s.what}${s.values ? '' : ' in quotes'}`,
  extra: (name: string, s: Signature, n: number) => `{{${name}}} takes ${s.max === 0 ? 'nothing' : s.max === 1 ? s.what : `at most ${s.max}`}, not ${n} arguments: extra arguments would be ignored`,
  literal: (name: string, s: Signature, value: string) => `{{${name}}} takes ${s.what} in quotes, not ${value}`,
  hash: (name: string, keys: string[]) => `{{${name}}} takes no options (${keys.map((k) => `${k}=`).join(', ')}): they would be ignored`,
  argHint: (name: string, s: Signature) => s.max === 0 ? `write {{${s.block ? '#' : ''}${name}}}` : `write {{${s.block ? '#' : ''}${name} ${s.values ? '…' : '"…"'}}} with ${s.what}`,
  unclosed: (name: string, line: number) => `{{#${name}}} (line ${line}) is never closed`,
  unclosedHint: (name: string) => `add {{/${name}}} where the block ends`,
} as const;

/** Problems a template's syntax tree shows before it runs: unknown partials and helpers, wrong arguments. */
export function checkTemplate(ast: hbs.AST.Program, file: string, helpers: Record<string, Signature>, partials: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const at = (node: hbs.AST.Node): Location => ({ file, line: node.loc.start.line, column: node.loc.start.column + 1 });
  const known = { ...BUILT_IN, ...helpers };
  for (const node of statements(ast)) {
    const name = calledName(node);
    if (name === undefined) continue;
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      if (!partials.has(name) && name !== '@partial-block') {
        problems.push({ message: SAY.noPartial(name), ...at(node), hint: SAY.partialHint(nearestName(name, partials), [...partials]) });
      }
      continue;
    }
    if (node.type !== 'MustacheStatement' && node.type !== 'BlockStatement') continue;
    const call = node as hbs.AST.MustacheStatement | hbs.AST.BlockStatement;
    const signature = Object.hasOwn(known, name) ? known[name] : undefined;
    const isBlock = node.type === 'BlockStatement';
    if (!signature) {
      // {{edition.title}} is a value; with arguments it can only be a helper call.
      if (call.params.length || call.hash?.pairs.length) {
        problems.push({ message: SAY.noHelper(name), ...at(node), hint: SAY.helperHint(nearestName(name, Object.keys(helpers)), Object.keys(helpers)) });
      }
      continue;
    }
    const problem = argumentProblem(name, signature, call, isBlock);
    if (problem) problems.push({ message: problem, ...at(node), hint: SAY.argHint(name, signature) });
  }
  return problems;
}

function argumentProblem(name: string, s: Signature, call: hbs.AST.MustacheStatement | hbs.AST.BlockStatement, isBlock: boolean): string | undefined {
  if (s.block && !isBlock) return SAY.needsBlock(name);
  if (!s.block && isBlock) return SAY.notBlock(name);
  if (call.params.length < s.min) return SAY.missing(name, s);
  if (call.params.length > s.max) return SAY.extra(name, s, call.params.length);
  if (call.hash?.pairs.length) return SAY.hash(name, call.hash.pairs.map((p) => p.key));
  if (!s.values) {
    for (const param of call.params) {
      if (param.type === 'NumberLiteral' || param.type === 'BooleanLiteral' || param.type === 'NullLiteral' || param.type === 'UndefinedLiteral') {
        return SAY.literal(name, s, String((param as hbs.AST.NumberLiteral).original ?? param.type));
      }
    }
  }
  return undefined;
}

/** Names of inline partials ({{#*inline "name"}}) a template defines. */
export function inlinePartials(ast: hbs.AST.Program): string[] {
  const names: string[] = [];
  for (const node of statements(ast)) {
    const decorator = node as Partial<hbs.AST.BlockStatement>;
    if (node.type === 'DecoratorBlock' && (decorator.path as hbs.AST.PathExpression)?.original === 'inline') {
      const first = decorator.params?.[0];
      if (first?.type === 'StringLiteral') names.push((first as hbs.AST.StringLiteral).value);
    }
  }
  return names;
}

/** A Handlebars syntax error as a problem at its line and column. */
export function syntaxProblem(error: Error & { lineNumber?: number; column?: number }, file: string, source: string): Problem {
  const message = error.message;
  const parse = /^Parse error on line (\d+):\n([^\n]*)\n(-*)\^\n[^\n]*got '([^']+)'/.exec(message);
  if (parse && parse[4] === 'EOF' && /'OPEN_ENDBLOCK'/.test(message)) {
    const open = unclosedBlock(source);
    if (open) return { message: SAY.unclosed(open.name, open.line), file, line: open.line, column: open.column, hint: SAY.unclosedHint(open.name) };
  }
  if (parse) {
    const line = Number(parse[1]);
    return { message: SAY.syntax(TOKEN_WORDS[parse[4]] ?? parse[4]), file, line, column: parseErrorColumn(source, line, parse[2], parse[3].length), hint: SAY.syntaxHint };
  }
  // "Lexical error on line 3. Unrecognized text." names the line only.
  const lexical = /^Lexical error on line (\d+)\. (.*?)\n/.exec(message);
  if (lexical) return { message: `template syntax error: ${lexical[2].toLowerCase().replace(/\.$/, '')}`, file, line: Number(lexical[1]), hint: SAY.syntaxHint };
  // Handlebars' Exception carries the place, and ends its message with " - line:column".
  const text = message.split('\n')[0].replace(/ - \d+:\d+$/, '')
    .replace(/^(\S+) doesn't match (\S+)$/, (_, open: string, close: string) => `{{/${close}}} does not close {{#${open}}}`);
  return {
    message: `template syntax error: ${text}`, file,
    ...(error.lineNumber ? { line: error.lineNumber, column: error.column !== undefined ? error.column + 1 : undefined } : {}),
    hint: SAY.syntaxHint,
  };
}

/** The innermost {{#block}} that has no {{/block}}, found by counting opens and closes in the text. */
function unclosedBlock(source: string): { name: string; line: number; column: number } | undefined {
  const open: { name: string; index: number }[] = [];
  for (const m of source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (c) => ' '.repeat(c.length)).matchAll(/\{\{~?\s*(?:[#^]\*?>?\s*([^\s}~]+)|\/\s*([^\s}~]+))/g)) {
    if (m[1]) open.push({ name: m[1], index: m.index });
    else if (open.length && open[open.length - 1].name === m[2]) open.pop();
  }
  const last = open[open.length - 1];
  if (!last) return undefined;
  const before = source.slice(0, last.index).split('\n');
  return { name: last.name, line: before.length, column: before[before.length - 1].length + 1 };
}

const TOKEN_WORDS: Record<string, string> = {
  EOF: 'end of file', CLOSE: '}}', CLOSE_UNESCAPED: '}}}', OPEN: '{{', OPEN_BLOCK: '{{#', OPEN_ENDBLOCK: '{{/', INVALID: 'character',
  STRING: 'text in quotes', NUMBER: 'number', ID: 'name', OPEN_SEXPR: '(', CLOSE_SEXPR: ')', EQUALS: '=', SEP: '. or /', INVERSE: '{{else}}',
};

/**
 * The column of a parse error. Handlebars shows up to 20 characters before the error with line breaks
 * taken out, then a caret: the error is where the text before it ends so, on the error's line.
 */
function parseErrorColumn(source: string, line: number, excerpt: string, caret: number): number | undefined {
  const before = excerpt.slice(0, caret).replace(/^\.\.\./, '');
  const lines = source.split('\n');
  const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const text = lines[line - 1] ?? '';
  for (let column = text.length; column >= 0; column--) {
    const upTo = source.slice(Math.max(0, lineStart + column - 200), lineStart + column).replace(/\n/g, '');
    if (upTo.endsWith(before)) return column + 1;
  }
  return undefined;
}
