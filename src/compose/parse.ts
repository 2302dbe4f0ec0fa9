// Parses the rendered story (Markdown with our markers) into the typed Document both emitters render.
// `#` starts a chapter, `##` a slide / sub-section; lists become bullets (numbered or not), pipe tables
// tables, an image alone in its paragraph a picture from the templates folder; markers become blocks.
import { Lexer, type Token, type Tokens } from 'marked';
import { ValidationError, type Problem } from '../errors.ts';
import type { Audience, AudienceBlock, Block, CellAlign, Collection, Figure, Findings, ImageFile, ListItem, Run, Section, Tile } from '../types.ts';
import type { FigureFormat } from '../format/locales.ts';
import { localeOf } from '../i18n/index.ts';
import { placeCitations, type DraftRun } from './citations.ts';
import { parseMarker, type Marker, type Region } from './markers.ts';
import { own } from '../ids.ts';
import type { StoryLocation } from './locate.ts';
import { closeSpacesAfterCjkPunctuation } from './cjk-spaces.ts';

/** The rendered story: its Markdown, and where any offset of it stands in the templates. */
export interface Story {
  markdown: string;
  file: string;
  locate(offset: number): StoryLocation;
}

interface State {
  sections: Section[];
  regions: Region[];
  problems: Problem[];
  ids: Set<string>;
  /** Agenda blocks, filled with the chapter titles once every chapter is known. */
  agendas: { kind: 'bullets'; items: ListItem[] }[];
  /** The call-out being written ({{#callout}} is open): its paragraphs go into it. */
  callout?: Extract<Block, { kind: 'callout' }>;
  /** How the edition's language says figures (tiles), and its colon ("Title: text"). */
  format: FigureFormat;
  colon: string;
}

/** Reads the picture a template names (relative to the templates folder), or says what is wrong with it. */
export type ImageReader = (src: string) => ImageFile | { message: string; hint: string };

/** The parser's own words (one table, for the message catalogue). */
const SAY = {
  imageInline: 'an image stands in a paragraph of its own',
  imageInlineHint: 'put ![alt](file.png) on its own line, with a blank line before and after it',
  noAlt: (src: string) => `the image ${src} has no alt text`,
  noAltHint: 'say what the picture shows between the brackets, for readers who cannot see it: ![Map of the regions](map.png)',
  image: (message: string) => `image: ${message}`,
  calloutContent: (found: string) => `a call-out holds paragraphs only (found ${found})`,
  calloutContentHint: 'write the key message as one or two sentences between {{#callout}} and {{/callout}}',
  calloutEmpty: '{{#callout}} holds no text',
  calloutEmptyHint: 'write the key message between {{#callout}} and {{/callout}}, or remove them',
  calloutIn: (region: string) => `{{#callout}} inside {{#${region}}}`,
  calloutInHint: 'close the call-out before {{/notes}}, or move it out of the speaker notes',
  headingInCallout: (title: string) => `heading "${title}" inside {{#callout}}`,
  headingInCalloutHint: 'close {{/callout}} before the next heading',
  quote: (text: string) => `a quote (>) is not read: ${text}`,
  quoteHint: 'for a key message, write {{#callout}}…{{/callout}}; to quote a source, write the quote as a paragraph and cite it',
  tableEmpty: 'a table without rows',
  tableEmptyHint: 'add rows under the header line | --- |, or remove the table',
} as const;

