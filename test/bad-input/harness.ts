// A bad input as a user meets it: a copy of the shipped project, changed one way, built by the CLI's own
// entry (main(argv), in this process) or by the real executable; then what the user sees is checked.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli.ts';
import { ROOT, tempDir } from '../helpers/run.ts';

export interface Project {
  dir: string;
  data: string;
  templates: string;
  out: string;
}

export interface Run {
  status: number;
  stderr: string;
  stdout: string;
}

/** A fresh copy of the shipped data and templates, with `out` a copy of a good earlier build when given. */
export function copyProject(goodOut?: string, from = ROOT): Project {
  const dir = tempDir('bs-bad-');
  const p: Project = { dir, data: path.join(dir, 'data'), templates: path.join(dir, 'templates'), out: path.join(dir, 'out') };
  cpSync(path.join(from, 'data'), p.data, { recursive: true });
  cpSync(path.join(from, 'templates'), p.templates, { recursive: true });
  if (goodOut) cpSync(goodOut, p.out, { recursive: true });
  return p;
}

export function buildArgs(p: Project, extra: string[] = []): string[] {
  return ['build', '--data', p.data, '--templates', p.templates, '--out', p.out, ...extra];
}

/** Runs the CLI's entry in this process (what src/bin.cjs calls), capturing what it prints. */
export async function runInProcess(args: string[]): Promise<Run> {
  let stderr = '';
  let stdout = '';
  const writeErr = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  try {
    const status = await main(['node', 'briefsmith', ...args]);
    return { status, stderr, stdout };
  } finally {
    process.stderr.write = writeErr;
    process.stdout.write = writeOut;
  }
}

const BIN = path.join(ROOT, 'src/bin.cjs');
const NOBODY = 65534;

/** Runs the real executable; as an unprivileged user when asked (root reads and writes everything). */
export function runCli(args: string[], opts: { unprivileged?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Run {
  const asNobody = opts.unprivileged && process.getuid?.() === 0;
  const command = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(command, argv, {
    cwd: ROOT, encoding: 'utf8', timeout: opts.timeoutMs ?? 120_000,
    env: { ...process.env, CI: 'true', ...opts.env },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}

/** Lets an unprivileged user into a project (the cases then take rights away where they mean to). */
export function openToEveryone(dir: string): void {
  chmodSync(dir, 0o777);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) openToEveryone(file);
    else if (entry.isFile()) chmodSync(file, 0o666);
  }
}

/** Every file under a folder (hidden ones too) with the hash of its bytes: equal digests, identical trees. */
export function treeDigest(dir: string): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      lines.push(`${path.relative(dir, d)} (unreadable)`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(d, e.name);
      if (e.isDirectory()) walk(file);
      else lines.push(`${path.relative(dir, file)} ${e.isFile() ? fileHash(file) : 'special'}`);
    }
  };
  walk(dir);
  return lines.join('\n');
}

function fileHash(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/** Edits a file of the project in place; fails loudly when the text to replace is not there. */
export function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file} has no ${String(from)}`);
  writeFileSync(file, changed);
}

/** 1-based line of the first line of `file` that contains `needle`. */
export function lineOf(file: string, needle: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${file} has no line with ${needle}`);
  return index + 1;
}

/** What a stack trace looks like in what the CLI printed. */
export const STACK_TRACE = /\n\s+at .+(:\d+:\d+\)?|<anonymous>)/;
