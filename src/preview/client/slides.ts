/// <reference lib="dom" />
// Draws the deck's slides from the preview's DeckView: every element positioned in inches and set in
// points, as the deck places it. Text only ever reaches the page as text nodes (never as markup).
import type { CellView, DeckView, ElementView, ParaView, ShapeView, SlideView, TableView, TextView } from '../slides.ts';
import { STRINGS } from './strings.ts';

const PX_PER_IN = 96;
const SVG = 'http://www.w3.org/2000/svg';

/** The fonts a run names, then the CJK face for Chinese (a browser falls back per character). */
const fontStack = (font?: string) => `${font ? `"${font.replace(/["\\]/g, '')}", ` : ''}"Noto Sans", "Noto Sans CJK SC", sans-serif`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function place(e: HTMLElement | SVGElement, box: { x: number; y: number; w: number; h: number }): void {
  e.style.left = `${box.x}in`;
  e.style.top = `${box.y}in`;
  e.style.width = `${box.w}in`;
  e.style.height = `${box.h}in`;
}

function para(p: ParaView): HTMLElement {
  const e = el('p', 'para');
  e.style.textAlign = p.align;
  e.style.paddingLeft = `${p.marginLeft}pt`;
  e.style.marginTop = `${p.spaceBefore}pt`;
  e.style.marginBottom = `${p.spaceAfter}pt`;
  if (p.lineMultiple) e.style.lineHeight = String(1.2 * p.lineMultiple);
  if (p.linePoints) e.style.lineHeight = `${p.linePoints}pt`;
  const first = p.runs[0];
  if (p.bullet) {
    // A hanging bullet: at the paragraph's indent, in the first run's size and colour.
    const b = el('span', 'bullet', p.number !== undefined ? `${p.number}.` : '•');
    b.style.width = `${-p.indent}pt`;
    b.style.marginLeft = `${p.indent}pt`;
    if (first) { b.style.fontSize = `${first.size}pt`; b.style.color = `#${first.color}`; b.style.fontFamily = fontStack(first.font); }
    e.append(b);
  }
  for (const r of p.runs) {
    const s = el('span', r.superscript ? 'sup' : r.subscript ? 'sub' : undefined, r.text);
    s.style.fontSize = `${r.size}pt`;
    s.style.color = `#${r.color}`;
    s.style.fontFamily = fontStack(r.font);
    if (r.bold) s.style.fontWeight = 'bold';
    if (r.italic) s.style.fontStyle = 'italic';
    if (r.underline) s.style.textDecoration = 'underline';
    e.append(s);
  }
  // An empty paragraph still takes a line, at its size.
  if (!p.runs.some((r) => r.text)) e.style.fontSize = `${first?.size ?? 18}pt`;
  return e;
}

function text(t: TextView): HTMLElement {
  const e = el('div', `text ${t.valign}`);
  place(e, t.box);
  const [top, right, bottom, left] = t.inset;
  e.style.padding = `${top}pt ${right}pt ${bottom}pt ${left}pt`;
  if (t.fill) e.style.background = `#${t.fill}`;
  if (t.line) e.style.outline = `${t.line.width}pt solid #${t.line.color}`;
  if (t.title) e.dataset.role = 'title';
  e.append(...t.paras.map(para));
  return e;
}

function shape(s: ShapeView): Element {
  const { box } = s;
  if (s.geometry === 'rect' || s.geometry === 'roundRect') {
    const e = el('div', 'shape');
    place(e, box);
    if (s.fill) e.style.background = `#${s.fill}`;
    if (s.line) e.style.boxShadow = `inset 0 0 0 ${s.line.width}pt #${s.line.color}`;
    if (s.geometry === 'roundRect') e.style.borderRadius = `${s.radius ?? Math.min(box.w, box.h) * 0.1667}in`;
    return e;
  }
  // Lines, ellipses and arrows as SVG, in inches × 96 (the page's pixels at scale 1).
  const svg = document.createElementNS(SVG, 'svg');
  const w = box.w * PX_PER_IN;
  const h = box.h * PX_PER_IN;
  svg.setAttribute('width', String(Math.max(w, 1)));
  svg.setAttribute('height', String(Math.max(h, 1)));
  svg.style.left = `${box.x}in`;
  svg.style.top = `${box.y}in`;
  const stroke: Record<string, string> = s.line ? { stroke: `#${s.line.color}`, 'stroke-width': String(s.line.width * (PX_PER_IN / 72)) } : {};
  const add = (tag: string, attrs: Record<string, string>) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    svg.append(node);
  };
  if (s.geometry === 'line') {
    const [x1, x2] = s.flipH ? [w, 0] : [0, w];
    const [y1, y2] = s.flipV ? [h, 0] : [0, h];
    add('line', { x1: String(x1), y1: String(y1), x2: String(x2), y2: String(y2), ...stroke });
  } else if (s.geometry === 'ellipse') {
    add('ellipse', { cx: String(w / 2), cy: String(h / 2), rx: String(w / 2), ry: String(h / 2), fill: s.fill ? `#${s.fill}` : 'none', ...stroke });
  } else if (s.geometry === 'rightArrow') {
    // PowerPoint's default right arrow: a shaft half the height, a head as long as half the height.
    const head = Math.min(w, h / 2);
    const points = [[0, h * 0.25], [w - head, h * 0.25], [w - head, 0], [w, h / 2], [w - head, h], [w - head, h * 0.75], [0, h * 0.75]];
    add('polygon', { points: points.map((p) => p.join(',')).join(' '), fill: s.fill ? `#${s.fill}` : 'none', ...stroke });
  } else {
    add('rect', { width: String(w), height: String(h), fill: s.fill ? `#${s.fill}` : 'none', ...stroke });
  }
  return svg;
}

