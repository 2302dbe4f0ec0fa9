/// <reference lib="dom" />
// The report's pages, drawn by pdf.js (served by the preview from the pdfjs-dist package) from the PDF
// the build wrote. A page is drawn when it scrolls into view; a new PDF redraws the pages in place.
import { STRINGS } from './strings.ts';

type PdfJs = typeof import('pdfjs-dist');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

const PDFJS_URL = '/assets/pdf.mjs';
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (import(/* @vite-ignore */ PDFJS_URL) as Promise<PdfJs>).then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.mjs';
    return lib;
  });
  return pdfjs;
}

export class ReportView {
  private doc: PdfDocument | undefined;
  private version = '';
  private readonly drawn = new Map<number, string>();
  private readonly observer: IntersectionObserver;

  constructor(private readonly panel: HTMLElement, private readonly onPages: (count: number) => void) {
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) void this.draw(Number((e.target as HTMLElement).dataset.page));
    }, { root: panel, rootMargin: '400px 0px' });
  }

  get pageCount(): number {
    return this.doc?.numPages ?? 0;
  }

  private wanted: { url: string | undefined; version: string } = { url: undefined, version: '' };

  /** Shows the PDF at this URL (once the panel is visible: reading it costs the browser), unless shown already. */
  async show(url: string | undefined, version: string): Promise<void> {
    this.wanted = { url, version };
    if (this.panel.hidden && this.doc) return;
    if (!url) {
      if (!this.panel.querySelector('.page')) this.panel.replaceChildren(Object.assign(document.createElement('p'), { className: 'empty', textContent: STRINGS.noReport }));
      return;
    }
    if (version === this.version) return;
    this.version = version;
    const [lib, data] = await Promise.all([loadPdfJs(), fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${url}: ${r.status}`))))]);
    if (version !== this.version) return;
    // Read whole (pdf.js would cancel its own streaming request), no eval (the page's policy forbids
    // it), and its data files from this server only.
    const doc = await lib.getDocument({ data: new Uint8Array(data), isEvalSupported: false, disableFontFace: false, useSystemFonts: false, wasmUrl: '/assets/pdfjs/wasm/', iccUrl: '/assets/pdfjs/iccs/', standardFontDataUrl: '/assets/pdfjs/standard_fonts/', cMapUrl: '/assets/pdfjs/cmaps/' }).promise;
    if (version !== this.version) { void doc.destroy(); return; }
    const old = this.doc;
    this.doc = doc;
    this.drawn.clear();
    await this.layout();
    void old?.destroy();
    this.onPages(doc.numPages);
  }

  /** The panel was shown: catch up with the latest PDF. */
  shown(): void {
    void this.show(this.wanted.url, this.wanted.version);
  }

  /** One box per page at its size (so the place is kept while pages draw), drawn when seen. */
  private async layout(): Promise<void> {
    const doc = this.doc!;
    this.panel.querySelector('.empty')?.remove();
    const pages = [...this.panel.querySelectorAll<HTMLElement>('.page')];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n).catch((e: unknown) => { if (doc === this.doc) throw e; });
      if (!page || doc !== this.doc) return; // a newer PDF took over and lays itself out
      const viewport = page.getViewport({ scale: 1 });
      let box = pages[n - 1];
      if (!box) {
        box = Object.assign(document.createElement('div'), { className: 'page', id: `page-${n}` });
        box.dataset.page = String(n);
        box.append(document.createElement('canvas'), Object.assign(document.createElement('span'), { className: 'page-label' }));
        this.panel.append(box);
        this.observer.observe(box);
      }
      box.style.aspectRatio = `${viewport.width} / ${viewport.height}`;
      box.querySelector('.page-label')!.textContent = STRINGS.pageLabel(n, doc.numPages);
      box.setAttribute('aria-label', STRINGS.pageLabel(n, doc.numPages));
      box.dataset.drawn = '';
    }
    for (const extra of pages.slice(doc.numPages)) { this.observer.unobserve(extra); extra.remove(); }
    // Pages already in view are drawn now; the observer calls for the others as they come.
    for (const box of this.panel.querySelectorAll<HTMLElement>('.page')) {
      const r = box.getBoundingClientRect();
      const p = this.panel.getBoundingClientRect();
      if (r.bottom > p.top - 400 && r.top < p.bottom + 400) void this.draw(Number(box.dataset.page));
    }
  }

  private async draw(n: number): Promise<void> {
    const doc = this.doc;
    const box = this.panel.querySelector<HTMLElement>(`#page-${n}`);
    // A page in a hidden panel has no size yet: it is drawn when it is shown (the observer says so).
    if (!doc || !box || !box.clientWidth || this.drawn.get(n) === this.version) return;
    this.drawn.set(n, this.version);
    const page = await doc.getPage(n).catch((e: unknown) => { if (doc === this.doc) throw e; });
    if (!page) return;
    const scale = (box.clientWidth / page.getViewport({ scale: 1 }).width) * (window.devicePixelRatio || 1);
    const viewport = page.getViewport({ scale });
    // Drawn off-screen and swapped in, so the old page stays until the new one is ready.
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    try {
      await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
    } catch (e) {
      // A newer PDF replaced this one mid-draw: destroying the old document cancels its renders.
      if (doc !== this.doc) return;
      throw e;
    }
    if (doc !== this.doc) return;
    box.querySelector('canvas')!.replaceWith(canvas);
    box.dataset.drawn = this.version;
  }
}