export function parseStory(story: Story, findings: Findings, readImage?: ImageReader): Section[] {
  const locale = localeOf(findings.edition.language);
  const state: State = { sections: [], regions: [], problems: [], ids: new Set(), agendas: [], format: locale.format, colon: locale.messages.colon };
  const { markdown } = story;
  let cursor = 0;

  for (const token of Lexer.lex(markdown)) {
    // Where the token stands in the Markdown, so that its problems can name their template line.
    const found = markdown.indexOf(token.raw, cursor);
    const offset = found >= 0 ? found : cursor;
    if (found >= 0) cursor = found + token.raw.length;
    const problem: Report = (message, hint, part) => {
      const inner = part ? token.raw.indexOf(part) : -1;
      const at = offset + (inner >= 0 ? inner : token.raw.length - token.raw.trimStart().length);
      state.problems.push({ message, ...story.locate(at), hint });
    };
    if (token.type === 'space') continue;
    const marker = token.type === 'html' ? parseMarker(token.text) : undefined;
    if (marker?.kind === 'open') { openRegion(state, marker, problem); continue; }
    if (marker?.kind === 'close') { closeRegion(state, problem); continue; }

    if (token.type === 'heading') {
      const level = token.depth === 1 ? 1 : token.depth === 2 ? 2 : 0;
      if (!level) { problem(`heading ${JSON.stringify(token.text)} is level ${token.depth}; only # (chapter) and ## (slide) are used`, 'use # or ## headings; put detail in bullets'); continue; }
      if (inRegion(state, 'notes')) { problem(`heading ${JSON.stringify(token.text)} inside {{#notes}}`, 'close {{/notes}} before the next heading'); continue; }
      if (state.callout) { problem(SAY.headingInCallout(token.text), SAY.headingInCalloutHint); continue; }
      const title = plainText(inlineRuns(token.tokens ?? [], problem));
      const at = story.locate(offset);
      state.sections.push({
        id: uniqueId(slug(title), state.ids), level, title, blocks: [], notes: [], sources: [],
        audience: audience(state), origin: { file: at.file ?? story.file, line: at.line ?? 0, column: at.column ?? 0 },
      });
      continue;
    }

    const section = state.sections[state.sections.length - 1];
    if (!section) { problem('content before the first heading', 'start the template with a # or ## heading'); continue; }

    if (inRegion(state, 'notes')) {
      section.notes.push(...noteParagraphs(token, problem));
      continue;
    }
    if (state.callout) {
      if (token.type === 'paragraph') state.callout.paragraphs.push(inlineRuns(token.tokens ?? [], problem));
      else problem(SAY.calloutContent(marker?.kind === 'block' ? `{{${marker.block}}}` : token.type), SAY.calloutContentHint);
      continue;
    }
    const block = marker ? markerBlock(marker, findings, problem, state) : markdownBlock(token, problem, readImage);
    if (!block) continue;
    // Assigned in place: agenda blocks are filled after the loop.
    section.blocks.push(Object.assign(block, { audience: audience(state) }) as AudienceBlock);
    for (const id of blockSources(block, findings)) if (!section.sources.includes(id)) section.sources.push(id);
  }
  const chapters = state.sections.filter((s) => s.level === 1 && s.audience !== 'report');
  for (const agenda of state.agendas) agenda.items = chapters.map((c) => ({ runs: [{ text: c.title }], level: 0 }));
  if (state.regions.length) state.problems.push({ message: `{{#${state.regions[state.regions.length - 1]}}} is never closed`, file: story.file, hint: 'add the matching closing tag' });
  if (state.problems.length) throw new ValidationError(state.problems);
  return state.sections;
}

function inRegion(state: State, region: Region): boolean {
  return state.regions.includes(region);
}

/** {{#notes}}, {{#deck}}, {{#report}} mark what follows; {{#callout}} starts a call-out block that gathers it. */
function openRegion(state: State, marker: Extract<Marker, { region: Region }>, problem: Report): void {
  state.regions.push(marker.region);
  if (marker.region !== 'callout') return;
  const section = state.sections[state.sections.length - 1];
  if (inRegion(state, 'notes')) { problem(SAY.calloutIn('notes'), SAY.calloutInHint); return; }
  if (!section) return;
  state.callout = { kind: 'callout', ...(marker.title ? { title: marker.title } : {}), paragraphs: [] };
  section.blocks.push(Object.assign(state.callout, { audience: audience(state) }));
}

