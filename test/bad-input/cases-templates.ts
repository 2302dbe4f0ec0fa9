// Bad templates and themes: each named at its template, line and column, with the partial chain.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type BadInput, file, partial } from './case.ts';
import { edit, lineOf } from './harness.ts';

export const TEMPLATE_CASES: BadInput[] = [
  // ---- 3/4. template problems: the template's file, line and column, and the partial chain ---------
  {
    name: '{{chart "constructor"}}', kind: 'ids', via: 'cli',
    arrange: (p) => partial(p, '## Extra\n\n{{chart "constructor"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /no chart with id "constructor"\n  included from .*story\.hbs:\d+:1/,
  },
  {
    name: '{{fig "constructor"}}', kind: 'ids',
    arrange: (p) => partial(p, '## Extra\n\nText {{fig "constructor"}}.\n'),
    where: () => 'templates/partials/zz.hbs:3:6', says: /no figure with id "constructor"/,
  },
  {
    name: '{{table "toString"}}', kind: 'ids',
    arrange: (p) => partial(p, '## Extra\n\n{{table "toString"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /no collection with id "toString"/,
  },
  {
    name: '{{cite "hasOwnProperty"}} and {{timeline "__proto__"}}', kind: 'ids',
    arrange: (p) => partial(p, '## Extra\n\nText{{cite "hasOwnProperty"}}\n\n{{timeline "__proto__"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:5', says: /no source with id "hasOwnProperty"[\s\S]*zz\.hbs:5:1: \{\{timeline "__proto__"\}\}: no collection/,
  },
  {
    name: 'raw HTML in a partial', kind: 'templates', via: 'cli',
    arrange: (p) => partial(p, '## Extra\n\n<div class="x">boxed</div>\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /raw HTML in a template: <div class="x">[\s\S]*included from .*story\.hbs/,
  },
  {
    name: 'inline HTML in a sentence', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\nSome <span>words</span>.\n'),
    where: () => 'templates/partials/zz.hbs:3:6', says: /raw HTML in a template: <span>/,
  },
  {
    name: 'a heading of level three', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n### Too deep\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /heading "Too deep" is level 3/,
  },
  {
    name: 'a code block', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n```\ncode\n```\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /a code block is not supported/,
  },
  {
    name: 'a Markdown table without rows', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n| a | b |\n| - | - |\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /a table without rows/,
  },
  {
    name: 'a picture without alt text', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n![](logo.png)\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /the image logo\.png has no alt text/,
  },
  {
    name: 'a picture that is not in the templates folder', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n![A map](../../etc/passwd)\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /image:/,
  },
  {
    name: 'a heading inside the speaker notes', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{#notes}}\n## Not a slide\n{{/notes}}\n'),
    where: () => 'templates/partials/zz.hbs:4:1', says: /heading "Not a slide" inside \{\{#notes\}\}/,
  },
  {
    name: 'text before the first heading of the story', kind: 'templates',
    arrange: (p) => edit(file(p, 'templates/story.hbs'), /^/, 'Intro text.\n\n'),
    where: () => 'templates/story.hbs:1:1', says: /content before the first heading/,
  },
  {
    name: '{{table}} of a collection without columns', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{table "product_paths"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /collection "product_paths" has no columns/,
  },
  {
    name: 'a missing partial (with a near name)', kind: 'templates', via: 'cli',
    arrange: (p) => edit(file(p, 'templates/story.hbs'), '{{> economics}}', '{{> economcs}}'),
    where: (p) => `templates/story.hbs:${lineOf(file(p, 'templates/story.hbs'), '{{> economcs}}')}:1`, says: /there is no partial "economcs"\n  hint: did you mean \{\{> economics\}\}/,
  },
  {
    name: 'a partial that includes itself', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\nagain\n\n{{> zz}}\n'),
    where: () => 'templates/partials/zz.hbs:5:1', says: /the partial "zz" includes itself/,
  },
  {
    name: 'two partials that include each other', kind: 'templates',
    arrange: (p) => { partial(p, '## Extra\n\n{{> zy}}\n'); writeFileSync(file(p, 'templates/partials/zy.hbs'), 'text\n\n{{> zz}}\n'); },
    where: () => 'templates/partials/zy.hbs:3:1', says: /the partial "zz" includes itself .*\n  included from .*zz\.hbs:3:1, included from .*zy\.hbs:3:1, included from .*story\.hbs:\d+:1\n/,
  },
  {
    name: '{{fig}} without an id', kind: 'templates', via: 'cli',
    arrange: (p) => partial(p, '## Extra\n\nThe market: {{fig}}.\n'),
    where: () => 'templates/partials/zz.hbs:3:13', says: /\{\{fig\}\} needs a figure id in quotes/,
  },
  {
    name: '{{fig}} with an extra argument', kind: 'dubious',
    arrange: (p) => partial(p, '## Extra\n\n{{fig "models_filed" "models_filed_2025"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /\{\{fig\}\} takes a figure id, not 2 arguments: extra arguments would be ignored/,
  },
  {
    name: '{{value}} with a name=value option', kind: 'dubious',
    arrange: (p) => partial(p, '## Extra\n\n{{value "models_filed" format="short"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /takes no options \(format=\)/,
  },
  {
    name: '{{chart}} with a number for an id', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{chart 2027}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /\{\{chart\}\} takes a chart id in quotes, not 2027/,
  },
  {
    name: '{{fig}} given a whole record', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{fig edition}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /\{\{fig\}\} needs a figure id, not a record/,
  },
  {
    name: '{{notes}} without its block', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{notes}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /\{\{notes\}\} wraps a block/,
  },
  {
    name: 'an unknown helper', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{figg "models_filed"}}\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /there is no helper "figg"\n  hint: did you mean \{\{fig\}\}/,
  },
  {
    name: 'a {{#notes}} that is never closed', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n  {{#notes}}\nTalk.\n'),
    where: () => 'templates/partials/zz.hbs:3:3', says: /\{\{#notes\}\} \(line 3\) is never closed/,
  },
  {
    name: 'a {{ that is never closed', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\nSee {{fig "models_filed"\n'),
    where: () => 'templates/partials/zz.hbs:3:25', says: /template syntax error: unexpected end of file/,
  },
  {
    name: 'a misspelt field of the edition', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n{{edition.titel}}\n'),
    where: () => 'templates/partials/zz.hbs:3:3', says: /"titel" is not defined here/,
  },
  {
    name: '{{date}} of an impossible day', kind: 'values',
    arrange: (p) => partial(p, '## Extra\n\nOn {{date "2026-02-30"}}.\n'),
    where: () => 'templates/partials/zz.hbs:3:4', says: /\{\{date\}\}: "2026-02-30" is not a date/,
  },
  {
    name: 'ESC in a template', kind: 'values',
    arrange: (p) => partial(p, '## Extra\n\nred\u001b[31m text\n'),
    where: () => 'templates/partials/zz.hbs:3:4', says: /contains the invisible character U\+001B \(ESC\)/,
  },

  // ---- 6/8. the theme: a schema with positions, defaults, the nearest known key, a BOM accepted ----
  {
    name: 'theme.json that is not valid JSON (a missing comma)', kind: 'theme', via: 'cli',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"bodySize": 18,', '"bodySize": 18'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), 'minBodySize')}:5`, says: /not valid JSON: Expected ',' or '\}' after property value/,
  },
  {
    name: 'a font size written as text', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"bodySize": 18', '"bodySize": "18"'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"bodySize": "18"')}:17`, says: /deck\.bodySize: must be a number from 8 to 48 \(points\), not "18"/,
  },
  {
    name: 'a negative font size', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"titleSize": 26', '"titleSize": -26'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"titleSize": -26')}:18`, says: /deck\.titleSize: must be a number from 12 to 80/,
  },
  {
    name: 'a chart width of zero', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"width": 1600', '"width": 0'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"width": 0')}:14`, says: /chart\.width: must be a number from 400 to 4000 \(pixels\)/,
  },
  {
    name: 'maxBullets: 0', kind: 'dubious',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"maxBullets": 7', '"maxBullets": 0'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"maxBullets": 0')}:19`, says: /deck\.maxBullets: must be a number from 1 to 20 \(bullets a slide\)/,
  },
  {
    name: 'a smallest title size above the title size', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"minTitleSize": 22', '"minTitleSize": 40'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"minTitleSize": 40')}:21`, says: /deck\.minTitleSize: must not be larger than deck\.titleSize \(26\)/,
  },
  {
    name: 'a misspelt theme key', kind: 'theme', via: 'cli',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"captionSize"', '"captoinSize"'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), 'captoinSize')}:5`, says: /unknown theme key "captoinSize"\n  hint: did you mean "captionSize"\?/,
  },
  {
    name: 'a named colour', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"accent": "E07A1F"', '"accent": "orange"'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"accent"')}:15`, says: /colors\.accent: must be a colour as six hex digits/,
  },
  {
    name: 'a font that is not installed', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"latin": "Noto Sans"', '"latin": "Nowhere Sans"'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), 'Nowhere Sans')}:14`, says: /fonts\.latin: font "Nowhere Sans" is not installed/,
  },
  {
    name: 'no theme.json: the built-in theme', kind: 'theme', exit: 0,
    arrange: (p) => rmSync(file(p, 'templates/theme.json')),
    where: () => '', says: /^$/,
  },
  {
    name: 'a theme.json with one section only: defaults for the rest, its page size honoured', kind: 'theme', exit: 0,
    arrange: (p) => writeFileSync(file(p, 'templates/theme.json'), '{ "report": { "pageSize": "letter" } }\n'),
    where: () => '', says: /^$/,
    then: (p) => expect(execFileSync('pdfinfo', [file(p, 'out/report.pdf')], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792 pts \(letter\)/),
  },
  {
    name: 'a byte-order mark in theme.json and in a template', kind: 'encoding', exit: 0,
    arrange: (p) => {
      for (const f of ['templates/theme.json', 'templates/story.hbs']) writeFileSync(file(p, f), `\uFEFF${readFileSync(file(p, f), 'utf8')}`);
    },
    where: () => '', says: /^$/,
  },

];
