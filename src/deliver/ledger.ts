// The delivery ledger: the one record of who was sent what. A delivery is keyed by (edition, variant,
// language, recipient, attachments); it is claimed before the message leaves (an exclusive file per
// delivery, so two runs or two queue workers never send the same one at once) and recorded the moment
// the SMTP server accepts it. The single-process `send` keeps it in out/mail/, the queue in <store>/ledger/.
//
// What this cannot promise: a process killed after the server accepted a message but before the record
// was written (or a server's reply to DATA lost on the way back) leaves a claim whose owner is gone and
// no record; the next attempt sends again, with the same Message-ID. See README ("Never twice").
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendFile, link, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { addressKey } from './check.ts';

/** What makes two deliveries the same. Languages do not exist yet: `language` is the edition's. */
export interface DeliveryKey {
  /** The edition's id: its date (YYYY-MM-DD). */
  edition: string;
  /** The variant id; '' for the edition without a variant. */
  variant: string;
  language: string;
  recipient: string;
  /** Each attachment's file name and SHA-256, in the order attached. */
  attachments: { name: string; sha256: string }[];
}

export interface SentRecord extends DeliveryKey {
  /** deliveryId(key): what the claim files and the Message-ID are named by. */
  id: string;
  messageId: string;
  /** ISO time the server accepted the message. */
  time: string;
  /** The server's reply to DATA ("250 2.0.0 Ok: queued as …"). */
  response?: string;
}

export interface DeadRecord extends DeliveryKey {
  id: string;
  reason: string;
  time: string;
  /** The queue publication it belonged to. */
  publication?: string;
}

/** The records of sent messages, one JSON line each (earlier versions wrote only this file). */
export const SEND_LOG = 'sent.jsonl';
/** Deliveries given up on (permanent refusals, retries exhausted), one JSON line each. */
export const DEAD_LOG = 'dead.jsonl';
const CLAIMS = 'claims';
/** A claim made on another machine is taken over after this long (its owner cannot be asked). */
const REMOTE_CLAIM_LEASE_MS = 15 * 60_000;