function closeRegion(state: State, problem: Report): void {
  const region = state.regions.pop();
  if (region !== 'callout' || !state.callout) return;
  const section = state.sections[state.sections.length - 1];
  if (!state.callout.paragraphs.some((p) => plainText(p))) {
    problem(SAY.calloutEmpty, SAY.calloutEmptyHint);
    section.blocks.splice(section.blocks.indexOf(state.callout as AudienceBlock), 1);
  } else {
    for (const id of state.callout.paragraphs.flat().flatMap((r) => (r.cite ? [r.cite] : []))) if (!section.sources.includes(id)) section.sources.push(id);
  }
  state.callout = undefined;
}

function audience(state: State): Audience {
  for (let i = state.regions.length - 1; i >= 0; i--) {
    const r = state.regions[i];
    if (r === 'deck' || r === 'report') return r;
  }
  return 'both';
}

/** The Markdown a template may not use, by marked's name for it. */
const MARKDOWN_NAMES: Record<string, string> = {
  code: 'a code block', blockquote: 'a quote (>)', table: 'a Markdown table (|)', hr: 'a horizontal rule (---)', def: 'a link definition',
};

/** Reports a problem of the current token; `part`: the text within it that the problem is about. */
type Report = (message: string, hint: string, part?: string) => void;

function markdownBlock(token: Token, problem: Report, readImage?: ImageReader): Block | undefined {
  switch (token.type) {
    case 'paragraph': {
      const image = loneImage(token as Tokens.Paragraph);
      if (image) return imageBlock(image, problem, readImage);
      return { kind: 'paragraph', runs: inlineRuns(token.tokens ?? [], problem) };
    }
    case 'list':
      return { kind: 'bullets', items: listItems(token as Tokens.List, 0, problem) };
    case 'table':
      return tableBlock(token as Tokens.Table, problem);
    case 'html':
      problem(`raw HTML in a template: ${token.text.trim().split('\n')[0].slice(0, 40)}`, 'templates write Markdown and helpers; HTML is not rendered');
      return undefined;
    case 'blockquote':
      problem(SAY.quote(token.raw.trim().split('\n')[0].slice(0, 40)), SAY.quoteHint);
      return undefined;
    default:
      problem(`${MARKDOWN_NAMES[token.type] ?? `Markdown of the kind "${token.type}"`} is not supported: ${token.raw.trim().split('\n')[0].slice(0, 40)}`, 'use headings, paragraphs, bullet lists and the block helpers (chart, table, tiles, timeline, flow)');
      return undefined;
  }
}

/** A list's items, nested ones after their parent one level deeper; a numbered list's items keep their numbers. */
function listItems(list: Tokens.List, level: number, problem: Report): ListItem[] {
  const items: ListItem[] = [];
  // "3." starts a numbered list at three; the next items count on from it whatever they say.
  let number = list.ordered ? (typeof list.start === 'number' ? list.start : 1) : undefined;
  for (const item of list.items) {
    const runs: Run[] = [];
    const nested: ListItem[] = [];
    for (const child of item.tokens) {
      if (child.type === 'list') nested.push(...listItems(child as Tokens.List, level + 1, problem));
      else if ('tokens' in child && child.tokens) runs.push(...inlineRuns(child.tokens, problem));
      else if (child.type !== 'space') runs.push({ text: child.raw });
    }
    if (runs.some((r) => r.text.trim())) items.push({ runs: trimRuns(runs), level, ...(number !== undefined ? { number } : {}) });
    if (number !== undefined) number++;
    items.push(...nested);
  }
  return items;
}

