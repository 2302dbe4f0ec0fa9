// The bad inputs, one row each: how the shipped project is spoiled, and what the user must then be told.
// Each is the kind of mistake a user makes (not a copy of one example): the suite runs them all.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { buildArgs, edit, lineOf, type Project } from './harness.ts';

export interface BadInput {
  name: string;
  /** The class of mistake (issue 13's list). */
  kind: 'file system' | 'self-harm' | 'encoding' | 'values' | 'ids' | 'templates' | 'derived' | 'theme' | 'recipients' | 'dubious';
  /** Spoils the copied project; returns the CLI arguments when they are not the plain build. */
  arrange(p: Project): string[] | void;
  /** Where the message must point: a path relative to the project, with :line[:column] when there is one. */
  where(p: Project): string;
  /** What the message must say: the field or the problem, in the user's terms. */
  says: RegExp;
  /** 2 unless the input is legitimate after all (then the build must succeed). */
  exit?: 0 | 2;
  /** For a build that must succeed: what else to check in its outputs. */
  then?: (p: Project) => void;
  /** How many problems must be reported (a root cause once, not a cascade). */
  count?: number;
  /** Run through the real executable (`unprivileged`: as a user who cannot read or write what root can). */
  via?: 'cli' | 'unprivileged';
}

const file = (p: Project, rel: string) => path.join(p.dir, rel);

