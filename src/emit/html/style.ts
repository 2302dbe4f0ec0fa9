// The web edition's one stylesheet, from the theme: readable on a phone (one column, tables that
// scroll sideways), on a desktop (a measure of ~70 characters) and in print (A4 or Letter pages,
// chapters on new pages, figures and table rows never cut).
import type { Theme } from '../../theme/index.ts';

/** Families a browser may have for Chinese text when the theme's CJK font is not installed. */
const CJK_FALLBACKS = ['Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei'];
const LATIN_FALLBACKS = ['Noto Sans', 'Helvetica Neue', 'Arial'];

/** A CSS font-family list: each family once, quoted, then the generic family. */
const stack = (families: string[]) => `${[...new Set(families)].map((f) => `"${f.replace(/[^\p{L}\p{N} _.-]/gu, '')}"`).join(', ')}, sans-serif`;

export function stylesheet(theme: Theme, pageSize: 'A4' | 'LETTER'): string {
  const c = theme.colors;
  const latin = stack([theme.fonts.latin, ...LATIN_FALLBACKS, theme.fonts.cjk, ...CJK_FALLBACKS]);
  const cjk = stack([theme.fonts.cjk, ...CJK_FALLBACKS]);
  return `
:root { --primary: #${c.primary}; --accent: #${c.accent}; --text: #${c.text}; --muted: #${c.muted};
  --panel: #${c.panel}; --rule: #${c.rule}; --background: #${c.background}; --projection: #${c.projection}; }
* { box-sizing: border-box; }
html { font-family: ${latin}; color: var(--text); background: var(--background); line-height: 1.55;
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
:lang(zh) { font-family: ${cjk}; }
body { margin: 0; font-size: 1.0625rem; }
a { color: var(--primary); }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--background); padding: .5rem 1rem; z-index: 1; }
.skip:focus { left: .5rem; }
.page { max-width: 48rem; margin: 0 auto; padding: 0 1.25rem 3rem; }
.cover { background: var(--primary); color: #fff; border-bottom: 6px solid var(--accent); }
.cover .page { padding-top: 3rem; padding-bottom: 2.25rem; }
.cover h1 { font-size: clamp(1.9rem, 6vw, 2.8rem); line-height: 1.15; margin: 0 0 .75rem; }
.cover p { margin: .25rem 0; }
.cover .subtitle { font-size: 1.2rem; }
.cover .dateline { color: #fff; opacity: .85; font-size: .95rem; }
nav.contents { border-bottom: 1px solid var(--rule); }
nav.contents h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
nav.contents ol { list-style: none; padding: 0; margin: 0 0 1.5rem; }
nav.contents ol ol { padding-left: 1.5rem; }
nav.contents li { margin: .2rem 0; }
nav.contents a { text-decoration: none; }
nav.contents a:hover { text-decoration: underline; }
.number { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .5em; }
h2, h3 { color: var(--primary); line-height: 1.25; }
h2 { font-size: 1.75rem; margin: 2.75rem 0 1rem; padding-bottom: .4rem; border-bottom: 3px solid var(--accent); }
h3 { font-size: 1.3rem; margin: 2rem 0 .75rem; }
p, li { max-width: 70ch; }
ul.bullets, ol.numbered { padding-left: 1.4rem; }
ol.numbered { padding-left: 1.8rem; }
ul.bullets li, ol.numbered li { margin: .3rem 0; }
ul.bullets li::marker { color: var(--accent); }
ol.numbered li::marker { color: var(--accent); font-weight: bold; font-variant-numeric: tabular-nums; }
figure.picture img { max-width: 100%; max-height: 36rem; object-fit: contain; margin: 0 auto; }
figure.picture figcaption { color: var(--muted); font-style: italic; text-align: center; }
aside.callout { margin: 1.5rem 0; padding: .9rem 1.2rem; background: var(--panel); border-left: 6px solid var(--accent); break-inside: avoid; }
aside.callout p { margin: .3rem 0; color: var(--primary); font-size: 1.15rem; line-height: 1.4; }
aside.callout p.callout-title { color: var(--accent); font-size: .85rem; font-weight: bold; text-transform: uppercase; letter-spacing: .06em; }
.cite { font-size: .8em; text-decoration: none; white-space: nowrap; }
.cite:hover { text-decoration: underline; }
figure { margin: 1.5rem 0; break-inside: avoid; }
figure img { display: block; height: auto; }
figure:not(.picture) img { width: 100%; border: 1px solid var(--rule); }
figcaption { margin-top: .5rem; font-size: .95rem; }
.note, .source { color: var(--muted); font-size: .875rem; font-style: italic; margin: .25rem 0; }
.table-wrap { overflow-x: auto; margin: 1.25rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: bold; color: var(--primary); padding-bottom: .4rem; }
th, td { border: 1px solid var(--rule); padding: .4rem .55rem; text-align: left; vertical-align: top; }
thead th { background: var(--primary); color: #fff; }
th.align-right, td.align-right { text-align: right; font-variant-numeric: tabular-nums; }
th.align-center, td.align-center { text-align: center; }
tbody tr:nth-child(even) { background: var(--panel); }
tr { break-inside: avoid; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 1rem; padding: 0; margin: 1.25rem 0; list-style: none; }
.tiles li { border-left: 4px solid var(--accent); background: var(--panel); padding: .75rem 1rem; break-inside: avoid; }
.tile-value { display: block; font-size: 1.5rem; font-weight: bold; color: var(--primary); line-height: 1.2; }
.tile-label { display: block; font-size: .9rem; margin-top: .3rem; }
ol.timeline { list-style: none; padding: 0 0 0 1.25rem; border-left: 3px solid var(--rule); margin: 1.25rem 0; }
ol.timeline li { position: relative; margin: 0 0 .9rem; break-inside: avoid; }
ol.timeline li::before { content: ""; position: absolute; left: -1.25rem; top: .45em; width: .8rem; height: .8rem;
  margin-left: -.55rem; border-radius: 50%; background: var(--accent); }
.when { display: block; font-weight: bold; color: var(--primary); }
ol.flow { padding-left: 1.6rem; margin: 1.25rem 0; }
ol.flow li { margin: 0 0 .8rem; padding-left: .25rem; break-inside: avoid; }
ol.flow li::marker { color: var(--accent); font-weight: bold; }
.step-title { display: block; font-weight: bold; color: var(--primary); }
ol.sources { list-style: none; padding: 0; }
ol.sources li { margin: .45rem 0; overflow-wrap: anywhere; }
ol.sources li:target { background: var(--panel); }
footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: 1rem; margin-top: 3rem; }
@media (min-width: 64rem) { body { font-size: 1.125rem; } }
@page { size: ${pageSize === 'LETTER' ? 'letter' : 'A4'}; margin: 18mm 16mm; }
@media print {
  html { font-size: 10.5pt; background: #fff; }
  body { font-size: 1rem; }
  .skip, nav.contents { display: none; }
  .page { max-width: none; padding: 0; }
  .cover { background: none; color: var(--primary); border: 0; }
  .cover .page { padding: 0 0 1rem; }
  .cover .dateline { color: var(--muted); }
  .chapter { break-before: page; }
  main > .chapter:first-child { break-before: auto; }
  h2, h3, caption { break-after: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`.trim();
}
