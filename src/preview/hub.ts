// What the preview shows, and the open pages it tells. The last good view (slides, report, files) is
// kept until a build replaces it; a failed build adds its problems on top without taking it away.
// Every change goes to every open page at once as a server-sent event carrying the whole view, so a
// page never has to ask back (the server may be busy writing the report when a slide changes).
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { DeckView } from './slides.ts';

export interface ProblemView {
  /** "data/figures.yaml:12:5" (relative to the working folder), or empty. */
  where: string;
  field?: string;
  message: string;
  hint?: string;
}

export interface FileView {
  name: string;
  bytes: number;
  /** Changes whenever the file does: a page reloads what it shows of the file only then. */
  version: string;
}

export interface View {
  /** This run of the server: a page that reconnects to a new one takes its views afresh. */
  server: string;
  /** Counts every change; a page ignores a view older than the one it shows. */
  version: number;
  title: string;
  /** The language tag of the edition shown ("zh-CN"): the page's own words follow it. */
  language?: string;
  state: 'building' | 'ready' | 'failed';
  /** What started the current or last build ("changed: data/figures.yaml"). */
  reason: string;
  deck?: DeckView;
  /** When the build of this view started, and when its deck was drawn (ms since the epoch): for the bench. */
  started?: number;
  drawn?: number;
  /** The build's stages done by the time its deck was drawn (load, validate, compose), in ms. */
  stages?: Record<string, number>;
  files: FileView[];
  problems: ProblemView[];
}

const HEARTBEAT_MS = 15_000;

export class PreviewHub {
  private view: View = { server: randomUUID(), version: 0, title: '', state: 'building', reason: 'start', files: [], problems: [] };
  private readonly pages = new Set<ServerResponse>();
  private readonly heartbeat = setInterval(() => this.send(': keep-alive\n\n'), HEARTBEAT_MS).unref();

  get current(): View {
    return this.view;
  }

  /** Starts an event stream for a page: the current view first, every change after. */
  attach(res: ServerResponse, headers: Record<string, string> = {}): void {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.flushHeaders();
    this.pages.add(res);
    res.on('close', () => this.pages.delete(res));
    res.write(event(this.view));
  }

  building(reason: string): void {
    this.update({ state: 'building', reason, started: Date.now() });
  }

  /** The slides of the build under way: shown at once, before the files are written. */
  slides(deck: DeckView, title: string, stages: Record<string, number>, language?: string): void {
    this.update({ deck, title, drawn: Date.now(), stages, ...(language ? { language } : {}) });
  }

  built(files: FileView[]): void {
    this.update({ state: 'ready', files, problems: [] });
  }

  failed(problems: ProblemView[]): void {
    this.update({ state: 'failed', problems });
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.pages) res.end();
    this.pages.clear();
  }

  private update(change: Partial<View>): void {
    this.view = { ...this.view, ...change, version: this.view.version + 1 };
    this.send(event(this.view));
  }

  /**
   * Writes to every page now. Node holds a response's writes until the current task ends, and a build
   * goes straight on to lay out the report (seconds): uncorking sends the slides while it does.
   */
  private send(text: string): void {
    for (const res of this.pages) {
      res.write(text);
      res.socket?.uncork();
    }
  }
}

function event(view: View): string {
  return `event: view\ndata: ${JSON.stringify(view)}\n\n`;
}
