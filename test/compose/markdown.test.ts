// The Markdown authors expect: numbered lists, pictures from the templates folder with their alt text,
// pipe tables and call-outs, parsed into the Document's blocks; every mistake in them said where it is.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { ValidationError } from '../../src/errors.ts';
import type { Block, Findings } from '../../src/types.ts';
import { pngOf, svgOf } from '../helpers/pictures.ts';

function findings(): Findings {
  return {
    edition: { title: 'Edition', date: '2026-11-22', language: 'en' },
    sources: { s1: { id: 's1', title: 'Source one', language: 'en' }, s2: { id: 's2', title: 'Source two', language: 'en' } },
    figures: {
      filed: { id: 'filed', label: 'large models filed', value: 309, unit: 'models', source: 's1' },
      price: { id: 'price', label: 'token price', value: 0.5, unit: 'per million tokens', currency: 'CNY', qualifier: 'below', source: 's2' },
    },
    collections: {},
    charts: {},
  };
}

function templates(story: string, files: Record<string, Buffer | string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-markdown-'));
  writeFileSync(path.join(dir, 'story.hbs'), story);
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}

const blocksOf = (story: string, files?: Record<string, Buffer | string>): Block[] => composeDocument(findings(), templates(story, files)).sections.flatMap((s) => s.blocks);
const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');

