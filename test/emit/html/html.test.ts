// The web edition from a hand-made Document: its structure (headings, figures, tables, citations,
// sources), its policy (no script, nothing fetched), and data that tries to become markup.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitHtml } from '../../../src/emit/html/index.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { Document } from '../../../src/types.ts';
import { ROOT, bytesOf } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));
const emit = async (doc: Document) => bytesOf(await emitHtml(doc, sampleChartImages(), theme)).toString('utf8');

const HOSTILE = [
  '</title><script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '<!--', ']]>', '&amp; stays literal', '{{x}}',
];

/** A document whose every text field from data holds `evil`, markup that must stay text. */
function hostileDocument(evil = HOSTILE.join(' ')): Document {
  const doc = sampleDocument();
  doc.edition = { ...doc.edition, title: `Title ${evil}`, subtitle: evil, publisher: evil, keywords: [evil] };
  doc.sections[0].title = `Takeaways ${evil}`;
  const tiles = doc.sections[0].blocks[0];
  if (tiles.kind === 'tiles') tiles.tiles[0] = { ...tiles.tiles[0], value: evil, label: evil };
  const table = doc.sections.find((s) => s.id === 'use-cases')!.blocks[0];
  if (table.kind === 'table') { table.title = evil; table.columns[0] = evil; table.rows[0][1] = [{ text: evil, bold: true }]; }
  doc.sources[0] = { ...doc.sources[0], title: evil, note: evil, url: 'javascript:alert(4)' };
  doc.sources[1] = { ...doc.sources[1], url: 'https://example.org/report?a=1&b="2"' };
  doc.charts['market-size'] = { ...doc.charts['market-size'], title: evil, note: evil };
  return doc;
}

describe('the web edition (emit/html)', () => {
  it('is one page: the story\'s headings in order, numbered as in the report, with a contents list', async () => {
    const doc = sampleDocument();
    const page = await emit(doc);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const headings = [...page.matchAll(/<h([23]) id="([^"]+)-h">([\s\S]*?)<\/h\1>/g)].map((m) => m[2]);
    expect(headings).toEqual([...doc.sections.map((s) => s.id), 'sources']);
    // Chapters are h2 and hold their sections as h3; the contents link to each.
    expect(page).toMatch(/<h2 id="market-h"><span class="number">1<\/span>The market<\/h2>/);
    expect(page).toMatch(/<h3 id="market-size-h"><span class="number">1\.1<\/span>Market size and growth<\/h3>/);
    for (const s of doc.sections) expect(page).toContain(`<a href="#${s.id}">`);
  });

  it('shows each chart as its own PNG with its alt text, a numbered caption and its source', async () => {
    const images = sampleChartImages();
    const page = bytesOf(await emitHtml(sampleDocument(), images, theme)).toString('utf8');
    const png = await images.get('market-size')!.png;
    const img = /<img src="data:image\/png;base64,([^"]+)" width="1600" height="900" alt="([^"]+)">/.exec(page);
    expect(img).not.toBeNull();
    expect(Buffer.from(img![1], 'base64').equals(png)).toBe(true);
    expect(img![2]).toBe(images.get('market-size')!.alt);
    expect(page).toMatch(/<figcaption><strong>Figure 1\.<\/strong> AI large-model application market, China<p class="source">Source: <a class="cite" href="#source-s002"/);
  });

  it('gives tables a caption and header cells, and links every citation to an entry of the sources list', async () => {
    const page = await emit(sampleDocument());
    expect(page).toMatch(/<table><caption id="table">Pain points and AI solutions<\/caption><thead><tr><th scope="col">Sector<\/th><th scope="col">Pain points<\/th><th scope="col">AI solutions<\/th><\/tr><\/thead>/);
    const targets = new Set([...page.matchAll(/<li id="source-([^"]+)">/g)].map((m) => m[1]));
    const cited = [...page.matchAll(/href="#source-([^"]+)"/g)].map((m) => m[1]);
    expect(cited.length).toBeGreaterThan(5);
    for (const id of cited) expect(targets, id).toContain(id);
    // "[2]" is the source's place in the list, as in the deck and the report.
    expect(page).toContain('<a class="cite" href="#source-s002" title="China large-model market overview" aria-label="Source 2">[2]</a>');
  });

  it('marks Chinese text as Chinese, so that it is set in a CJK face', async () => {
    const page = await emit(sampleDocument());
    expect(page).toContain('<span lang="zh">中文标题</span>');
    expect(page).toMatch(/<span lang="zh">AIGC被ChatGPT带火！底层基础算力有望爆发式增长<\/span>|AIGC<span lang="zh">被<\/span>/);
    expect(page).toMatch(/:lang\(zh\) \{ font-family: "Noto Sans CJK SC"/);
  });

  it('allows no script and fetches nothing: its policy names only its own stylesheet, by hash', async () => {
    const page = await emit(sampleDocument());
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1];
    expect(policy).toBe(`default-src 'none'; img-src data:; style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'; base-uri 'none'; form-action 'none'`);
    expect(page).not.toMatch(/<script|<link|@import|url\(|src="(?!data:)/i);
  });

  it('keeps every piece of data text: markup, entities and template code from data never become markup', async () => {
    const page = await emit(hostileDocument());
    // Every "<" in the page opens an element this code wrote: none is a script, an event handler or a script address.
    // (Attribute values are left out: data in them is escaped, so none holds a raw quote to end it early.)
    const tagsWritten = page.match(/<[^>]*>/g)!.map((t) => t.replace(/"[^"]*"/g, '""'));
    expect(tagsWritten.filter((t) => /^<\/?(script|svg|iframe|object)|\son\w+=/i.test(t))).toEqual([]);
    expect(page).not.toMatch(/(href|src)="javascript:/i);
    expect(tagsWritten.filter((t) => t.startsWith('<img')).length).toBe(1);
    // Each hostile string appears escaped, as text, in the title, headings, tiles, table, caption and sources.
    const escaped = '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(page.split(escaped).length - 1).toBeGreaterThanOrEqual(8);
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(page).toContain('&amp;amp; stays literal');
    // A web address is a link; any other scheme stays text (it is not even shown as one).
    expect(page).toContain('<a href="https://example.org/report?a=1&amp;b=&quot;2&quot;">');
    expect(page).not.toContain('href="javascript');
    // The elements are those of the same document with harmless words: data opened or closed none.
    const tags = (html: string) => [...html.matchAll(/<(\/?[a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]);
    expect(tags(page)).toEqual(tags(await emit(hostileDocument('harmless words'))));
  });

  it('is the same bytes for the same document', async () => {
    expect(await emit(sampleDocument())).toBe(await emit(sampleDocument()));
  });
});
