// The web edition's blocks: prose with citation links, figures with captions and alt text, tables with
// header cells, headline figures as tiles, timelines and flows as ordered lists.
import type { Locale } from '../../i18n/index.ts';
import type { Block, CellAlign, ChartImage, Document, ListItem, Run, SourceEntry } from '../../types.ts';
import { hasRtl } from '../../fonts/bidi.ts';
import { mimeType } from '../../images.ts';
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

/**
 * ` dir="auto"` for text holding right-to-left letters: the browser then sets a paragraph whose first
 * strong letter is Arabic or Hebrew right to left, flush right, as the report and the deck do.
 */
export const dirOf = (list: Run[]): Markup | '' => (list.some((r) => hasRtl(r.text)) ? html` dir="auto"` : '');

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
    case 'paragraph': return html`<p${dirOf(b.runs)}>${runs(ctx, b.runs)}</p>`;
    case 'bullets': return bullets(ctx, b.items);
    case 'chart': return figure(ctx, b.chartId);
    case 'table': return table(ctx, b.title, b.columns, b.rows, b.sources, b.align);
    case 'image': return picture(ctx, b);
    case 'callout': return callout(ctx, b);
    case 'tiles': return tiles(ctx, b);
    case 'timeline': return html`<ol class="timeline" aria-label="${ctx.locale.messages.html.timeline}">${b.items.map((i) => html`<li><span class="when">${text(ctx, i.when)}</span> ${text(ctx, i.text)}</li>`)}</ol>${sourceLine(ctx, b.sources)}`;
    case 'flow': return html`<ol class="flow" aria-label="${ctx.locale.messages.html.steps}">${b.steps.map((s) => html`<li><span class="step-title">${text(ctx, s.title)}</span>${s.text ? html` ${text(ctx, s.text)}` : ''}</li>`)}</ol>${sourceLine(ctx, b.sources)}`;
  }
}

/**
 * Lists nested by level: a deeper item goes in a list inside the item before it; numbered items make
 * an ordered list that starts at its first number.
 */
function bullets(ctx: HtmlContext, items: ListItem[]): Markup {
  const numbered = (i: number) => items[i].number !== undefined;
  const list = (from: number, level: number): { markup: Markup; next: number } => {
    const out: Markup[] = [];
    let i = from;
    // One list: items of its level of one kind (numbered or not), with their deeper items inside.
    while (i < items.length && items[i].level >= level && numbered(i) === numbered(from)) {
      const item = runs(ctx, items[i].runs);
      const dir = dirOf(items[i].runs);
      i++;
      const subs: Markup[] = [];
      while (i < items.length && items[i].level > level) {
        let sub: Markup;
        ({ markup: sub, next: i } = list(i, items[i].level));
        subs.push(sub);
      }
      out.push(html`<li${dir}>${item}${subs}</li>`);
    }
    const start = items[from].number;
    return { markup: start !== undefined ? html`<ol class="numbered"${start !== 1 ? html` start="${start}"` : ''}>${out}</ol>` : html`<ul class="bullets">${out}</ul>`, next: i };
  };
  const lists: Markup[] = [];
  for (let i = 0; i < items.length;) {
    let markup: Markup;
    ({ markup, next: i } = list(i, items[i].level));
    lists.push(markup);
  }
  return html`${lists}`;
}

/**
 * A picture from the templates folder, as it is (a data: URL), at its own size or the column's, with
 * its alt text; with a caption it is a numbered figure, as in the report.
 */
function picture(ctx: HtmlContext, b: Extract<Block, { kind: 'image' }>): Markup {
  const { image } = b;
  const img = html`<img src="data:${mimeType(image)};base64,${image.bytes.toString('base64')}" width="${Math.round(image.width)}" height="${Math.round(image.height)}" alt="${b.alt}">`;
  const caption = b.caption ? html`<figcaption><strong>${ctx.locale.messages.html.figure(++ctx.figureCount.n)}</strong> ${text(ctx, b.caption)}</figcaption>` : '';
  return html`<figure class="picture">${img}${caption}</figure>`;
}

/** A key message: an aside, named by its heading (or as a key message), its text strong. */
function callout(ctx: HtmlContext, b: Extract<Block, { kind: 'callout' }>): Markup {
  const label = b.title ? html`<p class="callout-title">${text(ctx, b.title)}</p>` : '';
  return html`<aside class="callout" aria-label="${b.title ?? ctx.locale.messages.html.keyMessage}">${label}${b.paragraphs.map((p) => html`<p${dirOf(p)}><strong>${runs(ctx, p.map((r) => ({ ...r, bold: false })))}</strong></p>`)}</aside>`;
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

function table(ctx: HtmlContext, title: string | undefined, columns: string[], rows: Run[][][], sources: string[], align: CellAlign[] = []): Markup {
  const id = uniqueId(ctx, 'table');
  const caption = title ? html`<caption id="${id}">${text(ctx, title)}</caption>` : '';
  // A region that scrolls sideways on a phone must be reachable by keyboard, and named.
  const label = title ? html`role="region" aria-labelledby="${id}" tabindex="0"` : html`role="region" aria-label="${columns.join(', ')}" tabindex="0"`;
  // A pipe table's column alignment (| --: |) as a class: the page's policy allows no inline style.
  const at = (i: number) => (align[i] && align[i] !== 'left' ? html` class="align-${align[i]}"` : '');
  const head = html`<thead><tr>${columns.map((c, i) => html`<th scope="col"${at(i)}>${text(ctx, c)}</th>`)}</tr></thead>`;
  const body = html`<tbody>${rows.map((r) => html`<tr>${r.map((c, i) => html`<td${at(i)}${dirOf(c)}>${cell(ctx, c)}</td>`)}</tr>`)}</tbody>`;
  return html`<div class="table-wrap" ${label}><table>${caption}${head}${body}</table></div>${sourceLine(ctx, sources)}`;
}

function tiles(ctx: HtmlContext, b: Extract<Block, { kind: 'tiles' }>): Markup {
  const tile = (t: (typeof b.tiles)[number]) =>
    html`<li><span class="tile-value">${text(ctx, t.value)}</span><span class="tile-label">${text(ctx, t.label)}\u00a0${citation(ctx, t.source)}</span></li>`;
  return html`<ul class="tiles" aria-label="${ctx.locale.messages.html.keyFigures}">${b.tiles.map(tile)}</ul>`;
}
