/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The preview page: follows the server's event stream (every view, whole), keeps the reader's place
// across updates, moves slide by slide or page by page from the keyboard, and shows a failed build's
// problems over the last good view.
import type { View } from '../hub.ts';
import { ReportView } from './report.ts';
import { fitSlides, showDeck } from './slides.ts';
import { STRINGS, useLanguage } from './strings.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const slidesPanel = $('slides');
const reportPanel = $('report');
const shownSlides: string[] = [];
let view: View | undefined;
const report = new ReportView(reportPanel, (n) => { $('page-count').textContent = `(${n})`; });

// ---- tabs and the place in each ----

type Tab = 'slides' | 'report';
const panelOf = (tab: Tab) => (tab === 'slides' ? slidesPanel : reportPanel);
let tab: Tab = location.hash.startsWith('#page-') ? 'report' : 'slides';

function select(next: Tab): void {
  tab = next;
  for (const t of ['slides', 'report'] as Tab[]) {
    const button = $(`tab-${t}`);
    button.setAttribute('aria-selected', String(t === tab));
    button.tabIndex = t === tab ? 0 : -1;
    panelOf(t).hidden = t !== tab;
  }
  if (view?.deck) fitSlides(slidesPanel, view.deck);
  if (tab === 'report') report.shown();
}

/** The items of a panel (slides or pages) and which one the reader is at: the first not scrolled past. */
function items(panel: HTMLElement): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>(panel === slidesPanel ? 'article.slide' : '.page')];
}

function currentIndex(panel: HTMLElement): number {
  const top = panel.getBoundingClientRect().top;
  const list = items(panel);
  const i = list.findIndex((e) => e.getBoundingClientRect().bottom > top + 24);
  return Math.max(0, i);
}

function goTo(panel: HTMLElement, index: number): void {
  const list = items(panel);
  const target = list[Math.max(0, Math.min(list.length - 1, index))];
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  history.replaceState(null, '', `#${target.id}`);
}

/** Runs an update that may change heights, keeping the item at the top of the panel where it was. */
function keepingPlace(panel: HTMLElement, update: () => void): void {
  const list = items(panel);
  const index = currentIndex(panel);
  const anchor = list[index];
  const offset = anchor ? anchor.getBoundingClientRect().top - panel.getBoundingClientRect().top : 0;
  update();
  const again = items(panel)[index];
  if (anchor && again) panel.scrollTop += again.getBoundingClientRect().top - panel.getBoundingClientRect().top - offset;
}

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).closest('input, textarea, select')) return;
  const panel = panelOf(tab);
  const at = currentIndex(panel);
  const moves: Record<string, () => void> = {
    ArrowRight: () => goTo(panel, at + 1), ArrowDown: () => goTo(panel, at + 1), PageDown: () => goTo(panel, at + 1), j: () => goTo(panel, at + 1), ' ': () => goTo(panel, at + 1),
    ArrowLeft: () => goTo(panel, at - 1), ArrowUp: () => goTo(panel, at - 1), PageUp: () => goTo(panel, at - 1), k: () => goTo(panel, at - 1),
    Home: () => goTo(panel, 0), End: () => goTo(panel, Infinity),
    s: () => select('slides'), r: () => select('report'),
  };
  const move = moves[e.key] ?? moves[e.key.toLowerCase()];
  if (!move) return;
  e.preventDefault();
  move();
});
for (const t of ['slides', 'report'] as Tab[]) $(`tab-${t}`).addEventListener('click', () => select(t));
new ResizeObserver(() => { if (view?.deck) fitSlides(slidesPanel, view.deck); }).observe(slidesPanel);

// ---- what the server says ----

/** The page's own labels in the language of the edition it shows. */
function relabel(): void {
  const label = (id: string, text: string) => { const node = $(id).firstChild; if (node?.nodeType === Node.TEXT_NODE) node.textContent = `${text} `; };
  label('tab-slides', STRINGS.slides);
  label('tab-report', STRINGS.report);
  document.querySelector('.brand')!.textContent = STRINGS.name;
  document.querySelector('.tabs')!.setAttribute('aria-label', STRINGS.whatToShow);
  $('files').setAttribute('aria-label', STRINGS.builtFiles);
  document.querySelector('.keys')!.textContent = STRINGS.keys;
  $('problems-title').textContent = STRINGS.problemsTitle;
}

