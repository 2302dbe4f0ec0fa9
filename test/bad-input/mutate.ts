// Seeded random mutations of a project's data, templates and theme, the kinds of damage a user's
// edits do: a key dropped or written twice, a value of the wrong type, characters pasted in, a file
// cut short. The same seed always gives the same mutation, so a failure can be replayed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';

/** A small fast generator (mulberry32): seeded, so every mutation can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Text a user might paste into a value or a template: markup, template code, scripts, invisible characters. */
const SNIPPETS = [
  '*', '**bold**', '_', '#', '# Heading', '<b>', '</p>', '<script>alert(1)</script>', '&amp;', '&', '{{', '}}', '{{fig "x"}}',
  '\\', '"', "'", ': ', '- ', '---', '|', '[link](javascript:alert(1))', '![x](y.png)', '`code`',
  '中文', '数据', '🚀', '👍🏽', 'e\u0301', '\u200b', '\u202e', '\u00a0', '\t', '\n', '\r\n', '\u2028',
  '\u0000', '\u0007', '\u001b[31m', '\u007f', '\ufffe', '\ufeff', 'W'.repeat(300), 'word '.repeat(120),
  'constructor', '__proto__', 'toString', '1e308', '-0', 'NaN',
] as const;

/** Values a field may be retyped to. */
const RETYPES: unknown[] = [
  'text', '', ' ', 42, -5, 0, 1e300, 1e-300, 0.1, true, null, [1, 2], ['a'], { a: 1 }, {}, [], '2026-02-30', '2026-13-01', '2026',
  'constructor', 'toString', 'CNY', '%', 'over', 'billion', 'bar', 's002', 'models_filed', 'market_2027',
];

/** Template text: helpers right and wrong, Markdown the templates may and may not use. */
const TEMPLATE_SNIPPETS = [
  '{{fig "models_filed"}}', '{{fig "nope"}}', '{{fig}}', '{{fig "models_filed" "x"}}', '{{value "market_2027"}}', '{{change "cagr_2022_2027"}}',
  '{{label "models_filed"}}', '{{caveat "models_filed"}}', '{{date edition.date}}', '{{date "2026-02-30"}}', '{{cite "s002"}}', '{{cite "nope"}}',
  '{{chart "market_size"}}', '{{chart "constructor"}}', '{{table "product_paths"}}', '{{timeline "content_eras"}}', '{{flow "deployment_lifecycle"}}',
  '{{tiles}}', '{{tiles "models_filed" "market_2027"}}', '{{agenda}}', '{{sourcesOf "cases"}}', '{{#notes}}', '{{/notes}}', '{{#deck}}', '{{/report}}',
  '{{> summary}}', '{{> nosuch}}', '{{edition.title}}', '{{edition.nope}}', '{{#each edition.keywords}}- {{this}}\n{{/each}}', '{{!-- note --}}',
  '{{{edition.title}}}', '{{fig edition}}', '{{notes}}', '\n## New slide\n', '\n# New chapter\n', '\n### Deep\n', '\n> quote\n', '\n| a | b |\n|---|---|\n| 1 | 2 |\n',
  '<div>x</div>', '<br>', '\n```\ncode\n```\n', '\n---\n', '\n1. one\n2. two\n', '\n- a\n  - b\n    - c\n', '**', '*', '\\', '{{', '}}',
  ...SNIPPETS,
];

export interface Mutation {
  /** What was done, for the test's name and for replaying a failure. */
  label: string;
}

/** Applies one seeded mutation to a file of the project in `dir`; returns what it did. */
export function mutate(dir: string, files: string[], rand: Rand): Mutation {
  const rel = pick(rand, files);
  const file = path.join(dir, rel);
  const bytes = readFileSync(file);
  const kind = rand();
  if (kind < 0.1) {
    // Cut short, anywhere: even inside a multi-byte character.
    const at = Math.floor(rand() * bytes.length);
    writeFileSync(file, bytes.subarray(0, at));
    return { label: `${rel}: truncated at byte ${at}` };
  }
  const text = bytes.toString('utf8');
  if (rel.endsWith('.hbs')) return mutateTemplate(file, rel, text, rand);
  if (rel.endsWith('.json')) return mutateJson(file, rel, text, rand);
  return mutateYaml(file, rel, text, rand);
}

function mutateTemplate(file: string, rel: string, text: string, rand: Rand): Mutation {
  const lines = text.split('\n');
  const kind = rand();
  if (kind < 0.15) {
    const i = Math.floor(rand() * lines.length);
    lines.splice(i, 1);
    writeFileSync(file, lines.join('\n'));
    return { label: `${rel}: line ${i + 1} deleted` };
  }
  if (kind < 0.3) {
    const i = Math.floor(rand() * lines.length);
    lines.splice(i, 0, lines[i]);
    writeFileSync(file, lines.join('\n'));
    return { label: `${rel}: line ${i + 1} doubled` };
  }
  const snippet = pick(rand, TEMPLATE_SNIPPETS);
  const at = Math.floor(rand() * (text.length + 1));
  writeFileSync(file, text.slice(0, at) + snippet + text.slice(at));
  return { label: `${rel}: ${JSON.stringify(snippet).slice(0, 40)} inserted at ${at}` };
}