/** A pipe table: its header cells as the columns, every row's cells as runs (helpers put the figures in them). */
function tableBlock(token: Tokens.Table, problem: Report): Block | undefined {
  if (!token.rows.length) { problem(SAY.tableEmpty, SAY.tableEmptyHint); return undefined; }
  const cell = (c: Tokens.TableCell) => trimRuns(inlineRuns(c.tokens, problem));
  const align: CellAlign[] = token.align.map((a) => a ?? undefined);
  const rows = token.rows.map((row) => token.header.map((_, i) => (row[i] ? cell(row[i]) : [])));
  const sources = [...new Set(rows.flat(2).flatMap((r) => (r.cite ? [r.cite] : [])))];
  return {
    kind: 'table', columns: token.header.map((h) => plainText(cell(h))), rows, sources,
    ...(align.some(Boolean) ? { align } : {}),
  };
}

/** The image of a paragraph that holds an image and nothing else. */
function loneImage(paragraph: Tokens.Paragraph): Tokens.Image | undefined {
  const tokens = (paragraph.tokens ?? []).filter((t) => !(t.type === 'text' && !t.raw.trim()));
  return tokens.length === 1 && tokens[0].type === 'image' ? (tokens[0] as Tokens.Image) : undefined;
}

/** `![alt](file "caption")`: the picture, read from the templates folder, with its alt text (required). */
function imageBlock(token: Tokens.Image, problem: Report, readImage?: ImageReader): Block | undefined {
  const alt = plainText(inlineRuns(token.tokens ?? [], problem)).replace(/\s+/g, ' ');
  if (!alt) { problem(SAY.noAlt(token.href), SAY.noAltHint); return undefined; }
  if (!readImage) return undefined;
  const image = readImage(token.href);
  if ('message' in image) { problem(SAY.image(image.message), image.hint); return undefined; }
  return { kind: 'image', image, alt, ...(token.title?.trim() ? { caption: token.title.trim() } : {}) };
}

function noteParagraphs(token: Token, problem: Report): Run[][] {
  if (token.type === 'paragraph') return [inlineRuns(token.tokens ?? [], problem)];
  // A numbered point of the talk track says its number.
  if (token.type === 'list') return listItems(token as Tokens.List, 0, problem).map((i) => (i.number !== undefined ? [{ text: `${i.number}. ` }, ...i.runs] : i.runs));
  const marker = token.type === 'html' ? parseMarker(token.text) : undefined;
  const found = marker?.kind === 'block' ? `{{${marker.block}}}` : MARKDOWN_NAMES[token.type] ?? token.type;
  problem(`speaker notes hold paragraphs and lists only, not ${found}`, 'write the talk track as plain sentences; put blocks on the slide, outside {{#notes}}');
  return [];
}

/** Inline Markdown to runs: text is literal; **bold**, *italic* and citations (at their claims) are kept. */
function inlineRuns(tokens: Token[], problem: Report): Run[] {
  return closeSpacesAfterCjkPunctuation(placeCitations(draftRuns(tokens, problem)));
}

/** The runs of inline tokens, each citation a text-less run of its own (placed by placeCitations). */
function draftRuns(tokens: Token[], problem: Report, style: { bold?: boolean; italic?: boolean } = {}): DraftRun[] {
  const runs: DraftRun[] = [];
  const push = (text: string) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && !last.cite && last.bold === style.bold && last.italic === style.italic) last.text += text;
    else runs.push({ text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}) });
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        if ('tokens' in t && t.tokens?.length) runs.push(...draftRuns(t.tokens, problem, style));
        else push(t.text);
        break;
      case 'escape': push(t.text); break;
      case 'codespan': push(t.text); break;
      case 'br': push(' '); break;
      case 'strong': runs.push(...draftRuns(t.tokens ?? [], problem, { ...style, bold: true })); break;
      case 'em': runs.push(...draftRuns(t.tokens ?? [], problem, { ...style, italic: true })); break;
      case 'link': runs.push(...draftRuns(t.tokens ?? [], problem, style)); break;
      case 'image': problem(SAY.imageInline, SAY.imageInlineHint); break;
      case 'html': {
        const marker = parseMarker(t.text);
        if (marker?.kind === 'cite') runs.push({ text: '', cite: marker.source, ...(marker.floats ? { floats: true } : {}) });
        else problem(`raw HTML in a template: ${t.text.split('\n')[0].slice(0, 40)}`, 'templates write Markdown and helpers; HTML is not rendered', t.raw);
        break;
      }
      default: push(t.raw);
    }
  }
  return runs;
}

