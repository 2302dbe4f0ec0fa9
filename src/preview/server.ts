// The preview's web server: loopback only, and it answers only for what it knows by name (its own
// page and assets, the files the build wrote, the charts of the current view, the event stream).
// Nothing is looked up on disk from a request's path, so no path, however encoded, reaches a file
// it does not list. Every answer carries a Content-Security-Policy: scripts and styles from the
// preview itself, never inline, and no connection anywhere else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Resource {
  type: string;
  /** The bytes, or a promise of them (a chart still rendering). */
  body: Buffer | string | Promise<Buffer>;
  /** Content-addressed (its URL changes when it does): browsers may keep it. */
  immutable?: boolean;
  /** Headers of its own, e.g. a stricter policy for a page the build wrote. */
  headers?: Record<string, string>;
}

export interface Routes {
  /** A resource by its exact path (already decoded), or undefined. */
  resource(path: string): Resource | undefined;
  /** Answers the event stream. */
  events(res: ServerResponse): void;
}

export const PAGE_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'",
  "connect-src 'self'", "worker-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

export const COMMON_HEADERS: Record<string, string> = {
  'Content-Security-Policy': PAGE_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export const LOOPBACK = '127.0.0.1';

/** Listens on 127.0.0.1:port (0: any free port); resolves once listening. */
export async function listen(routes: Routes, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void answer(routes, req, res, server).catch(() => { if (!res.headersSent) send(res, 500, 'text/plain', 'internal error'); else res.end(); });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => { server.off('error', reject); resolve(); });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function answer(routes: Routes, req: IncomingMessage, res: ServerResponse, server: Server): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'only GET and HEAD', { Allow: 'GET, HEAD' });
  // A page elsewhere cannot reach the preview through a name that resolves to 127.0.0.1 (DNS rebinding).
  if (!allowedHost(req.headers.host, (server.address() as AddressInfo).port)) return send(res, 403, 'text/plain', 'unknown host');
  const path = requestPath(req.url ?? '');
  if (path === undefined) return send(res, 400, 'text/plain', 'bad request path');
  if (path === '/events') return routes.events(res);
  const found = routes.resource(path);
  if (!found) return send(res, 404, 'text/plain', 'not found');
  const body = await found.body;
  send(res, 200, found.type, req.method === 'HEAD' ? '' : body, {
    'Cache-Control': found.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    'Content-Length': String(Buffer.byteLength(body)),
    ...found.headers,
  });
}

/**
 * The path of a request URL, decoded; undefined when it is malformed or tries to leave its folder in
 * any spelling (`..`, `%2e%2e`, `%2f`, backslashes, NUL). Routes match exact names, so this is a
 * second wall, not the first.
 */
export function requestPath(url: string): string | undefined {
  const raw = url.split('?')[0].split('#')[0];
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || /[\\\0]|%/.test(path) || path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  return path;
}

function allowedHost(host: string | undefined, port: number): boolean {
  return host === `${LOOPBACK}:${port}` || host === `localhost:${port}`;
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': type, ...headers });
  res.end(body);
}
