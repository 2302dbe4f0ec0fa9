// Bad values in the data: impossible dates, numbers, invisible characters, inherited ids, derived figures.
import { type BadInput, data, figure, file } from './case.ts';
import { edit, lineOf } from './harness.ts';

export const DATA_CASES: BadInput[] = [
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
    arrange: (p) => edit(file(p, 'data/edition.yaml'), "en: China's large-model market", 'en: "China\\0s market"'),
    where: (p) => `data/edition.yaml:${lineOf(file(p, 'data/edition.yaml'), 'en: "China')}:9`, says: /edition\.title(\.en)?: contains the invisible character U\+0000 \(NUL\)/,
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
    arrange: (p) => edit(file(p, 'data/figures.yaml'), /(models_filed:\n(?:.*\n)*?)    unit:\n      en: models\n      zh: "个模型"\n/, '$1'),
    where: (p) => `data/figures.yaml:${lineOf(file(p, 'data/figures.yaml'), 'models_filed:') + 1}:5`, says: /figures\.models_filed\.unit: is missing/,
  },

];