function trimRuns(runs: Run[]): Run[] {
  if (runs.length) {
    runs[0].text = runs[0].text.replace(/^\s+/, '');
    runs[runs.length - 1].text = runs[runs.length - 1].text.replace(/\s+$/, '');
  }
  return runs.filter((r) => r.text || r.cite);
}

export function plainText(runs: Run[]): string {
  return runs.map((r) => r.text).join('').trim();
}

function markerBlock(marker: Marker, findings: Findings, problem: Report, state: State): Block | undefined {
  if (marker.kind !== 'block') { problem('a citation marker stands alone', 'place {{cite}} right after the text it supports'); return undefined; }
  if (marker.block === 'agenda') {
    const agenda: State['agendas'][number] = { kind: 'bullets', items: [] };
    state.agendas.push(agenda);
    return agenda;
  }
  if (marker.block === 'chart') return { kind: 'chart', chartId: marker.id };
  if (marker.block === 'tiles') {
    return {
      kind: 'tiles',
      tiles: (marker.ids ?? []).map((id) => tileOf(own(findings.figures, id)!, state.format)),
    };
  }
  const c: Collection | undefined = own(findings.collections, marker.id);
  if (!c) { problem(`unknown collection "${marker.id}"`, 'name a collection from collections:'); return undefined; }
  const sources = c.sources;
  if (marker.block === 'timeline') return { kind: 'timeline', collectionId: c.id, title: c.title, sources, items: c.items.map((i) => ({ when: i.when ?? '', text: i.text ? `${i.title}${state.colon}${i.text}` : i.title })) };
  if (marker.block === 'flow' || marker.block === 'cards') {
    const steps = c.items.map((i) => ({ title: i.title, text: i.text ?? '' }));
    return { kind: 'flow', collectionId: c.id, title: c.title, sources, steps, ...(marker.block === 'cards' ? { cards: true } : {}) };
  }
  if (marker.block === 'table') {
    if (!c.columns?.length) { problem(`{{table "${c.id}"}}: the collection has no columns`, `add columns: [{key, label}] to collection ${c.id}`); return undefined; }
    const rows = c.items.map((item) => c.columns!.map((col) => [{ text: col.key === 'title' ? item.title : own(item.fields, col.key) ?? '' }]));
    return { kind: 'table', collectionId: c.id, title: c.title, columns: c.columns.map((col) => col.label), rows, sources };
  }
  problem(`unknown block "${marker.block}"`, 'use chart, table, tiles, timeline, flow or cards');
  return undefined;
}

/** A figure as a tile: its short form large, its label with what it covers and how sure it is. */
export function tileOf(f: Figure, format: FigureFormat): Tile {
  const said = format.contextBeside(f.label, f);
  return { value: format.short(f), label: f.label + format.bracket(said), source: f.source, figureId: f.id, long: format.figure(f), name: f.label };
}

function blockSources(block: Block, findings: Findings): string[] {
  switch (block.kind) {
    case 'paragraph': return block.runs.flatMap((r) => (r.cite ? [r.cite] : []));
    case 'bullets': return block.items.flatMap((i) => i.runs.flatMap((r) => (r.cite ? [r.cite] : [])));
    case 'chart': return own(findings.charts, block.chartId)?.sources ?? [];
    case 'tiles': return block.tiles.map((t) => t.source);
    case 'image': return [];
    case 'callout': return block.paragraphs.flat().flatMap((r) => (r.cite ? [r.cite] : []));
    default: return block.sources;
  }
}

function slug(text: string): string {
  const s = text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');
  return s || 'section';
}

function uniqueId(base: string, ids: Set<string>): string {
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  ids.add(id);
  return id;
}