export function deliveryId(key: DeliveryKey): string {
  const canonical = [key.edition, key.variant, key.language, addressKey(key.recipient), key.attachments.map((a) => `${a.name}:${a.sha256}`)];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Who holds a claim: enough to tell, on this machine, whether that process still runs. */
interface Owner {
  host: string;
  pid: number;
  /** The process's start time (from /proc), so a reused pid is not taken for the owner. */
  start?: string;
  time: string;
}

export interface Claim {
  id: string;
  file: string;
  /** Its number among the delivery's claim files. */
  n: number;
}

export type ClaimResult = { claim: Claim } | { heldBy: string };

export class Ledger {
  private readonly segments = new Map<string, { offset: number; partial: string }>();
  private readonly sent = new Map<string, SentRecord>();
  /** Lines of the format before the ledger (edition = SHA-256 of the report), by address. */
  private readonly legacy = new Map<string, { reportSha: string; messageId: string; time: string }[]>();
  private readonly me: Omit<Owner, 'time'> = { host: hostname(), pid: process.pid, start: processStart(process.pid) };

  /**
   * @param dir    the ledger's folder
   * @param file   the file this process appends to: sent.jsonl, or one per machine for the queue,
   *               so that writers on different machines never append to one file over a network share
   */
  constructor(readonly dir: string, private readonly file = SEND_LOG, private readonly warn: (text: string) => void = () => {}) {}

  /** The record of this delivery, if it was sent (reads what other processes appended since last time). */
  async sentRecord(key: DeliveryKey): Promise<SentRecord | undefined> {
    await this.refresh();
    const id = deliveryId(key);
    const known = this.sent.get(id);
    if (known) return known;
    // A record of the older format counts for the same report sent alone, without a variant.
    const legacy = this.legacy.get(addressKey(key.recipient));
    const only = key.attachments.length === 1 && key.variant === '' ? key.attachments[0].sha256 : undefined;
    const old = only && legacy?.find((r) => r.reportSha === only);
    return old ? { ...key, id, messageId: old.messageId, time: old.time } : undefined;
  }

  /**
   * Claims a delivery for this process, or says who holds it. The claim files of a delivery are
   * numbered 1, 2, …; the highest one is the claim. Taking over a claim whose owner is gone (a process
   * that died on this machine, or one older than the lease on another) or that was let go means
   * creating the next number, which only one process can do. Claims are only deleted once the
   * delivery is recorded as sent, so whoever claims after that finds the record.
   */
  async claim(key: DeliveryKey): Promise<ClaimResult> {
    const id = deliveryId(key);
    const dir = path.join(this.dir, CLAIMS);
    await mkdir(dir, { recursive: true });
    for (let n = 1; ; n++) {
      const file = path.join(dir, `${id}.${n}`);
      if (await this.createOnce(file, { ...this.me, time: new Date().toISOString() } satisfies Owner)) return { claim: { id, file, n } };
      if (await exists(path.join(dir, `${id}.${n + 1}`))) continue; // not the latest: look further
      const holder = await readOwner(file);
      if (holder === 'gone') { n--; continue; } // deleted after a record: claim afresh, then find the record
      if (holder !== 'free' && this.alive(holder)) return { heldBy: `${holder.host === this.me.host ? '' : `${holder.host} `}pid ${holder.pid} since ${holder.time}` };
    }
  }

  /** Creates a file with its whole content, or returns false when it exists (temp file, then link). */
  private async createOnce(file: string, content: object): Promise<boolean> {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, JSON.stringify(content));
    try {
      await link(temp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Records a sent message, then lets go of its claim. */
  async recordSent(claim: Claim, record: Omit<SentRecord, 'id'>): Promise<void> {
    const full: SentRecord = { id: claim.id, ...record };
    await this.append(this.file, full);
    this.sent.set(claim.id, full);
    await this.release(claim);
  }

  /** Records a delivery given up on (it stays unsent: a later run may try it again). */
  async recordDead(key: DeliveryKey, reason: string, publication?: string): Promise<void> {
    await this.append(DEAD_LOG, { id: deliveryId(key), ...key, reason, time: new Date().toISOString(), ...(publication ? { publication } : {}) } satisfies DeadRecord);
  }

  /** The deliveries given up on, latest reason per delivery. */
  async deadRecords(): Promise<Map<string, DeadRecord>> {
    const dead = new Map<string, DeadRecord>();
    for (const r of parseLines(await readOptional(path.join(this.dir, DEAD_LOG)), path.join(this.dir, DEAD_LOG), this.warn)) {
      if (typeof r.id === 'string') dead.set(r.id, r as unknown as DeadRecord);
    }
    return dead;
  }

  /** Every sent record (for a status report). */
  async sentRecords(): Promise<Map<string, SentRecord>> {
    await this.refresh();
    return new Map(this.sent);
  }

  /**
   * Lets go of a claim. Once the delivery is recorded its claim files are deleted; before that, the
   * next number is written as "free", so the numbers only grow while the delivery is unsent.
   */
  async release(claim: Claim): Promise<void> {
    if (this.sent.has(claim.id)) {
      for (let i = claim.n; i >= 1; i--) await rm(path.join(path.dirname(claim.file), `${claim.id}.${i}`), { force: true });
    } else {
      await this.createOnce(path.join(path.dirname(claim.file), `${claim.id}.${claim.n + 1}`), { free: true, time: new Date().toISOString() });
    }
  }

  private alive(owner: Owner): boolean {
    if (owner.host !== this.me.host) return Date.now() - Date.parse(owner.time) < REMOTE_CLAIM_LEASE_MS;
    if (owner.pid === this.me.pid) return owner.start === this.me.start;
    try {
      process.kill(owner.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    }
    const start = processStart(owner.pid);
    return !owner.start || !start || start === owner.start;
  }

  private async append(file: string, record: object): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // One write of one line: appends from several processes on one machine never interleave.
    await appendFile(path.join(this.dir, file), `${JSON.stringify(record)}\n`, 'utf8');
  }

  /** Reads what was appended to each segment since the last look; one look at a time. */
  private refresh(): Promise<void> {
    this.reading = this.reading.then(() => this.readNew());
    return this.reading;
  }
  private reading: Promise<void> = Promise.resolve();

  private async readNew(): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.startsWith('sent') && n.endsWith('.jsonl'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      const state = this.segments.get(name) ?? { offset: 0, partial: '' };
      this.segments.set(name, state);
      const size = (await stat(file)).size;
      if (size <= state.offset) continue;
      const handle = await open(file, 'r');
      try {
        const chunk = Buffer.alloc(size - state.offset);
        await handle.read(chunk, 0, chunk.length, state.offset);
        state.offset = size;
        const text = state.partial + chunk.toString('utf8');
        const end = text.lastIndexOf('\n') + 1;
        state.partial = text.slice(end);
        for (const r of parseLines(text.slice(0, end), file, this.warn)) this.remember(r);
      } finally {
        await handle.close();
      }
    }
  }

  private remember(r: Record<string, unknown>): void {
    if (typeof r.id === 'string' && typeof r.recipient === 'string') {
      this.sent.set(r.id, r as unknown as SentRecord);
    } else if (typeof r.edition === 'string' && /^[0-9a-f]{64}$/.test(r.edition) && typeof r.recipient === 'string') {
      const list = this.legacy.get(addressKey(r.recipient)) ?? [];
      list.push({ reportSha: r.edition, messageId: String(r.messageId ?? ''), time: String(r.time ?? '') });
      this.legacy.set(addressKey(r.recipient), list);
    }
  }
}

function parseLines(text: string, file: string, warn: (text: string) => void): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line);
      if (value && typeof value === 'object') { out.push(value); continue; }
    } catch { /* reported below */ }
    warn(`${file}: unreadable ledger line skipped: ${line.slice(0, 80)}`);
  }
  return out;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** A claim file's owner; 'free' when it was let go (or cannot be read), 'gone' when it no longer exists. */
async function readOwner(file: string): Promise<Owner | 'free' | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return typeof owner.pid === 'number' ? owner : 'free';
  } catch {
    return 'free';
  }
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot), where there is a /proc. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