export const CASES: BadInput[] = [
  // ---- 1. the user's own file-system mistakes ---------------------------------------------------
  {
    name: 'a dangling symlink among the data files', kind: 'file system', via: 'cli',
    arrange: (p) => symlinkSync(path.join(p.dir, 'gone.yaml'), file(p, 'data/extra.yaml')),
    where: () => 'data/extra.yaml', says: /is a link to .*gone\.yaml, which does not exist/,
  },
  {
    name: 'a symlink loop among the data files', kind: 'file system',
    arrange: (p) => { symlinkSync(file(p, 'data/b.yaml'), file(p, 'data/a.yaml')); symlinkSync(file(p, 'data/a.yaml'), file(p, 'data/b.yaml')); },
    where: () => 'data/a.yaml', says: /symlink loop/,
  },
  {
    name: 'a folder named like a data file', kind: 'file system',
    arrange: (p) => mkdirSync(file(p, 'data/old.yaml')),
    where: () => 'data/old.yaml', says: /is a folder, not a file/,
  },
  {
    name: 'a named pipe named like a data file (no hang)', kind: 'file system',
    arrange: (p) => { execFileSync('mkfifo', [file(p, 'data/pipe.yaml')]); },
    where: () => 'data/pipe.yaml', says: /not a regular file/,
  },
  {
    name: 'a data file that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(file(p, 'data/figures.yaml'), 0o000),
    where: () => 'data/figures.yaml', says: /cannot be read: permission denied/,
  },
  {
    name: 'a partial that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(file(p, 'templates/partials/market.hbs'), 0o000),
    where: () => 'templates/partials/market.hbs', says: /cannot be read: permission denied/,
  },
  {
    name: 'a data folder that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.data, 0o000),
    where: () => 'data', says: /the data folder cannot be read: permission denied/,
  },
  {
    name: 'a templates folder that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.templates, 0o000),
    where: () => 'templates', says: /the templates folder cannot be read: permission denied/,
  },
  {
    name: 'a folder named story.hbs', kind: 'file system',
    arrange: (p) => { rmSync(file(p, 'templates/story.hbs')); mkdirSync(file(p, 'templates/story.hbs')); },
    where: () => 'templates/story.hbs', says: /is a folder, not a file/,
  },
  {
    name: 'a dangling symlink among the partials', kind: 'file system',
    arrange: (p) => symlinkSync('nowhere.hbs', file(p, 'templates/partials/extra.hbs')),
    where: () => 'templates/partials/extra.hbs', says: /is a link to nowhere\.hbs, which does not exist/,
  },
  {
    name: 'a data folder that does not exist', kind: 'file system',
    arrange: (p) => { rmSync(p.data, { recursive: true }); },
    where: () => 'data', says: /the data folder does not exist/,
  },
  {
    name: '--data pointing at a file', kind: 'file system',
    arrange: (p) => buildArgs({ ...p, data: file(p, 'data/figures.yaml') }),
    where: () => 'data/figures.yaml', says: /the data folder is not a folder/,
  },
  {
    name: 'a data folder without data files', kind: 'file system',
    arrange: (p) => { rmSync(p.data, { recursive: true }); mkdirSync(p.data); writeFileSync(file(p, 'data/notes.txt'), 'x'); },
    where: () => 'data', says: /no data files/,
  },
  {
    name: 'a templates folder that does not exist', kind: 'file system', via: 'cli',
    arrange: (p) => { rmSync(p.templates, { recursive: true }); },
    where: () => 'templates', says: /templates folder does not exist/,
  },
  {
    name: 'no story.hbs in the templates', kind: 'file system',
    arrange: (p) => rmSync(file(p, 'templates/story.hbs')),
    where: () => 'templates/story.hbs', says: /no story\.hbs/,
  },
  {
    name: '--out pointing at a file', kind: 'file system', via: 'cli',
    arrange: (p) => { writeFileSync(file(p, 'notes.txt'), 'mine'); return buildArgs({ ...p, out: file(p, 'notes.txt') }); },
    where: () => 'notes.txt', says: /output folder \(--out\) is a file, not a folder/,
  },
  {
    name: '--out below a file', kind: 'file system',
    arrange: (p) => { writeFileSync(file(p, 'notes.txt'), 'mine'); return buildArgs({ ...p, out: file(p, 'notes.txt/out') }); },
    where: () => 'notes.txt/out', says: /notes\.txt is a file, not a folder/,
  },
  {
    name: '--out at a folder that cannot be written', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.out, 0o555),
    where: () => 'out', says: /cannot be written: permission denied/,
  },
  {
    name: '--out at a new folder inside one that cannot be written', kind: 'file system', via: 'unprivileged',
    arrange: (p) => { chmodSync(p.out, 0o555); return buildArgs({ ...p, out: file(p, 'out/next') }); },
    where: () => 'out', says: /cannot be written: permission denied/,
  },
  {
    name: '--out at the root of the file system', kind: 'file system', via: 'cli',
    arrange: (p) => buildArgs({ ...p, out: '/' }),
    where: () => '/', says: /is the root of the file system/,
  },
  {
    name: 'a folder where an output file belongs', kind: 'file system',
    arrange: (p) => { rmSync(file(p, 'out/report.pdf')); mkdirSync(file(p, 'out/report.pdf')); },
    where: () => 'out/report.pdf', says: /is a folder where Briefsmith writes a file/,
  },

  // ---- 7. self-harm: outputs among the inputs -----------------------------------------------------
  {
    name: '--out equal to --data', kind: 'self-harm', via: 'cli',
    arrange: (p) => buildArgs({ ...p, out: p.data }),
    where: () => 'data', says: /is the data folder itself/,
  },
  {
    name: '--out inside --data', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: file(p, 'data/out') }),
    where: () => 'data/out', says: /inside the data folder/,
  },
  {
    name: '--out equal to --templates', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: p.templates }),
    where: () => 'templates', says: /is the templates folder itself/,
  },
  {
    name: '--out inside --templates', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: file(p, 'templates/partials') }),
    where: () => 'templates/partials', says: /inside the templates folder/,
  },
  {
    name: '--out holding the data folder', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: p.dir }),
    where: (p) => path.relative(p.dir, p.dir) || '.', says: /holds the data folder/,
  },
  {
    name: '--out through a symlink to the data folder', kind: 'self-harm',
    arrange: (p) => { symlinkSync(p.data, file(p, 'out-link')); return buildArgs({ ...p, out: file(p, 'out-link') }); },
    where: () => 'out-link', says: /is the data folder itself/,
  },

  // ---- 2/8. text that is not UTF-8, and byte-order marks -----------------------------------------
  {
    name: 'Latin-1 bytes in a data file', kind: 'encoding', via: 'cli',
    arrange: (p) => appendFileSync(file(p, 'data/edition.yaml'), Buffer.from('# Caf\xe9 cr\xe8me\n', 'latin1')),
    where: (p) => `data/edition.yaml:${lineCount(file(p, 'data/edition.yaml'))}:6`, says: /is not UTF-8 text: byte 0xE9/,
  },
  {
    name: 'Latin-1 bytes in a partial', kind: 'encoding',
    arrange: (p) => appendFileSync(file(p, 'templates/partials/market.hbs'), Buffer.from('\nCaf\xe9\n', 'latin1')),
    where: (p) => `templates/partials/market.hbs:${lineCount(file(p, 'templates/partials/market.hbs'))}:4`, says: /is not UTF-8 text/,
  },
  {
    name: 'a UTF-16 data file', kind: 'encoding',
    arrange: (p) => writeFileSync(file(p, 'data/extra.yaml'), Buffer.from('\ufeffsources: {}\n', 'utf16le')),
    where: () => 'data/extra.yaml:1:1', says: /UTF-16/,
  },

  // ---- 2. values that pass a type check and would then corrupt the outputs ------------------------
  {
    name: 'an impossible day in the edition date (30 February)', kind: 'values', via: 'cli',
    arrange: (p) => edit(file(p, 'data/edition.yaml'), '"2026-11-22"', '"2026-02-30"'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'date:')}:9`, says: /edition\.date: "2026-02-30" is not a date: February 2026 has no day 30/,
  },
  {
    name: 'month 13 in an as-of date', kind: 'values',
    arrange: (p) => data(p, figure('asOf: "2024-13"')),
    where: () => 'data/zz-case.yaml:6:11', says: /figures\.zz_case\.asOf: "2024-13" is not a date: month 13/,
  },
  {
    name: '29 February in a year that has none, in a source date', kind: 'values',
    arrange: (p) => data(p, 'sources:\n  zz_source:\n    title: A source\n    language: en\n    date: "2023-02-29"\n'),
    where: () => 'data/zz-case.yaml:5:11', says: /sources\.zz_source\.date: .*February 2023 has no day 29/,
  },
  {
    name: 'an edition date that is a year, not a day', kind: 'values',
    arrange: (p) => edit(file(p, 'data/edition.yaml'), '"2026-11-22"', '"2026"'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'date:')}:9`, says: /edition\.date: must be a day: YYYY-MM-DD/,
  },
  {
    name: 'an edition date before 1980 (zip entries cannot carry it)', kind: 'values',
    arrange: (p) => edit(file(p, 'data/edition.yaml'), '"2026-11-22"', '"1979-12-31"'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'date:')}:9`, says: /edition\.date: .*1980–2107/,
  },
  {
    name: 'a value of 1.0e+300', kind: 'values', via: 'cli',
    arrange: (p) => data(p, figure('value: 1.0e+300')),
    where: () => 'data/zz-case.yaml:6:12', says: /figures\.zz_case\.value: 1e\+300 is too large to show as digits/,
  },
  {
    name: 'a range whose high end is 1.0e+16', kind: 'values',
    arrange: (p) => data(p, figure('range: [1, 1.0e+16]')),
    where: () => 'data/zz-case.yaml:6:16', says: /figures\.zz_case\.range\[1\]: 1e\+16 is too large/,
  },
  {
    name: 'a value of 1.0e-12', kind: 'values',
    arrange: (p) => data(p, figure('value: 1.0e-12')),
    where: () => 'data/zz-case.yaml:6:12', says: /figures\.zz_case\.value: 1e-12 is too small to show as digits/,
  },
  {
    name: 'a value of .inf', kind: 'values',
    arrange: (p) => data(p, figure('value: .inf')),
    where: () => 'data/zz-case.yaml:6:12', says: /figures\.zz_case\.value: must be a number, not \.inf/,
  },
  {
    name: 'a value of .nan', kind: 'values',
    arrange: (p) => data(p, figure('value: .nan')),
    where: () => 'data/zz-case.yaml:6:12', says: /figures\.zz_case\.value: must be a number, not \.nan/,
  },
  {
    name: 'NUL in the edition title (a YAML escape)', kind: 'values', via: 'cli',
    arrange: (p) => edit(file(p, 'data/edition.yaml'), "title: China's large-model market", 'title: "China\\0s market"'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'title:')}:10`, says: /edition\.title: contains the invisible character U\+0000 \(NUL\)/,
  },
  {
    name: 'ESC (a terminal colour code) in a figure label', kind: 'values',
    arrange: (p) => data(p, figure('value: 1', '"\\e[31mred\\e[0m"')),
    where: () => 'data/zz-case.yaml:3:12', says: /figures\.zz_case\.label: contains the invisible character U\+001B \(ESC\)/,
  },
  {
    name: 'BEL in a collection item', kind: 'values',
    arrange: (p) => data(p, 'collections:\n  zz_list:\n    title: A list\n    sources: [s002]\n    items:\n      - title: "ding\\a"\n'),
    where: () => 'data/zz-case.yaml:6:16', says: /collections\.zz_list\.items\[0\]\.title: contains the invisible character U\+0007 \(BEL\)/,
  },
  {
    name: 'an unpaired surrogate in a note', kind: 'values',
    arrange: (p) => data(p, figure('value: 1\n    note: "half \\uD83D of an emoji"')),
    where: () => 'data/zz-case.yaml:7:11', says: /figures\.zz_case\.note: contains the invisible character U\+D83D \(an unpaired surrogate\)/,
  },
  {
    name: 'a C1 control character (U+009B) in a unit', kind: 'values',
    arrange: (p) => data(p, figure('value: 1', undefined, '"models\\u009B"')),
    where: () => 'data/zz-case.yaml:4:11', says: /figures\.zz_case\.unit: contains the invisible character U\+009B/,
  },
  {
    name: '__proto__ as a figure id', kind: 'values',
    arrange: (p) => data(p, figure('value: 1').replace('zz_case', '__proto__')),
    where: () => 'data/zz-case.yaml:2:3', says: /figures\.__proto__: "__proto__" cannot be used as a name/,
  },
  {
    name: 'a negative share of a whole', kind: 'dubious',
    arrange: (p) => data(p, 'figures:\n  zz_share:\n    label: share\n    value: -20\n    unit: "%"\n    whole: filed_models_by_type\n    source: s002\n'),
    where: () => 'data/zz-case.yaml:4:12', says: /a share of "filed_models_by_type" must be between 0% and 100%, not -20%/,
  },

  // ---- 3. ids that JavaScript objects inherit are ordinary ids -----------------------------------
  {
    name: 'headlines: [constructor]', kind: 'ids', via: 'cli',
    arrange: (p) => edit(file(p, 'data/edition.yaml'), 'headlines: [market_2027', 'headlines: [constructor'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'headlines:')}:15`, says: /edition\.headlines\[0\]: names no figure "constructor"/,
  },
  {
    name: 'a chart series naming figure toString', kind: 'ids',
    arrange: (p) => data(p, 'charts:\n  zz_chart:\n    type: bar\n    title: T\n    unit: models\n    labels: [a]\n    series:\n      - name: s\n        figures: [toString]\n'),
    where: () => 'data/zz-case.yaml:9:19', says: /charts\.zz_chart\.series\[0\]\.figures\[0\]: names no figure "toString"/,
  },
  {
    name: 'a figure citing source constructor', kind: 'ids',
    arrange: (p) => data(p, figure('value: 1').replace('source: s002', 'source: constructor')),
    where: () => 'data/zz-case.yaml:5:13', says: /figures\.zz_case\.source: names no source "constructor"/,
  },
  {
    name: 'a derived figure of valueOf', kind: 'ids',
    arrange: (p) => data(p, 'derived:\n  zz_d:\n    op: share_of\n    label: d\n    of: valueOf\n    share: share_general\n'),
    where: () => 'data/zz-case.yaml:5:9', says: /derived\.zz_d\.of: names no figure "valueOf"/,
  },
  {
    name: 'a table column keyed constructor', kind: 'ids',
    arrange: (p) => data(p, 'collections:\n  zz_t:\n    title: T\n    sources: [s002]\n    columns: [{ key: constructor, label: C }]\n    items:\n      - title: a\n'),
    where: () => 'data/zz-case.yaml:7:9', says: /collections\.zz_t\.items\[0\]: has no fields\.constructor/,
  },

  // ---- 5. derived figures that cannot be computed, and cascades -----------------------------------
  {
    name: 'a growth rate from a start of zero', kind: 'derived', via: 'cli',
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(market_2024:\n(?:.*\n)*?    value: )15\.7/, '$10'),
    where: (p) => `data/derived.yaml:${lineOf(file(p, 'data/derived.yaml'), 'start: market_2024')}:12`, says: /derived\.growth_2024_2027_implied\.start: a growth rate needs two positive values: figure "market_2024" is 0/,
  },
  {
    name: 'a growth rate from a negative start', kind: 'derived',
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(market_2024:\n(?:.*\n)*?    value: )15\.7/, '$1-3'),
    where: (p) => `data/derived.yaml:${lineOf(file(p, 'data/derived.yaml'), 'start: market_2024')}:12`, says: /a growth rate needs two positive values: figure "market_2024" is -3/,
  },
  {
    name: 'a value implied by a growth rate of -100%', kind: 'derived',
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(cagr_2022_2027:\n(?:.*\n)*?    value: )148/, '$1-100'),
    where: (p) => `data/derived.yaml:${lineOf(file(p, 'data/derived.yaml'), 'rate: cagr_2022_2027')}:11`, says: /derived\.market_2022_implied\.rate: .*fall of 100% or more/,
  },
  {
    name: 'a share_of with a share over 100%', kind: 'derived',
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(share_vertical:\n(?:.*\n)*?    value: )72/, '$1172'),
    where: (p) => `data/figures.yaml:${lineOf(file(p, 'data/figures.yaml'), 'value: 172')}:12`, says: /a share of "filed_models_by_type" must be between 0% and 100%, not 172%/,
  },
  {
    name: 'a growth rate between figures of different scales', kind: 'derived',
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(market_2024:\n(?:.*\n)*?    scale: )billion/, '$1million'),
    where: (p) => `data/derived.yaml:${lineOf(file(p, 'data/derived.yaml'), 'start: market_2024')}:12`, says: /different units or scales/,
  },
  {
    name: 'a value implied for a year whose value underflows', kind: 'derived',
    arrange: (p) => edit(file(p, 'data/derived.yaml'), 'year: 2022', 'year: 1000'),
    where: (p) => `data/derived.yaml:${lineOf(file(p, 'data/derived.yaml'), 'year: 1000')}:11`, says: /its value in 1000 would be .*too small to show/,
  },
  {
    name: 'derived figures that depend on each other in a loop', kind: 'derived',
    arrange: (p) => data(p, 'derived:\n  zz_a:\n    op: share_of\n    label: a\n    of: zz_b\n    share: share_general\n  zz_b:\n    op: share_of\n    label: b\n    of: zz_a\n    share: share_general\n'),
    where: () => 'data/zz-case.yaml:3:5', says: /depends on itself through other derived figures \(zz_a, zz_b\)/,
  },
  {
    name: 'one figure without a unit, named by derived figures, a chart and a headline: reported once', kind: 'derived', count: 1,
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(models_filed:\n(?:.*\n)*?)    unit: models\n/, '$1'),
    where: (p) => `data/figures.yaml:${lineOf(file(p, 'data/figures.yaml'), 'models_filed:') + 1}:5`, says: /figures\.models_filed\.unit: is missing/,
  },

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
    name: 'a Markdown table', kind: 'templates',
    arrange: (p) => partial(p, '## Extra\n\n| a | b |\n| - | - |\n| 1 | 2 |\n'),
    where: () => 'templates/partials/zz.hbs:3:1', says: /a Markdown table \(\|\) is not supported/,
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
    arrange: (p) => edit(file(p, 'templates/story.hbs'), '{{> outlook}}', '{{> outlok}}'),
    where: (p) => `templates/story.hbs:${lineOf(file(p, 'templates/story.hbs'), '{{> outlok}}')}:1`, says: /there is no partial "outlok"\n  hint: did you mean \{\{> outlook\}\}/,
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
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"bodySize": 20,', '"bodySize": 20'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), 'minBodySize')}:5`, says: /not valid JSON: Expected ',' or '\}' after property value/,
  },
  {
    name: 'a font size written as text', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"bodySize": 20', '"bodySize": "20"'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"bodySize": "20"')}:17`, says: /deck\.bodySize: must be a number from 8 to 48 \(points\), not "20"/,
  },
  {
    name: 'a negative font size', kind: 'theme',
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"titleSize": 30', '"titleSize": -30'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"titleSize": -30')}:18`, says: /deck\.titleSize: must be a number from 12 to 80/,
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
    arrange: (p) => edit(file(p, 'templates/theme.json'), '"minTitleSize": 20', '"minTitleSize": 40'),
    where: (p) => `templates/theme.json:${lineOf(file(p, 'templates/theme.json'), '"minTitleSize": 40')}:21`, says: /deck\.minTitleSize: must not be larger than deck\.titleSize \(30\)/,
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

  // ---- 9. recipients ------------------------------------------------------------------------------
  {
    name: 'an address listed twice in the recipients (send --dry-run)', kind: 'recipients', via: 'cli',
    arrange: (p) => {
      appendFileSync(file(p, 'data/recipients.yaml'), '  - name: Ann again\n    address: Ann.Lee@example.com\n');
      return ['send', '--dry-run', '--data', p.data, '--templates', p.templates, '--out', p.out];
    },
    where: (p) => `data/recipients.yaml:${lineOf(file(p, 'data/recipients.yaml'), 'Ann.Lee@example.com')}:14`,
    says: /Ann\.Lee@example\.com is listed more than once \(first at .*recipients\.yaml:\d+:14\)/,
  },
];

/** A new partial templates/partials/zz.hbs holding `text`, included at the end of the story. */
function partial(p: Project, text: string): void {
  writeFileSync(file(p, 'templates/partials/zz.hbs'), text);
  appendFileSync(file(p, 'templates/story.hbs'), '\n{{> zz}}\n');
}

/** A new data file of the project, data/zz-case.yaml, holding `text`. */
function data(p: Project, text: string): void {
  writeFileSync(file(p, 'data/zz-case.yaml'), text);
}

/**
 * A figure zz_case: line 2 its id, 3 label, 4 unit, 5 source, 6 `extra` (one or more lines), then
 * value: 1 unless `extra` gives a value or range.
 */
function figure(extra: string, label = 'a figure', unit = 'models'): string {
  const value = /value:|range:/.test(extra) ? '' : '    value: 1\n';
  return `figures:\n  zz_case:\n    label: ${label}\n    unit: ${unit}\n    source: s002\n    ${extra}\n${value}`;
}

/** Lines of a file, counting a last line without its newline. */
function lineCount(f: string): number {
  const text = readFileSync(f).toString('latin1');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
