// The queue's commands as the CLI runs them: `worker`, `publish` and `publish --status`.
import path from 'node:path';
import { DeliveryError, InputError } from '../errors.ts';
import type { PublicationStatus } from './publish.ts';

export interface CommandLog {
  show: boolean;
  quiet: boolean;
  info(text: string): void;
  warn(text: string): void;
}

export async function workerCommand(opts: Record<string, unknown>, log: CommandLog): Promise<void> {
  const { smtpSettingsFromEnv } = await import('../deliver/index.ts');
  const { runWorker } = await import('./worker.ts');
  await runWorker({
    redis: required(opts.redis, '--redis', 'redis://127.0.0.1:6379'),
    store: path.resolve(required(opts.store, '--store', '/srv/briefsmith')),
    concurrency: Number(opts.concurrency),
    stallTimeoutMs: Math.round(Number(opts.stallTimeout) * 1000),
    smtp: smtpSettingsFromEnv(process.env, opts.smtpConfig ? path.resolve(String(opts.smtpConfig)) : undefined),
    allowInsecure: Boolean(opts.allowInsecure),
    // A worker's lines are its log: shown unless --quiet, in a pipe too.
    log: (text) => { if (!log.quiet) process.stderr.write(`${text}\n`); },
    warn: log.warn,
  });
}

export async function publishCommand(opts: Record<string, unknown>, log: CommandLog): Promise<void> {
  const store = path.resolve(required(opts.store, '--store', '/srv/briefsmith'));
  if (opts.status) return statusCommand(store, opts, log);
  const { publish } = await import('./publish.ts');
  const dataDir = path.resolve(String(opts.data));
  const bar = statusLine(log);
  const status = await publish({
    redis: required(opts.redis, '--redis', 'redis://127.0.0.1:6379'),
    store,
    dataDir,
    templatesDir: path.resolve(String(opts.templates)),
    recipientsFile: opts.recipients ? path.resolve(String(opts.recipients)) : path.join(dataDir, 'recipients.yaml'),
    withDeck: Boolean(opts.withDeck),
    rate: opts.rate as number | undefined,
    wait: opts.wait !== false,
    onStatus: bar.update,
    warn: (text) => { bar.clear(); log.warn(text); },
  });
  bar.clear();
  const p = status.publication;
  if (opts.wait === false) {
    if (!log.quiet) process.stderr.write(`Queued publication ${p.id}: ${p.renders.length} edition${p.renders.length === 1 ? '' : 's'} to render, ${p.deliveries.length} to send. Follow it with: briefsmith publish --status --store ${store}\n`);
    return;
  }
  if (!log.quiet) process.stderr.write(`${summary(status)}\n`);
  if (status.failed.length) {
    throw new DeliveryError(`${status.failed.length} of ${p.deliveries.length} recipients were not reached (dead-lettered)`, { hint: 'fix the cause (the address, the mailbox) and publish again: only those not yet reached are sent to' });
  }
}

async function statusCommand(store: string, opts: Record<string, unknown>, log: CommandLog): Promise<void> {
  const { Store } = await import('./store.ts');
  const { publicationStatus } = await import('./publish.ts');
  const s = new Store(store);
  const p = opts.publication ? s.publication(String(opts.publication)) : s.latestPublication();
  if (!p) throw new InputError(opts.publication ? `no publication ${String(opts.publication)} in ${store}` : `nothing has been published to ${store}`, { field: '--store', hint: 'run briefsmith publish --store DIR first, or point --store at the shared folder' });
  const status = await publicationStatus(s, p);
  let queue = '';
  if (opts.redis) {
    const { Queue } = await import('bullmq');
    const { redisOptions, RENDER_QUEUE, SEND_QUEUE } = await import('./jobs.ts');
    const connection = { ...redisOptions(String(opts.redis)), maxRetriesPerRequest: 1, enableOfflineQueue: false };
    const counts: string[] = [];
    for (const name of [RENDER_QUEUE, SEND_QUEUE]) {
      const q = new Queue(name, { connection: connection as never });
      q.on('error', () => {});
      try {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
        counts.push(`${name.replace('briefsmith-', '')}s: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.failed} failed`);
      } catch (error) {
        counts.push(`${name}: Redis not reachable (${(error as Error).message})`);
      } finally {
        await q.close().catch(() => {});
      }
    }
    queue = `\nqueue (all publications): ${counts.join('; ')}`;
  }
  void log;
  process.stdout.write(`${summary(status)}${queue}\n`);
}

function summary(s: PublicationStatus): string {
  const p = s.publication;
  const lines = [
    `publication ${p.id}: ${p.title}, edition of ${p.edition}, published ${p.time}`,
    `  rendered  ${s.rendered} of ${p.renders.length} editions`,
    `  sent      ${s.sent} of ${p.deliveries.length}`,
    `  failed    ${s.failed.length}`,
    `  pending   ${s.pending}`,
  ];
  if (s.failed.length) {
    lines.push('failed (dead-lettered):');
    for (const f of s.failed) lines.push(`  ${f.recipient} (${f.variant || 'no variant'}/${f.language}): ${f.reason}`);
  }
  return lines.join('\n');
}

/** A status line redrawn in place on a terminal; a line per change (at most one a second) with --verbose elsewhere. */
function statusLine(log: CommandLog): { update(s: PublicationStatus): void; clear(): void } {
  const tty = Boolean(process.stderr.isTTY) && !log.quiet;
  const started = Date.now();
  let last = '';
  let shownAt = 0;
  let drawn = false;
  return {
    update(s) {
      const p = s.publication;
      const text = `${s.rendered}/${p.renders.length} editions rendered · ${s.sent}/${p.deliveries.length} sent${s.failed.length ? ` · ${s.failed.length} failed` : ''} · ${s.pending} pending`;
      if (text === last || (!s.done && Date.now() - shownAt < (tty ? 100 : 1000))) return;
      last = text;
      shownAt = Date.now();
      const seconds = Math.round((Date.now() - started) / 1000);
      const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
      if (tty) {
        const width = 24;
        const filled = Math.round((width * (s.sent + s.failed.length)) / Math.max(1, p.deliveries.length));
        process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text} · ${clock}\x1b[K`);
        drawn = true;
      } else if (log.show) {
        process.stderr.write(`  ${clock} ${text}\n`);
      }
    },
    clear() {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

function required(value: unknown, flag: string, example: string): string {
  if (typeof value === 'string' && value) return value;
  throw new InputError(`${flag} is required`, { field: flag, hint: `e.g. ${flag} ${example}` });
}
