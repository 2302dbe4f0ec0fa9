// What travels through Redis: the queues, the jobs' data and ids, and how Redis is reached. Every id is
// derived from what the job does, so a job added twice (a publish re-run, a Redis that lost its data)
// is the same job, and a job run twice (a worker killed mid-job) does the same work.
import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import { addressKey } from '../deliver/check.ts';
import type { DeliveryKey, EmailContext, Recipient } from '../deliver/index.ts';
import type { Publication, RenderSpec } from './store.ts';

/** Renders (and the dispatch jobs that follow them) and sends, each on its own queue. */
export const RENDER_QUEUE = 'briefsmith-render';
export const SEND_QUEUE = 'briefsmith-send';

export interface RenderJob {
  publication: string;
  inputs: string;
  render: RenderSpec;
}

/** Waits for its render (a flow's child), then adds one send job per recipient of that edition. */
export interface DispatchJob {
  publication: string;
  run: string;
  render: RenderSpec;
}

export interface SendJob {
  /** The publication's id and run (runOf): what a dead letter is marked with. */
  publication: string;
  edition: string;
  inputs: string;
  render: RenderSpec;
  recipient: Recipient;
  withDeck: boolean;
  email: EmailContext;
}

export interface RenderResult {
  dir: string;
  outputs: { name: string; sha256: string }[];
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

export const renderJobId = (p: Publication, r: RenderSpec) => `render-${p.id}-${p.run}-${short(`${r.variant}\0${r.language}`)}`;
export const dispatchJobId = (p: Publication, r: RenderSpec) => `dispatch-${p.id}-${p.run}-${short(`${r.variant}\0${r.language}`)}`;
export const sendJobId = (p: Publication, r: RenderSpec, recipient: Recipient) => `send-${p.id}-${p.run}-${short(`${r.variant}\0${r.language}\0${addressKey(recipient.address)}`)}`;

/** The ledger key of a send: the attachments are those its render made. */
export function deliveryKeyOf(job: Pick<SendJob, 'edition' | 'render' | 'recipient' | 'withDeck'>, outputs: RenderResult['outputs']): DeliveryKey {
  const names = job.withDeck ? ['report.pdf', 'briefing.pptx'] : ['report.pdf'];
  return {
    edition: job.edition, variant: job.render.variant, language: job.render.language, recipient: job.recipient.address,
    attachments: names.map((name) => ({ name, sha256: outputs.find((o) => o.name === name)?.sha256 ?? '' })),
  };
}

export interface RedisOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  /** Workers block on Redis: BullMQ needs commands to wait for a reconnect rather than fail. */
  maxRetriesPerRequest: null;
}

/** redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`--redis ${url} is not a Redis URL`, { field: '--redis', hint: 'write redis://host:6379 (or redis://:password@host:6379/0)' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new InputError(`--redis ${url} is not a Redis URL`, { field: '--redis', hint: 'write redis://host:6379 (or rediss:// for TLS)' });
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** How often a send is tried before it is dead-lettered, and how long between tries (doubling). */
export const SEND_ATTEMPTS = 6;
export const SEND_BACKOFF_MS = 5_000;
export const RENDER_ATTEMPTS = 3;
