import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { formatError, ValidationError } from '../../src/errors.ts';
import type { Findings } from '../../src/types.ts';

const TRICKY = 'Title *stars* # hash & <b>bold</b> {{x}} &amp; 中文 🚀';

function findings(): Findings {
  return {
    edition: { title: TRICKY, date: '2026-11-22', language: 'en', headlines: ['filed', 'price'] },
    sources: {
      s1: { id: 's1', title: 'Source one', language: 'en' },
      s2: { id: 's2', title: '来源二', titleEn: 'Source two', language: 'zh' },
    },
    figures: {
      filed: { id: 'filed', label: 'large models filed', value: 309, unit: 'models', source: 's1', asOf: '2024-11' },
      price: { id: 'price', label: 'token price', value: 0.5, unit: 'per million tokens', currency: 'CNY', qualifier: 'below', source: 's2' },
    },
    collections: {
      steps: { id: 'steps', title: 'Steps', sources: ['s2'], items: [{ title: 'Data * supply', text: 'collect <raw> data' }, { title: 'Models', text: '' }] },
      sectors: { id: 'sectors', title: 'Sectors', sources: ['s1'], columns: [{ key: 'title', label: 'Sector' }, { key: 'pain', label: 'Pain points' }], items: [{ title: 'Finance', fields: { pain: 'risk & cost' } }] },
    },
    charts: {
      size: { id: 'size', type: 'bar', title: 'Size', unit: 'models', labels: ['a'], series: [{ name: 's', figures: ['filed'], values: [309] }], sources: ['s1'] },
      unused: { id: 'unused', type: 'bar', title: 'Unused', unit: 'x', labels: ['a'], series: [{ name: 's', figures: ['filed'], values: [1] }], sources: ['s1'] },
    },
  };
}

function templates(story: string, partials: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-compose-'));
  writeFileSync(path.join(dir, 'story.hbs'), story);
  mkdirSync(path.join(dir, 'partials'));
  for (const [name, text] of Object.entries(partials)) writeFileSync(path.join(dir, 'partials', `${name}.hbs`), text);
  return dir;
}