function mutateJson(file: string, rel: string, text: string, rand: Rand): Mutation {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Already broken (cut short by an earlier mutation): damage it as text.
    return mutateTemplate(file, rel, text, rand);
  }
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (at.length) paths.push(at);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...at, k]);
  };
  walk(value, []);
  const target = pick(rand, paths);
  const parent = target.slice(0, -1).reduce<any>((v, k) => v[k], value);
  const key = target[target.length - 1];
  const kind = rand();
  let label: string;
  if (kind < 0.25 && !Array.isArray(parent)) {
    delete parent[key];
    label = `dropped ${target.join('.')}`;
  } else if (kind < 0.4 && !Array.isArray(parent)) {
    parent[`${String(key)}${pick(rand, ['s', 'Size', '_', 'X'])}`] = parent[key];
    label = `key ${target.join('.')} misspelt beside the original`;
  } else if (kind < 0.6 && typeof parent[key] === 'number') {
    parent[key] = parent[key] * pick(rand, [0, -1, 10, 100, 0.01, 1.5]);
    label = `${target.join('.')} scaled to ${parent[key]}`;
  } else {
    parent[key] = pick(rand, RETYPES);
    label = `${target.join('.')} = ${JSON.stringify(parent[key])}`;
  }
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return { label: `${rel}: ${label}` };
}

function mutateYaml(file: string, rel: string, text: string, rand: Rand): Mutation {
  const doc = parseDocument(text, { uniqueKeys: false });
  const pairs: { pair: Pair; parent: Node; depth: number }[] = [];
  const scalars: { node: Node; depth: number }[] = [];
  const walk = (node: unknown, depth: number) => {
    if (isMap(node)) for (const pair of node.items) {
      pairs.push({ pair: pair as Pair, parent: node, depth });
      if (isScalar(pair.value)) scalars.push({ node: pair.value, depth });
      walk(pair.value, depth + 1);
    } else if (isSeq(node)) for (const item of node.items) {
      if (isScalar(item)) scalars.push({ node: item, depth });
      walk(item, depth + 1);
    }
  };
  walk(doc.contents, 0);
  const kind = rand();
  let label: string;
  if (kind < 0.2 && pairs.length) {
    const { pair, parent } = pick(rand, pairs);
    (parent as unknown as { items: Pair[] }).items.splice((parent as unknown as { items: Pair[] }).items.indexOf(pair), 1);
    label = `dropped ${String((pair.key as { value?: unknown })?.value)}`;
  } else if (kind < 0.3) {
    // A line written twice: a duplicate key, or a list item twice.
    const lines = text.split('\n');
    const i = Math.floor(rand() * lines.length);
    lines.splice(i, 0, lines[i]);
    writeFileSync(file, lines.join('\n'));
    return { label: `${rel}: line ${i + 1} doubled` };
  } else if (kind < 0.4 && pairs.length) {
    const { pair } = pick(rand, pairs.filter((p) => p.depth === 1).length ? pairs.filter((p) => p.depth === 1) : pairs);
    const id = pick(rand, ['constructor', '__proto__', 'toString', 'x y', 'ÄÖ', '', '123', 'a'.repeat(200)]);
    (pair.key as { value: unknown }).value = id;
    label = `id renamed to ${JSON.stringify(id).slice(0, 30)}`;
  } else if (kind < 0.7 && scalars.length) {
    const { node } = pick(rand, scalars);
    const value = pick(rand, RETYPES);
    const created = doc.createNode(value) as Node;
    const replaced = replaceNode(doc.contents, node, created);
    label = replaced ? `value retyped to ${JSON.stringify(value)}` : 'nothing retyped';
  } else {
    const strings = scalars.filter((s) => typeof (s.node as { value?: unknown }).value === 'string');
    if (!strings.length) return { label: `${rel}: unchanged` };
    const { node } = pick(rand, strings);
    const old = String((node as { value: string }).value);
    const snippet = pick(rand, SNIPPETS);
    const at = Math.floor(rand() * (old.length + 1));
    (node as { value: string }).value = old.slice(0, at) + snippet + old.slice(at);
    label = `${JSON.stringify(snippet).slice(0, 40)} pasted into "${old.slice(0, 30)}"`;
  }
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
  return { label: `${rel}: ${label}` };
}

/** Puts `created` where `old` stands (as a map value or a list item). */
function replaceNode(node: unknown, old: Node, created: Node): boolean {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (pair.value === old) { pair.value = created; return true; }
      if (replaceNode(pair.value, old, created)) return true;
    }
  } else if (isSeq(node)) {
    const i = node.items.indexOf(old);
    if (i >= 0) { node.items[i] = created; return true; }
    for (const item of node.items) if (replaceNode(item, old, created)) return true;
  }
  return false;
}