function showStatus(v: View): void {
  if (v.language && useLanguage(v.language)) relabel();
  const status = $('status');
  status.dataset.state = v.state;
  status.textContent = v.state === 'building' ? STRINGS.building(v.reason) : v.state === 'failed' ? STRINGS.failed : STRINGS.ready(new Date().toLocaleTimeString());
  $('doc-title').textContent = v.title;
  if (v.title) document.title = `${v.title} · ${STRINGS.name}`;
}

function showFiles(v: View): void {
  const links = v.files.map((f) => {
    const a = document.createElement('a');
    a.href = `/out/${encodeURIComponent(f.name)}?v=${encodeURIComponent(f.version)}`;
    a.textContent = f.name;
    a.title = `${Math.round(f.bytes / 1024)} KB`;
    if (!f.name.endsWith('.html')) a.download = f.name;
    else a.target = '_blank';
    return a;
  });
  $('files').replaceChildren(...links);
}

function showProblems(v: View): void {
  const box = $('problems');
  box.hidden = v.problems.length === 0;
  if (box.hidden) return;
  $('problems-lead').textContent = STRINGS.problemsLead;
  $('problems-list').replaceChildren(...v.problems.map((p) => {
    const li = document.createElement('li');
    if (p.where) li.append(Object.assign(document.createElement('span'), { className: 'where', textContent: p.where }), ' ');
    li.append(`${p.field ? `${p.field}: ` : ''}${p.message}`);
    if (p.hint) li.append(Object.assign(document.createElement('span'), { className: 'hint', textContent: STRINGS.hint + p.hint }));
    return li;
  }));
}

function show(v: View): void {
  if (view && v.server === view.server && v.version <= view.version) return;
  view = v;
  showStatus(v);
  showFiles(v);
  showProblems(v);
  if (v.deck) {
    const deck = v.deck;
    const first = shownSlides.length === 0;
    $('slide-count').textContent = `(${deck.slides.length})`;
    slidesPanel.querySelector('.empty')?.remove();
    let changed: number[] = [];
    keepingPlace(slidesPanel, () => { changed = showDeck(slidesPanel, deck, shownSlides); });
    // A changed slide is outlined for a moment (not on the first view).
    if (!first) {
      for (const n of changed) {
        const a = document.getElementById(`slide-${n}`);
        a?.classList.add('changed');
        setTimeout(() => a?.classList.remove('changed'), 2000);
      }
    }
    document.body.dataset.version = String(v.version);
    document.body.dataset.buildStarted = String(v.started ?? '');
    document.body.dataset.deckDrawn = String(v.drawn ?? '');
    document.body.dataset.stages = JSON.stringify(v.stages ?? {});
  } else if (!slidesPanel.firstChild) {
    slidesPanel.append(Object.assign(document.createElement('p'), { className: 'empty', textContent: STRINGS.noSlides }));
  }
  const pdf = v.files.find((f) => f.name === 'report.pdf');
  void report.show(pdf && `/out/report.pdf?v=${encodeURIComponent(pdf.version)}`, pdf?.version ?? '');
}

select(tab);
const events = new EventSource('/events');
events.addEventListener('view', (e) => show(JSON.parse((e as MessageEvent<string>).data) as View));
events.addEventListener('error', () => { $('status').textContent = STRINGS.lostConnection; });
events.addEventListener('open', () => { if (view) showStatus(view); });

// The place in the address (#slide-4, #page-2) is where the reader was, or wants to go: go there once drawn.
function goToHash(): void {
  const id = location.hash.slice(1);
  if (!id) return;
  select(id.startsWith('page-') ? 'report' : 'slides');
  const wait = setInterval(() => {
    const target = document.getElementById(id);
    if (target) { clearInterval(wait); target.scrollIntoView({ block: 'start' }); }
  }, 50);
  setTimeout(() => clearInterval(wait), 5000);
}
window.addEventListener('hashchange', goToHash);
goToHash();
