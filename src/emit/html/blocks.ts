// The web edition's blocks: prose with citation links, figures with captions and alt text, tables with
// header cells, headline figures as tiles, timelines and flows as ordered lists.
import type { Locale } from '../../i18n/index.ts';
import type { Block, ChartImage, Document, Run, SourceEntry } from '../../types.ts';
import { sourceTitle } from '../common.ts';
import { html, textWithLang, type Markup } from './markup.ts';

export interface HtmlContext {
  doc: Document;
  /** The edition's language: its built-in words and figures. */
  locale: Locale;
  numbers: Map<string, number>;
  /** The charts' PNGs by chart id, already arrived. */
  pngs: Map<string, Buffer>;
  images: Map<string, ChartImage>;
  figureCount: { n: number };
  /** Ids given to elements so far (captions), kept unique. */
  ids: Set<string>;
}

export const text = (ctx: HtmlContext, s: string): Markup => textWithLang(s, ctx.doc.edition.language);

/** "[3]" linking to the source's entry in the sources list. */
export function citation(ctx: HtmlContext, sourceId: string): Markup {
  const n = ctx.numbers.get(sourceId);
  const source = ctx.doc.sources.find((s) => s.id === sourceId);
  if (n === undefined) return html`<span class="cite">[${sourceId}]</span>`;
  return html`<a class="cite" href="#source-${sourceId}" title="${source ? sourceTitle(source, ctx.locale.language) : ''}" aria-label="${ctx.locale.messages.html.citation(n)}">[${n}]</a>`;
}

export function runs(ctx: HtmlContext, list: Run[]): Markup {
  return html`${list.map((r) => {
    let body = r.text ? text(ctx, r.text) : html``;
    if (r.italic) body = html`<em>${body}</em>`;
    if (r.bold) body = html`<strong>${body}</strong>`;
    // A no-break space ties the marker to the word it supports, as on the slides.
    return r.cite ? html`${body}${r.text ? '\u00a0' : ''}${citation(ctx, r.cite)}` : body;
  })}`;
}

/** "Source: [2] China's large-model market…", each number a link. */
export function sourceLine(ctx: HtmlContext, ids: string[]): Markup | undefined {
  const entries = [...new Set(ids)].map((id) => ctx.doc.sources.find((s) => s.id === id)).filter((s): s is SourceEntry => Boolean(s));
  if (!entries.length) return undefined;
  const { messages } = ctx.locale;
  return html`<p class="source">${messages.sourceLabel(entries.length)}${messages.colon}${entries.map((s, i) => html`${i ? messages.listSeparator : ''}${citation(ctx, s.id)} ${text(ctx, sourceTitle(s, ctx.locale.language))}`)}</p>`;
}

export function block(ctx: HtmlContext, b: Block): Markup {
  switch (b.kind) {
    case 'paragraph': return html`<p>${runs(ctx, b.runs)}</p>`;
    case 'bullets': return bullets(ctx, b.items);
    case 'chart': return figure(ctx, b.chartId);
    case 'table': return table(ctx, b.title, b.columns, b.rows, b.sources);
    case 'tiles': return tiles(ctx, b);
    case 'timeline': return html`<ol class="timeline" aria-label="${ctx.locale.messages.html.timeline}">${b.items.map((i) => html`<li><span class="when">${text(ctx, i.when)}</span> ${text(ctx, i.text)}</li>`)}</ol>${sourceLine(ctx, b.sources)}`;
    case 'flow': return html`<ol class="flow" aria-label="${ctx.locale.messages.html.steps}">${b.steps.map((s) => html`<li><span class="step-title">${text(ctx, s.title)}</span>${s.text ? html` ${text(ctx, s.text)}` : ''}</li>`)}</ol>${sourceLine(ctx, b.sources)}`;
  }
}

/** Bullets nested by level: a deeper item goes in a list inside the item before it. */
function bullets(ctx: HtmlContext, items: { runs: Run[]; level: number }[]): Markup {
  const list = (from: number, level: number): { markup: Markup; next: number } => {
    const out: Markup[] = [];
    let i = from;
    while (i < items.length && items[i].level >= level) {
      const item = runs(ctx, items[i].runs);
      i++;
      let sub: Markup | undefined;
      if (i < items.length && items[i].level > level) ({ markup: sub, next: i } = list(i, items[i].level));
      out.push(html`<li>${item}${sub}</li>`);
    }
    return { markup: html`<ul class="bullets">${out}</ul>`, next: i };
  };
  return list(0, items[0]?.level ?? 0).markup;
}

function uniqueId(ctx: HtmlContext, base: string): string {
  let id = base;
  for (let n = 2; ctx.ids.has(id); n++) id = `${base}-${n}`;
  ctx.ids.add(id);
  return id;
}

/** The chart's own PNG (the deck's and the report's pixels), its alt text, a numbered caption and its source. */
function figure(ctx: HtmlContext, chartId: string): Markup {
  const image = ctx.images.get(chartId);
  const png = ctx.pngs.get(chartId);
  const spec = ctx.doc.charts[chartId];
  if (!image || !png || !spec) throw new Error(`no image rendered for chart "${chartId}"`);
  const n = ++ctx.figureCount.n;
  const id = uniqueId(ctx, `figure-${chartId}`);
  const img = html`<img src="data:image/png;base64,${png.toString('base64')}" width="${image.width}" height="${image.height}" alt="${image.alt}">`;
  const note = spec.note ? html`<span class="note">${text(ctx, spec.note)}</span>` : undefined;
  return html`<figure id="${id}">${img}<figcaption><strong>${ctx.locale.messages.html.figure(n)}</strong> ${text(ctx, spec.title)}${note}${sourceLine(ctx, spec.sources)}</figcaption></figure>`;
}

function cell(ctx: HtmlContext, c: Run[]): Markup {
  return c.length ? runs(ctx, c) : html`—`;
}

function table(ctx: HtmlContext, title: string | undefined, columns: string[], rows: Run[][][], sources: string[]): Markup {
  const id = uniqueId(ctx, 'table');
  const caption = title ? html`<caption id="${id}">${text(ctx, title)}</caption>` : '';
  // A region that scrolls sideways on a phone must be reachable by keyboard, and named.
  const label = title ? html`role="region" aria-labelledby="${id}" tabindex="0"` : html`role="region" aria-label="${columns.join(', ')}" tabindex="0"`;
  const head = html`<thead><tr>${columns.map((c) => html`<th scope="col">${text(ctx, c)}</th>`)}</tr></thead>`;
  const body = html`<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${cell(ctx, c)}</td>`)}</tr>`)}</tbody>`;
  return html`<div class="table-wrap" ${label}><table>${caption}${head}${body}</table></div>${sourceLine(ctx, sources)}`;
}

function tiles(ctx: HtmlContext, b: Extract<Block, { kind: 'tiles' }>): Markup {
  const tile = (t: (typeof b.tiles)[number]) =>
    html`<li><span class="tile-value">${text(ctx, t.value)}</span><span class="tile-label">${text(ctx, t.label)}\u00a0${citation(ctx, t.source)}</span></li>`;
  return html`<ul class="tiles" aria-label="${ctx.locale.messages.html.keyFigures}">${b.tiles.map(tile)}</ul>`;
}