function problemsOf(story: string, files?: Record<string, Buffer | string>): ValidationError['problems'] {
  try {
    composeDocument(findings(), templates(story, files));
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('composed without a problem');
}

describe('Markdown blocks', () => {
  it('numbered lists keep their numbers, from the number they start at, with nested levels of either kind', () => {
    const [list] = blocksOf('## Steps\n\n3. Collect {{fig "filed"}}\n4. Clean\n   - a bullet under it\n   1. a numbered sub-step\n   2. another\n7. Train\n');
    expect(list.kind).toBe('bullets');
    if (list.kind !== 'bullets') return;
    expect(list.items.map((i) => [i.level, i.number, text(i.runs)])).toEqual([
      [0, 3, expect.stringMatching(/^Collect 309 models/)],
      [0, 4, 'Clean'],
      [1, undefined, 'a bullet under it'],
      [1, 1, 'a numbered sub-step'],
      [1, 2, 'another'],
      // Markdown counts on from the first item's number, whatever the later items say.
      [0, 5, 'Train'],
    ]);
    expect(list.items[0].runs.some((r) => r.cite === 's1')).toBe(true);
  });

  it('pipe tables are table blocks: header cells, cells with helpers and citations, alignment', () => {
    const [table] = blocksOf('## Prices\n\n| Model | Price | Note |\n| :-- | --: | :-: |\n| A \\| B | {{value "price"}} | **new** |\n| C | {{fig "filed"}} | |\n');
    expect(table).toMatchObject({ kind: 'table', columns: ['Model', 'Price', 'Note'], align: ['left', 'right', 'center'], sources: ['s2', 's1'] });
    if (table.kind !== 'table') return;
    expect(table.collectionId).toBeUndefined();
    expect(table.rows.map((row) => row.map(text))).toEqual([['A | B', 'below CNY 0.5', 'new'], ['C', '309 models', '']]);
    expect(table.rows[0][1][0].cite).toBe('s2');
    expect(table.rows[0][2]).toEqual([{ text: 'new', bold: true }]);
  });

  it('{{#callout}} is a key message, with an optional heading; its citations count for the section', () => {
    const doc = composeDocument(findings(), templates('## Outlook\n\nText.\n\n{{#callout "Key message"}}\nPrices fell **below** {{value "price"}}.\n\nA second line.\n{{/callout}}\n\n{{#callout}}\nNo heading here.\n{{/callout}}\n'));
    const [, first, second] = doc.sections[0].blocks;
    expect(first).toMatchObject({ kind: 'callout', title: 'Key message', audience: 'both' });
    if (first.kind !== 'callout' || second.kind !== 'callout') throw new Error('not call-outs');
    expect(first.paragraphs.map(text)).toEqual(['Prices fell below below CNY 0.5.', 'A second line.']);
    expect(first.paragraphs[0]).toContainEqual({ text: 'below', bold: true });
    expect(second.title).toBeUndefined();
    expect(doc.sections[0].sources).toEqual(['s2']);
  });

  it('an image alone in its paragraph is a picture from the templates folder, with its alt text and caption', () => {
    const png = pngOf(300, 150);
    const [image, svg] = blocksOf('## Map\n\n![Map of the regions](images/map.png "Where the models are filed")\n\n![Logo of the survey](<logo file.svg>)\n', {
      'images/map.png': png, 'logo file.svg': svgOf('viewBox="0 0 120 40"'),
    });
    expect(image).toMatchObject({ kind: 'image', alt: 'Map of the regions', caption: 'Where the models are filed', image: { src: 'images/map.png', format: 'png', width: 300, height: 150 } });
    if (image.kind === 'image') expect(image.image.bytes.equals(png)).toBe(true);
    expect(svg).toMatchObject({ kind: 'image', alt: 'Logo of the survey', image: { format: 'svg', width: 120, height: 40 } });
  });

  it('says what is wrong with an image: no alt text, a path that leaves the templates folder, a missing or broken file', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'bs-outside-'));
    writeFileSync(path.join(outside, 'secret.png'), pngOf(4, 4));
    const dir = templates('## A\n\nx\n', { 'map.png': pngOf(10, 10), 'cut.png': pngOf(200, 200).subarray(0, 60), 'anim.gif': Buffer.from('GIF89a\x01\x00\x01\x00'), 'no-size.svg': svgOf('') });
    symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'link.png'));
    const cases: [string, RegExp, RegExp][] = [
      ['![](map.png)', /the image map\.png has no alt text/, /say what the picture shows/],
      ['![  ](map.png)', /has no alt text/, /between the brackets/],
      ['![Map](../outside.png)', /\.\.\/outside\.png leads outside the templates folder/, /copy the picture into the templates folder/],
      ['![Map](/etc/hosts)', /\/etc\/hosts is an absolute path/, /templates folder/],
      ['![Map](https://example.com/map.png)', /is a web address; .*nothing is downloaded/, /save the picture into the templates folder/],
      ['![Map](link.png)', /link\.png is a link to a file outside the templates folder/, /copy the picture/],
      ['![Map](mpa.png)', /mpa\.png does not exist in the templates folder/, /did you mean map\.png\?/],
      ['![Map](cut.png)', /cut\.png is not a whole PNG picture \(the file ends too soon/, /save it again/],
      ['![Map](anim.gif)', /anim\.gif is a GIF picture; Briefsmith takes PNG, JPEG and SVG/, /save it as PNG/],
      ['![Map](no-size.svg)', /no-size\.svg has no size/, /viewBox/],
      ['![Map](story.hbs)', /story\.hbs is not a PNG, JPEG or SVG picture/, /check that the file/],
      ['Text with ![Map](map.png) inside it.', /an image stands in a paragraph of its own/, /on its own line/],
    ];
    for (const [line, message, hint] of cases) {
      writeFileSync(path.join(dir, 'story.hbs'), `## A\n\n${line}\n`);
      let problems: ValidationError['problems'] = [];
      try { composeDocument(findings(), dir); } catch (e) { problems = (e as ValidationError).problems ?? []; }
      expect(problems, line).toHaveLength(1);
      expect(problems[0].message, line).toMatch(message);
      expect(problems[0].hint, line).toMatch(hint);
      expect(problems[0].file, line).toMatch(/story\.hbs$/);
    }
  });

  it('says what is wrong with a call-out, a quote or an empty table', () => {
    expect(problemsOf('## A\n\n{{#callout}}\n- a list\n{{/callout}}\n')[0].message).toMatch(/a call-out holds paragraphs only \(found list\)/);
    expect(problemsOf('## A\n\n{{#callout}}\n{{/callout}}\n')[0].message).toMatch(/\{\{#callout\}\} holds no text/);
    expect(problemsOf('## A\n\n{{#notes}}\n{{#callout}}\nx\n{{/callout}}\n{{/notes}}\n')[0].message).toMatch(/\{\{#callout\}\} inside \{\{#notes\}\}/);
    expect(problemsOf('## A\n\n{{#callout}}\n## B\n{{/callout}}\n')[0].message).toMatch(/heading "B" inside \{\{#callout\}\}/);
    const [quote] = problemsOf('## A\n\n> a quote\n');
    expect(quote).toMatchObject({ message: expect.stringMatching(/a quote \(>\) is not read/), hint: expect.stringMatching(/\{\{#callout\}\}/) });
  });
});

describe('spaces after full-width punctuation', () => {
  const runsOf = (story: string) => {
    const [block] = blocksOf(`# 章\n\n## 节\n\n${story}\n`);
    return block.kind === 'bullets' ? block.items[0].runs : block.kind === 'paragraph' ? block.runs : [];
  };

  it('drops the space after a bold lead-in that ends in Chinese punctuation, before Chinese text, and keeps the bold', () => {
    const runs = runsOf('- **按行业进入市场。** 大多数已备案模型面向单一行业。');
    expect(text(runs)).toBe('按行业进入市场。大多数已备案模型面向单一行业。');
    expect(runs[0]).toMatchObject({ text: '按行业进入市场。', bold: true });
  });

  it('drops it inside a run and after every kind of full-width mark', () => {
    expect(text(runsOf('两者无法调和。 按增长率做的规划会高估；  市场（预测） 仍在增长： 见下。'))).toBe('两者无法调和。按增长率做的规划会高估；市场（预测）仍在增长：见下。');
  });

  it('keeps a space before Latin words and numbers, between ideographs, and in English text', () => {
    expect(text(runsOf('模型：**GPT-3。** GPU 集群。 2024年 增长'))).toBe('模型：GPT-3。 GPU 集群。 2024年 增长');
    expect(text(runsOf('**Plan on the market size.** The two do not reconcile.'))).toBe('Plan on the market size. The two do not reconcile.');
  });
});
