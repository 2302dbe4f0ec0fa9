// Runs the real CLI and the real clients (unzip, poppler, qpdf, LibreOffice) that tests open outputs with.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { Artifact } from '../../src/types.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** An emitted file's bytes in one buffer (emitters hand them over in chunks). */
export const bytesOf = (artifact: Artifact): Buffer => Buffer.concat(artifact.chunks);
const BIN = path.join(ROOT, 'src/bin.cjs');
const execFileAsync = promisify(execFile);

export interface CliRun { status: number; stdout: string; stderr: string }

/**
 * Runs `briefsmith ARGS` as a user would, from `cwd` (the repo root by default). Asynchronous: a build
 * on a busy machine can take a minute, and a test worker blocked that long misses vitest's RPC deadline.
 */
export function briefsmith(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT, env: { ...process.env, CI: 'true', ...opts.env }, timeout: 180_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(prefix = 'bs-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The text of each page of a PDF, via poppler's pdftotext. */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return text.split('\f').slice(0, -1);
}

/** Slide XML files of a deck, in slide order. */
export async function slideXml(file: string): Promise<string[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

/**
 * The visible text of a slide's XML: the <a:t> runs, unescaped, joined per paragraph, without the
 * invisible word joiners that keep ranges and compounds on one line ("2022–\u20602027").
 */
export function slideText(xml: string): string {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
    .map((p) => [...p[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join(''))
    .join('\n')
    .replaceAll('\u2060', '');
}

export function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Converts a deck to PDF with LibreOffice, in a private profile so parallel tests do not collide. */
/**
 * A deck converted to PDF by LibreOffice. Asynchronous: a conversion can take tens of seconds on a busy
 * machine, and a test worker that blocks for a minute misses vitest's RPC deadline (every test passes,
 * the run fails with "Timeout calling onTaskUpdate").
 */
export async function sofficeToPdf(file: string, outDir = tempDir('bs-soffice-')): Promise<string> {
  const profile = tempDir('bs-lo-profile-');
  await execFileAsync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, file], { timeout: 170_000 });
  return path.join(outDir, path.basename(file).replace(/\.pptx$/, '.pdf'));
}

export function pdfPageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)![1]);
}