describe('compose', () => {
  it('turns headings into chapters and slides, lists into bullets, helpers into blocks', () => {
    const doc = composeDocument(findings(), templates(`# Market

## Filings
- {{label "filed"}}: {{fig "filed"}}
  - nested **bold** point
- price {{value "price"}}

{{chart "size"}}

{{#notes}}
Say that {{fig "filed"}} were filed.
{{/notes}}

## Chain
{{flow "steps"}}
{{table "sectors"}}
{{tiles}}
`));
    expect(doc.sections.map((s) => [s.level, s.title])).toEqual([[1, 'Market'], [2, 'Filings'], [2, 'Chain']]);
    const filings = doc.sections[1];
    const bullets = filings.blocks[0];
    expect(bullets.kind).toBe('bullets');
    if (bullets.kind !== 'bullets') return;
    expect(bullets.items.map((i) => i.level)).toEqual([0, 1, 0]);
    expect(bullets.items[0].runs.map((r) => r.text).join('')).toMatch(/^large models filed: 309/);
    expect(bullets.items[0].runs.find((r) => r.cite)?.cite).toBe('s1');
    expect(bullets.items[1].runs).toContainEqual({ text: 'bold', bold: true });
    expect(filings.blocks[1]).toMatchObject({ kind: 'chart', chartId: 'size', audience: 'both' });
    expect(filings.notes.map((n) => n.map((r) => r.text).join(''))).toEqual([expect.stringMatching(/^Say that 309.* were filed\.$/)]);
    expect(filings.sources).toEqual(['s1', 's2']);

    const chain = doc.sections[2];
    expect(chain.blocks.map((b) => b.kind)).toEqual(['flow', 'table', 'tiles']);
    expect(chain.blocks[0]).toMatchObject({ steps: [{ title: 'Data * supply', text: 'collect <raw> data' }, { title: 'Models', text: '' }] });
    expect(chain.blocks[1]).toMatchObject({ columns: ['Sector', 'Pain points'], rows: [[[{ text: 'Finance' }], [{ text: 'risk & cost' }]]] });
    // Tiles keep the unit and say what the figure covers.
    expect(chain.blocks[2]).toMatchObject({ tiles: [
      { figureId: 'filed', value: '309 models', label: 'large models filed (as of November 2024)', long: '309 models (as of November 2024)', name: 'large models filed' },
      { figureId: 'price', value: 'below CNY 0.5 per million tokens', label: 'token price' },
    ] });
    expect(doc.headlines?.map((h) => h.value)).toEqual(['309 models', 'below CNY 0.5 per million tokens']);
    // Only the charts the story places; sources in order of first use.
    expect(Object.keys(doc.charts)).toEqual(['size']);
    expect(doc.sources.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  it('says a change with its direction: {{change}} never reads as a negative rise', () => {
    const data = findings();
    data.figures.trend = { id: 'trend', label: 'pack price trend', value: -13, unit: '%', qualifier: 'about', period: '2015–2024', perYear: true, source: 's1', derived: { kind: 'implied', formula: 'x', inputs: [] } };
    const doc = composeDocument(data, templates('## Prices\n\nThe pack price {{change "trend"}}.\n'));
    const paragraph = doc.sections[0].blocks[0];
    expect(paragraph.kind === 'paragraph' && paragraph.runs.map((r) => r.text).join('')).toBe('The pack price falls about 13% a year (2015–2024, implied).');
  });

  it('renders data literally: markup, template code, entities and Chinese never become markup', () => {
    const doc = composeDocument(findings(), templates('## {{edition.title}}\n\n{{edition.title}}\n\n- {{#each collections.steps.items}}{{title}} {{/each}}\n'));
    const [section] = doc.sections;
    expect(section.title).toBe(TRICKY);
    const paragraph = section.blocks[0];
    expect(paragraph).toEqual({ kind: 'paragraph', audience: 'both', runs: [{ text: TRICKY }] });
    expect(JSON.stringify(section)).not.toContain('&amp;amp;');
    expect(section.blocks[1]).toMatchObject({ items: [{ runs: [{ text: 'Data * supply Models' }] }] });
  });

  it('marks deck-only and report-only content', () => {
    const doc = composeDocument(findings(), templates('## One\nshared\n{{#deck}}\nfor the deck\n{{/deck}}\n{{#report}}\nfor the report\n\n## Report only\ntext\n{{/report}}\n'));
    expect(doc.sections[0].blocks.map((b) => b.audience)).toEqual(['both', 'deck', 'report']);
    expect(doc.sections[1]).toMatchObject({ title: 'Report only', audience: 'report' });
  });

  it('includes partials and reports every unknown id at once, with file and line', () => {
    const dir = templates('## A\n{{> part}}\n{{fig "nope"}}\n', { part: 'ok\n\n{{chart "missing"}}\n{{table "nothing"}}\n' });
    let error: unknown;
    try { composeDocument(findings(), dir); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.map((p) => [path.basename(p.file ?? ''), p.line])).toEqual([['part.hbs', 3], ['part.hbs', 4], ['story.hbs', 3]]);
    expect(problems[0].message).toContain('no chart with id "missing"');
    expect(problems[2].hint).toContain('filed');
  });

  it('names the template and line of a syntax error and of an unknown field', () => {
    try {
      composeDocument(findings(), templates('## A\n{{#notes}}\ntext\n'));
    } catch (e) {
      expect(formatError(e)).toMatch(/story\.hbs:2:1: \{\{#notes\}\} \(line 2\) is never closed\n  hint: add \{\{\/notes\}\}/);
    }
    try {
      composeDocument(findings(), templates('## A\n\n{{edition.titel}}\n'));
    } catch (e) {
      expect((e as ValidationError).problems[0]).toMatchObject({ line: 3, message: expect.stringContaining('titel') });
    }
    expect.assertions(2);
  });

  it('says when a figure is for, and refuses {{when}} on a figure that does not say', () => {
    const doc = composeDocument(findings(), templates('## Filed by {{when "filed"}}\n\n{{value "filed"}} models by {{when "filed"}}\n'));
    expect(doc.sections[0].title).toBe('Filed by November 2024');
    const [paragraph] = doc.sections[0].blocks;
    expect(paragraph.kind === 'paragraph' && paragraph.runs.map((r) => r.text).join('')).toBe('309 models by November 2024');
    let error: unknown;
    try { composeDocument(findings(), templates('## A\n\nby {{when "price"}}\n')); } catch (e) { error = e; }
    expect((error as ValidationError).problems[0]).toMatchObject({ line: 3, message: expect.stringContaining('{{when "price"}}') });
  });

  it('places cards: the collection\'s items side by side, without order', () => {
    const doc = composeDocument(findings(), templates('## A\n\n{{cards "steps"}}\n'));
    expect(doc.sections[0].blocks[0]).toMatchObject({ kind: 'flow', cards: true, title: 'Steps', sources: ['s2'], steps: [{ title: 'Data * supply' }, { title: 'Models' }] });
  });

  it('keeps the notes under a chapter heading with the chapter (said on its divider)', () => {
    const doc = composeDocument(findings(), templates('# Market\n\n{{#notes}}\nWhy this matters.\n{{/notes}}\n\n## A\n\ntext\n'));
    expect(doc.sections[0]).toMatchObject({ level: 1, notes: [[{ text: 'Why this matters.' }]] });
    expect(doc.sections[1].notes).toEqual([]);
  });

  it('rejects raw HTML and content before the first heading', () => {
    expect(() => composeDocument(findings(), templates('intro\n\n## A\n<div>x</div>\n'))).toThrow(ValidationError);
  });
});
