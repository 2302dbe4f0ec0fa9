// Template problems are reported where they are written: the story map leads every offset of the
// rendered Markdown back to its template, line, column and partial chain, without changing the Markdown.
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { renderStory, SIGNATURES } from '../../src/compose/engine.ts';
import { ValidationError, type Problem } from '../../src/errors.ts';
import { loadFindings } from '../../src/index.ts';
import { ROOT } from '../helpers/run.ts';

function templates(story: string, partials: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-locate-'));
  writeFileSync(path.join(dir, 'story.hbs'), story);
  mkdirSync(path.join(dir, 'partials'));
  for (const [name, text] of Object.entries(partials)) writeFileSync(path.join(dir, 'partials', `${name}.hbs`), text);
  return dir;
}

const shipped = () => loadFindings(path.join(ROOT, 'data')).then((r) => r.findings);

function problemsOf(work: () => unknown): Problem[] {
  try {
    work();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('the story map', () => {
  it('changes nothing in the Markdown of the shipped story, the starter and the fixtures', async () => {
    // The starter as `briefsmith init` writes it: dated, with the shipped theme.
    const starter = mkdtempSync(path.join(tmpdir(), 'bs-starter-'));
    cpSync(path.join(ROOT, 'src/init/starter'), starter, { recursive: true });
    const edition = path.join(starter, 'data/edition.yaml');
    writeFileSync(edition, readFileSync(edition, 'utf8').replace('{today}', '2026-11-22'));
    const projects = [
      [path.join(ROOT, 'data'), path.join(ROOT, 'templates')],
      [path.join(ROOT, 'test/fixtures/literal-text/data'), path.join(ROOT, 'test/fixtures/literal-text/templates')],
      [path.join(starter, 'data'), path.join(starter, 'templates')],
    ];
    for (const [data, dir] of projects) {
      const { findings } = await loadFindings(data);
      expect(renderStory(findings, dir).markdown, dir).toBe(renderStory(findings, dir, undefined, { marks: false }).markdown);
    }
  });

  it('changes nothing where whitespace control strips lines: standalone blocks, ~, else, each, nested partials', async () => {
    const findings = await shipped();
    const dir = templates(
      '## A\n  {{#deck}}\n  deck text\n  {{/deck}}\nx {{~fig "models_filed"~}} y\n{{#each edition.keywords}}\n- {{this}}\n{{else}}\nnone\n{{/each}}\n\n  {{> p}}\n{{#if edition.subtitle}}\n\n{{edition.subtitle}}\n{{/if}}\n',
      { p: '{{#report}}\n   in the report {{value "models_filed"}}\n{{/report}}\n{{> q}}\n', q: '\n\n  tail\n' },
    );
    expect(renderStory(findings, dir).markdown).toBe(renderStory(findings, dir, undefined, { marks: false }).markdown);
  });

  it('leads each line of text back to its template, line and column, through partials', async () => {
    const findings = await shipped();
    const dir = templates('## Title\n\nalpha beta\n  gamma {{fig "models_filed"}} delta\n\n{{> part}}\n', { part: 'one\n\n  two three\n' });
    const story = renderStory(findings, dir);
    const at = (word: string) => story.locate(story.markdown.indexOf(word));
    expect(at('alpha')).toMatchObject({ file: expect.stringMatching(/story\.hbs$/), line: 3, column: 1 });
    expect(at('beta')).toMatchObject({ line: 3, column: 7 });
    expect(at('gamma')).toMatchObject({ line: 4, column: 3 });
    expect(at('309')).toMatchObject({ line: 4, column: 9 }); // helper output stands at its {{fig}}
    expect(at('delta')).toMatchObject({ line: 4, column: 32 });
    expect(at('three')).toMatchObject({ file: expect.stringMatching(/partials\/part\.hbs$/), line: 3, column: 7, includedFrom: [{ file: expect.stringMatching(/story\.hbs$/), line: 6, column: 1 }] });
  });
});

describe('template problems name the template, line, column and partial chain', () => {
  it('Markdown the templates may not use, inside a partial of a partial', async () => {
    const findings = await shipped();
    const dir = templates('## A\n\n{{> outer}}\n', { outer: 'text\n\n  {{> inner}}\n', inner: 'ok\n\n<div>raw</div>\n\n### Deep\n\n> quoted\n\nsome <b>bold</b>\n' });
    const problems = problemsOf(() => composeDocument(findings, dir));
    const shown = problems.map((p) => `${path.basename(p.file!)}:${p.line}:${p.column} ${p.message} < ${p.includedFrom?.map((l) => `${path.basename(l.file!)}:${l.line}:${l.column}`).join(' < ')}`);
    expect(shown).toEqual([
      'inner.hbs:3:1 raw HTML in a template: <div>raw</div> < outer.hbs:3:3 < story.hbs:3:1',
      'inner.hbs:5:1 heading "Deep" is level 3; only # (chapter) and ## (slide) are used < outer.hbs:3:3 < story.hbs:3:1',
      'inner.hbs:7:1 a quote (>) is not read: > quoted < outer.hbs:3:3 < story.hbs:3:1',
      'inner.hbs:9:6 raw HTML in a template: <b> < outer.hbs:3:3 < story.hbs:3:1',
      'inner.hbs:9:13 raw HTML in a template: </b> < outer.hbs:3:3 < story.hbs:3:1',
    ]);
  });

  it('helpers called without an id, with extra arguments or options, or without their block; unknown helpers and partials', async () => {
    const findings = await shipped();
    const dir = templates('## A\n{{fig}}\n{{value "models_filed" "again"}}\n{{chart 12}}\n{{label "models_filed" short=true}}\n{{notes}}\n{{#caveat "models_filed"}}x{{/caveat}}\n{{fgi "models_filed"}}\n{{> summery}}\n', { summary: 'x\n' });
    const problems = problemsOf(() => composeDocument(findings, dir));
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '2:1 {{fig}} needs a figure id in quotes',
      '3:1 {{value}} takes a figure id, not 2 arguments: extra arguments would be ignored',
      '4:1 {{chart}} takes a chart id in quotes, not 12',
      '5:1 {{label}} takes no options (short=): they would be ignored',
      '6:1 {{notes}} wraps a block: write {{#notes}}…{{/notes}}',
      '7:1 {{#caveat}} is not a block: write {{caveat …}} without # and without {{/caveat}}',
      '8:1 {{fgi …}}: there is no helper "fgi"',
      '9:1 {{> summery}}: there is no partial "summery"',
    ]);
    expect(problems[6].hint).toBe('did you mean {{fig}}?');
    expect(problems[7].hint).toMatch(/did you mean \{\{> summary\}\}/);
  });

  it('a value that is not an id, a table without columns, a date that is not one: where the helper stands', async () => {
    const findings = await shipped();
    const dir = templates('## A\n\n{{#each edition.keywords}}{{fig this}}{{/each}}\n\n{{fig edition}}\n\n  {{table "product_paths"}}\n\n{{date "2026-02-30"}}\n');
    const problems = problemsOf(() => composeDocument(findings, dir));
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      ...findings.edition.keywords!.map((k) => `3:27 {{fig "${k}"}}: no figure with id "${k}"`),
      '5:1 {{fig}} needs a figure id, not a record (name one of its fields, or an id in quotes)',
      '7:3 {{table "product_paths"}}: collection "product_paths" has no columns',
      '9:1 {{date}}: "2026-02-30" is not a date',
    ]);
  });

  it('a partial that includes itself, and syntax errors with their column', async () => {
    const findings = await shipped();
    const loop = problemsOf(() => composeDocument(findings, templates('## A\n{{> a}}\n', { a: 'x\n{{> b}}\n', b: 'y\n {{> a}}\n' })));
    expect(loop).toEqual([expect.objectContaining({ message: expect.stringMatching(/the partial "[ab]" includes itself/), line: expect.any(Number), includedFrom: expect.arrayContaining([expect.objectContaining({ line: 2 })]) })]);
    const syntax = problemsOf(() => composeDocument(findings, templates('## A\n\nsome {{fig "models_filed"\n')));
    expect(syntax[0]).toMatchObject({ line: 3, column: 26, message: 'template syntax error: unexpected end of file' });
    const unclosed = problemsOf(() => composeDocument(findings, templates('## A\n\n  {{#notes}}\ntalk\n')));
    expect(unclosed[0]).toMatchObject({ line: 3, column: 3, message: '{{#notes}} (line 3) is never closed' });
  });

  it('a byte-order mark starts a template as nothing, and control characters are refused at their place', async () => {
    const findings = await shipped();
    expect(composeDocument(findings, templates('\uFEFF## A\n\ntext\n')).sections[0].title).toBe('A');
    const [p] = problemsOf(() => composeDocument(findings, templates('## A\n\nab\u001bc\n')));
    expect(p).toMatchObject({ line: 3, column: 3, message: 'contains the invisible character U+001B (ESC)' });
  });

  it('every helper has a signature, so its calls are checked', async () => {
    // The Handlebars instance the story is rendered with, to see which helpers it has.
    const create = vi.spyOn(Handlebars, 'create');
    renderStory(await shipped(), path.join(ROOT, 'templates'));
    const hb = create.mock.results[0].value as typeof Handlebars;
    create.mockRestore();
    const builtIn = new Set(Object.keys(Handlebars.create().helpers));
    const ours = Object.keys(hb.helpers).filter((h) => !builtIn.has(h));
    expect(ours.length).toBeGreaterThan(10);
    expect(ours.filter((h) => !Object.hasOwn(SIGNATURES, h)), 'helpers without a signature').toEqual([]);
  });
});
