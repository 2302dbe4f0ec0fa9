// emit (web edition): the composed Document → briefing.html, one self-contained file: the styles and
// the charts' PNGs inside it, nothing fetched from anywhere, and a Content-Security-Policy that allows
// no script at all. It reads like the report (the same sections, numbers and figure captions), laid
// out for a screen of any width and for print.
import { createHash } from 'node:crypto';
import type { Theme } from '../../theme/index.ts';
import type { Artifact, ChartImage, Document, Section } from '../../types.ts';
import { citationNumbers, forEdition, localeOfDocument, sectionNumbers, sourceEntryText } from '../common.ts';
import { block, text, type HtmlContext } from './blocks.ts';
import { html, raw, type Markup } from './markup.ts';
import { stylesheet } from './style.ts';

export interface HtmlOptions {
  pageSize?: 'A4' | 'LETTER';
}

/** A section with its number ("2.3"), as the report numbers it. */
interface Numbered { section: Section; number: string }

export async function emitHtml(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: HtmlOptions = {}): Promise<Artifact> {
  const sections = numberSections(forEdition(doc, 'report'));
  const used = [...new Set(sections.flatMap((n) => n.section.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chartId] : []))))];
  const pngs = new Map(await Promise.all(used.map(async (id) => [id, await images.get(id)?.png] as const)));
  const locale = localeOfDocument(doc);
  const t = locale.messages.html;
  const ctx: HtmlContext = {
    doc, locale, numbers: citationNumbers(doc), images, figureCount: { n: 0 }, ids: new Set(),
    pngs: new Map([...pngs].filter((e): e is [string, Buffer] => e[1] !== undefined)),
  };
  const css = stylesheet(theme, opts.pageSize ?? theme.report.pageSize);
  const page = html`<!DOCTYPE html>
<html lang="${locale.tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${raw(contentSecurityPolicy(css))}">
<title>${doc.edition.title}</title>
${doc.edition.subtitle ? html`<meta name="description" content="${doc.edition.subtitle}">` : ''}
${doc.edition.author ? html`<meta name="author" content="${doc.edition.author}">` : ''}
${doc.edition.keywords?.length ? html`<meta name="keywords" content="${doc.edition.keywords.join(', ')}">` : ''}
<meta name="generator" content="Briefsmith">
<style>${raw(css)}</style>
</head>
<body>
<a class="skip" href="#main">${t.skip}</a>
${cover(ctx)}
${contents(ctx, sections)}
<main id="main" class="page">
${chapters(ctx, sections)}
${sourcesList(ctx)}
</main>
<footer class="page"><p>${text(ctx, doc.edition.title)} · ${t.edition(locale.format.date(doc.edition.date))}${doc.edition.publisher ? html` · ${text(ctx, doc.edition.publisher)}` : ''}</p><p>${t.madeWith}</p></footer>
</body>
</html>
`;
  return { name: 'briefing.html', chunks: [Buffer.from(page.text)] };
}

/**
 * No script, no network: only the page's own stylesheet (by its hash) and images inside the file.
 * (frame-ancestors and sandbox cannot be set from a meta element; a server sets them.)
 */
export function contentSecurityPolicy(css: string): string {
  const hash = createHash('sha256').update(css).digest('base64');
  return `default-src 'none'; img-src data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

function numberSections(sections: Section[]): Numbered[] {
  const numbers = sectionNumbers(sections);
  return sections.map((section, i) => ({ section, number: numbers[i] }));
}

function cover(ctx: HtmlContext): Markup {
  const e = ctx.doc.edition;
  const dateline = [ctx.locale.format.date(e.date), e.publisher].filter(Boolean).join(' · ');
  return html`<header class="cover"><div class="page"><h1>${text(ctx, e.title)}</h1>${e.subtitle ? html`<p class="subtitle">${text(ctx, e.subtitle)}</p>` : ''}<p class="dateline">${dateline}</p></div></header>`;
}

function heading(ctx: HtmlContext, n: Numbered): Markup {
  return n.number ? html`<span class="number">${n.number}</span>${text(ctx, n.section.title)}` : text(ctx, n.section.title);
}

function contents(ctx: HtmlContext, sections: Numbered[]): Markup {
  const items: Markup[] = [];
  for (let i = 0; i < sections.length; i++) {
    const n = sections[i];
    const link = html`<a href="#${n.section.id}">${heading(ctx, n)}</a>`;
    if (n.section.level === 2) { items.push(html`<li>${link}</li>`); continue; }
    const subs: Markup[] = [];
    while (sections[i + 1]?.section.level === 2) {
      const s = sections[++i];
      subs.push(html`<li><a href="#${s.section.id}">${heading(ctx, s)}</a></li>`);
    }
    items.push(html`<li>${link}${subs.length ? html`<ol>${subs}</ol>` : ''}</li>`);
  }
  items.push(html`<li><a href="#sources">${ctx.locale.messages.sources}</a></li>`);
  return html`<nav class="contents page" aria-labelledby="contents-title"><h2 id="contents-title">${ctx.locale.messages.report.contents}</h2><ol>${items}</ol></nav>`;
}

/** Chapters (h2) hold their sections (h3); sections before the first chapter stand alone. */
function chapters(ctx: HtmlContext, sections: Numbered[]): Markup {
  const out: Markup[] = [];
  for (let i = 0; i < sections.length; i++) {
    const n = sections[i];
    if (n.section.level === 2) { out.push(sectionBody(ctx, n, 'h2')); continue; }
    const inner: Markup[] = [];
    while (sections[i + 1]?.section.level === 2) inner.push(sectionBody(ctx, sections[++i], 'h3'));
    out.push(html`<section class="chapter" id="${n.section.id}" aria-labelledby="${n.section.id}-h"><h2 id="${n.section.id}-h">${heading(ctx, n)}</h2>${n.section.blocks.map((b) => block(ctx, b))}${inner}</section>`);
  }
  return html`${out}`;
}

function sectionBody(ctx: HtmlContext, n: Numbered, tag: 'h2' | 'h3'): Markup {
  const title = tag === 'h2' ? html`<h2 id="${n.section.id}-h">${heading(ctx, n)}</h2>` : html`<h3 id="${n.section.id}-h">${heading(ctx, n)}</h3>`;
  return html`<section id="${n.section.id}" aria-labelledby="${n.section.id}-h">${title}${n.section.blocks.map((b) => block(ctx, b))}</section>`;
}

/** The numbered sources every citation links to; a source's address is a link only when it is a web address. */
function sourcesList(ctx: HtmlContext): Markup {
  const entries = ctx.doc.sources.map((s) => {
    const url = s.url && /^https?:\/\//i.test(s.url) ? s.url : undefined;
    const entry = sourceEntryText({ ...s, url: url ? undefined : s.url }, ctx.locale);
    return html`<li id="source-${s.id}"><strong>[${ctx.numbers.get(s.id)}]</strong> ${text(ctx, entry)}${url ? html` <a href="${url}">${url}</a>` : ''}</li>`;
  });
  const list = entries.length ? html`<ol class="sources">${entries}</ol>` : html`<p>${ctx.locale.messages.html.noSources}</p>`;
  return html`<section class="chapter" id="sources" aria-labelledby="sources-h"><h2 id="sources-h">${ctx.locale.messages.sources}</h2>${list}</section>`;
}
