// `briefsmith preview` as a user starts it, on a copy of the shipped project: its address once ready,
// what it printed, and a way to stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { ROOT, tempDir } from './run.ts';

export interface RunningPreview {
  url: string;
  port: number;
  dir: string;
  data: string;
  out: string;
  output: () => string;
  stop(): Promise<void>;
}

/** A copy of data/ and templates/ in a temp folder, and the preview of it on a free port. */
export async function startPreviewCli(extra: string[] = []): Promise<RunningPreview> {
  const dir = tempDir('bs-preview-');
  cpSync(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), 'preview', '--port', '0', ...extra], {
    cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c) => { text += c; });
  child.stderr!.on('data', (c) => { text += c; });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the preview did not start in 120 s:\n${text}`)), 120_000);
    child.stdout!.on('data', () => {
      const m = /Preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the preview exited (${code}):\n${text}`)); });
  });
  return {
    url, port: Number(new URL(url).port), dir, data: path.join(dir, 'data'), out: path.join(dir, 'out'),
    output: () => text,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** A request with its path sent exactly as written (fetch and URL would normalise "..", "%2e" and "\\"). */
export function rawGet(port: number, rawPath: string, opts: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: opts.method ?? 'GET', headers: { Host: opts.host ?? `127.0.0.1:${port}` } }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