function table(t: TableView): HTMLElement {
  const wrap = el('div', 'table');
  wrap.style.left = `${t.box.x}in`;
  wrap.style.top = `${t.box.y}in`;
  const tab = el('table');
  tab.style.width = `${t.colW.reduce((a, b) => a + b, 0)}in`;
  const cols = el('colgroup');
  for (const w of t.colW) { const c = el('col'); c.style.width = `${w}in`; cols.append(c); }
  tab.append(cols);
  t.rows.forEach((row, ri) => {
    const tr = el('tr');
    tr.style.height = `${t.rowH[ri] ?? 0}in`;
    row.forEach((cell: CellView) => {
      const td = el('td', cell.valign);
      const [top, right, bottom, left] = cell.inset;
      td.style.padding = `${top}pt ${right}pt ${bottom}pt ${left}pt`;
      if (cell.fill) td.style.background = `#${cell.fill}`;
      if (t.border) td.style.border = `${t.border.width}pt solid #${t.border.color}`;
      td.append(...cell.paras.map(para));
      tr.append(td);
    });
    tab.append(tr);
  });
  wrap.append(tab);
  return wrap;
}

function element(e: ElementView): Element {
  switch (e.kind) {
    case 'text': return text(e);
    case 'shape': return shape(e);
    case 'table': return table(e);
    case 'image': {
      const img = el('img');
      place(img, e.box);
      img.alt = e.alt ?? '';
      if (e.src) img.src = e.src;
      return img;
    }
    case 'chart': {
      const box = el('div', 'chart-box', `${STRINGS.chart}: ${e.title}`);
      place(box, e.box);
      return box;
    }
  }
}

/** One slide: its label, the drawing at the deck's size, and its speaker notes. */
export function slideElement(slide: SlideView, deck: DeckView): HTMLElement {
  const article = el('article', 'slide');
  article.id = `slide-${slide.number}`;
  article.dataset.number = String(slide.number);
  article.setAttribute('aria-label', STRINGS.slideLabel(slide.number, slide.title));
  article.append(el('p', 'slide-label', STRINGS.slideLabel(slide.number, slide.title)));
  const frame = el('div', 'frame');
  frame.style.aspectRatio = `${deck.width} / ${deck.height}`;
  const canvas = el('div', 'canvas');
  canvas.style.width = `${deck.width}in`;
  canvas.style.height = `${deck.height}in`;
  if (slide.background) canvas.style.background = `#${slide.background}`;
  canvas.append(...slide.elements.map(element));
  frame.append(canvas);
  const notes = el('div', 'notes');
  notes.append(el('h3', undefined, STRINGS.notes), el('div', 'notes-text', slide.notes || STRINGS.noNotes));
  article.append(frame, notes);
  return article;
}

/**
 * Shows a deck in the panel, replacing only the slides that changed (the others keep their elements,
 * so the reader's place and the browser's work stay). Returns the numbers of the slides replaced.
 */
export function showDeck(panel: HTMLElement, deck: DeckView, shown: string[]): number[] {
  panel.style.setProperty('--slide-px-w', `${deck.width * PX_PER_IN}px`);
  const changed: number[] = [];
  const articles = [...panel.querySelectorAll<HTMLElement>('article.slide')];
  deck.slides.forEach((slide, i) => {
    const key = JSON.stringify([slide, deck.width, deck.height]);
    if (shown[i] === key && articles[i]) return;
    const fresh = slideElement(slide, deck);
    if (articles[i]) articles[i].replaceWith(fresh); else panel.append(fresh);
    shown[i] = key;
    changed.push(slide.number);
  });
  for (const extra of articles.slice(deck.slides.length)) extra.remove();
  shown.length = deck.slides.length;
  fitSlides(panel, deck);
  return changed;
}

/** Scales every slide drawing to the width its frame has. */
export function fitSlides(panel: HTMLElement, deck: DeckView): void {
  const frame = panel.querySelector<HTMLElement>('.frame');
  if (!frame) return;
  panel.style.setProperty('--slide-scale', String(frame.clientWidth / (deck.width * PX_PER_IN)));
}
