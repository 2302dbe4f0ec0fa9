// Parses the rendered story (Markdown with our markers) into the typed Document both emitters render.
// `#` starts a chapter, `##` a slide / sub-section; lists become bullets; markers become blocks.
import { Lexer, type Token, type Tokens } from 'marked';
import { ValidationError, type Problem } from '../errors.ts';
import type { Audience, AudienceBlock, Block, Collection, Figure, Findings, Run, Section, Tile } from '../types.ts';
import { contextBeside, formatFigure, formatFigureShort } from '../format/index.ts';
import { placeCitations, type DraftRun } from './citations.ts';
import { parseMarker, type Marker } from './markers.ts';
import { own } from '../ids.ts';
import type { StoryLocation } from './locate.ts';

/** The rendered story: its Markdown, and where any offset of it stands in the templates. */
export interface Story {
  markdown: string;
  file: string;
  locate(offset: number): StoryLocation;
}

interface State {
  sections: Section[];
  regions: ('notes' | 'deck' | 'report')[];
  problems: Problem[];
  ids: Set<string>;
  /** Agenda blocks, filled with the chapter titles once every chapter is known. */
  agendas: { kind: 'bullets'; items: { runs: Run[]; level: number }[] }[];
}

export function parseStory(story: Story, findings: Findings): Section[] {
  const state: State = { sections: [], regions: [], problems: [], ids: new Set(), agendas: [] };
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
    if (marker?.kind === 'open') { state.regions.push(marker.region); continue; }
    if (marker?.kind === 'close') { state.regions.pop(); continue; }

    if (token.type === 'heading') {
      const level = token.depth === 1 ? 1 : token.depth === 2 ? 2 : 0;
      if (!level) { problem(`heading ${JSON.stringify(token.text)} is level ${token.depth}; only # (chapter) and ## (slide) are used`, 'use # or ## headings; put detail in bullets'); continue; }
      if (inRegion(state, 'notes')) { problem(`heading ${JSON.stringify(token.text)} inside {{#notes}}`, 'close {{/notes}} before the next heading'); continue; }
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
    const block = marker ? markerBlock(marker, findings, problem, state) : markdownBlock(token, problem);
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

function inRegion(state: State, region: 'notes' | 'deck' | 'report'): boolean {
  return state.regions.includes(region);
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

function markdownBlock(token: Token, problem: Report): Block | undefined {
  switch (token.type) {
    case 'paragraph':
      return { kind: 'paragraph', runs: inlineRuns(token.tokens ?? [], problem) };
    case 'list':
      return { kind: 'bullets', items: listItems(token as Tokens.List, 0, problem) };
    case 'html':
      problem(`raw HTML in a template: ${token.text.trim().split('\n')[0].slice(0, 40)}`, 'templates write Markdown and helpers; HTML is not rendered');
      return undefined;
    default:
      problem(`${MARKDOWN_NAMES[token.type] ?? `Markdown of the kind "${token.type}"`} is not supported: ${token.raw.trim().split('\n')[0].slice(0, 40)}`, 'use headings, paragraphs, bullet lists and the block helpers (chart, table, tiles, timeline, flow)');
      return undefined;
  }
}

function listItems(list: Tokens.List, level: number, problem: Report): { runs: Run[]; level: number }[] {
  const items: { runs: Run[]; level: number }[] = [];
  for (const item of list.items) {
    const runs: Run[] = [];
    const nested: { runs: Run[]; level: number }[] = [];
    for (const child of item.tokens) {
      if (child.type === 'list') nested.push(...listItems(child as Tokens.List, level + 1, problem));
      else if ('tokens' in child && child.tokens) runs.push(...inlineRuns(child.tokens, problem));
      else if (child.type !== 'space') runs.push({ text: child.raw });
    }
    if (runs.some((r) => r.text.trim())) items.push({ runs: trimRuns(runs), level });
    items.push(...nested);
  }
  return items;
}

function noteParagraphs(token: Token, problem: Report): Run[][] {
  if (token.type === 'paragraph') return [inlineRuns(token.tokens ?? [], problem)];
  if (token.type === 'list') return listItems(token as Tokens.List, 0, problem).map((i) => i.runs);
  const marker = token.type === 'html' ? parseMarker(token.text) : undefined;
  const found = marker?.kind === 'block' ? `{{${marker.block}}}` : MARKDOWN_NAMES[token.type] ?? token.type;
  problem(`speaker notes hold paragraphs and lists only, not ${found}`, 'write the talk track as plain sentences; put blocks on the slide, outside {{#notes}}');
  return [];
}

/** Inline Markdown to runs: text is literal; **bold**, *italic* and citations (at their claims) are kept. */
function inlineRuns(tokens: Token[], problem: Report): Run[] {
  return placeCitations(draftRuns(tokens, problem));
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
    const agenda = { kind: 'bullets' as const, items: [] };
    state.agendas.push(agenda);
    return agenda;
  }
  if (marker.block === 'chart') return { kind: 'chart', chartId: marker.id };
  if (marker.block === 'tiles') {
    return {
      kind: 'tiles',
      tiles: (marker.ids ?? []).map((id) => tileOf(own(findings.figures, id)!)),
    };
  }
  const c: Collection | undefined = own(findings.collections, marker.id);
  if (!c) { problem(`unknown collection "${marker.id}"`, 'name a collection from collections:'); return undefined; }
  const sources = c.sources;
  if (marker.block === 'timeline') return { kind: 'timeline', collectionId: c.id, title: c.title, sources, items: c.items.map((i) => ({ when: i.when ?? '', text: i.text ? `${i.title}: ${i.text}` : i.title })) };
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
export function tileOf(f: Figure): Tile {
  const said = contextBeside(f.label, f);
  return { value: formatFigureShort(f), label: said ? `${f.label} (${said})` : f.label, source: f.source, figureId: f.id, long: formatFigure(f), name: f.label };
}

function blockSources(block: Block, findings: Findings): string[] {
  switch (block.kind) {
    case 'paragraph': return block.runs.flatMap((r) => (r.cite ? [r.cite] : []));
    case 'bullets': return block.items.flatMap((i) => i.runs.flatMap((r) => (r.cite ? [r.cite] : [])));
    case 'chart': return own(findings.charts, block.chartId)?.sources ?? [];
    case 'tiles': return block.tiles.map((t) => t.source);
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
