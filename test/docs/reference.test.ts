// docs/REFERENCE.md cannot drift: its helpers are the ones the template engine registers, its blocks
// the kinds of the Document, its theme keys those of the shipped theme, its settings the commands' options.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import { createProgram } from '../../src/cli.ts';
import { composeDocument } from '../../src/compose/index.ts';
import { settingsOf } from '../../src/config.ts';
import { loadFindings } from '../../src/index.ts';
import { initProject } from '../../src/init/index.ts';
import { ROOT, tempDir } from '../helpers/run.ts';
import { themeSchema } from '../../src/theme/schema.ts';

const REFERENCE = readFileSync(path.join(ROOT, 'docs/REFERENCE.md'), 'utf8');

/** The rows of the first table under "## title", as lists of cells. */
function table(title: string): string[][] {
  const start = REFERENCE.indexOf(`\n## ${title}\n`);
  expect(start, `section "${title}"`).toBeGreaterThan(0);
  const end = REFERENCE.indexOf('\n## ', start + 1);
  const rows = REFERENCE.slice(start, end < 0 ? undefined : end).split('\n').filter((l) => l.startsWith('| '));
  return rows.slice(2).map((row) => row.slice(2, -2).split(' | '));
}

/** The words in `code` in a cell. */
const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

describe('docs/REFERENCE.md', () => {
  it('lists exactly the helpers templates can use', async () => {
    const create = vi.spyOn(Handlebars, 'create');
    const dir = tempDir('bs-reference-');
    initProject({ dir });
    const { findings } = await loadFindings(path.join(dir, 'data'));
    composeDocument(findings, path.join(dir, 'templates'));
    const hb = create.mock.results[0].value as typeof Handlebars;
    create.mockRestore();
    const builtIn = new Set(Object.keys(Handlebars.create().helpers));
    const registered = Object.keys(hb.helpers).filter((h) => !builtIn.has(h));
    const documented = table('Helpers').flatMap(([cell]) => codes(cell).map((c) => /^\{\{#?(\w+)/.exec(c)![1]));
    expect(sorted(documented)).toEqual(sorted(registered));
  });

  it('lists every kind of block a Document holds, and no other', () => {
    const types = readFileSync(path.join(ROOT, 'src/types.ts'), 'utf8');
    const union = /export type Block =([\s\S]*?);\n/.exec(types)![1];
    const kinds = [...union.matchAll(/kind: '(\w+)'/g)].map((m) => m[1]);
    expect(kinds.length).toBeGreaterThan(5);
    const documented = table('Blocks').flatMap((cells) => codes(cells[1]));
    expect(sorted(documented)).toEqual(sorted(kinds));
  });

  it('lists every key of the theme, with its shipped value', () => {
    const theme = JSON.parse(readFileSync(path.join(ROOT, 'templates/theme.json'), 'utf8')) as Record<string, unknown>;
    const flat = (o: Record<string, unknown>, prefix = ''): [string, unknown][] => Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]);
    const rows = table('Theme keys');
    // The keys with no default (logo) are not in the shipped theme.json: they are documented as "none".
    const optional = Object.keys(themeSchema.shape).filter((k) => !(k in themeSchema.parse({})));
    expect(optional.length).toBeGreaterThan(0);
    for (const key of optional) expect(rows.find(([cell]) => codes(cell).includes(key))?.[2], key).toBe('none');
    expect(sorted(rows.flatMap(([cell]) => codes(cell)))).toEqual(sorted([...flat(theme).map(([k]) => k), ...optional]));
    for (const [key, value] of flat(theme)) {
      const shipped = rows.find(([cell]) => codes(cell).includes(key))![2];
      if (!Array.isArray(value)) expect(shipped, key).toBe(`\`${String(value)}\``);
    }
  });

  it('lists every setting of briefsmith.config.yaml with its flag and commands', () => {
    const settings = settingsOf(createProgram());
    const rows = table('Settings');
    expect(sorted(rows.flatMap(([cell]) => codes(cell)))).toEqual(sorted(settings.map((s) => s.key)));
    for (const s of settings) {
      const [, flag, commands] = rows.find(([cell]) => codes(cell).includes(s.key))!;
      expect(flag, s.key).toBe(`\`${s.flag}\``);
      expect(sorted(commands.split(', ')), s.key).toEqual(s.commands.length ? sorted(s.commands) : ['all']);
    }
  });
});
