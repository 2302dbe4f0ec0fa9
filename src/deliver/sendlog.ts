// out/mail/sent.jsonl: one line per delivered message, so a re-run for the same edition never
// mails anyone twice. Appended right after each delivery, so a crash mid-run loses nothing.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { addressKey } from './check.ts';

export interface SentRecord {
  /** SHA-256 of the report bytes: the edition. */
  edition: string;
  recipient: string;
  messageId: string;
  /** ISO time of delivery. */
  time: string;
}

export const SEND_LOG = 'sent.jsonl';

/** Records in the log; unreadable lines are reported through warn and skipped. */
export async function readSendLog(file: string, warn: (text: string) => void): Promise<SentRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: SentRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const r = JSON.parse(line) as SentRecord;
      if (typeof r.edition === 'string' && typeof r.recipient === 'string') { records.push(r); return; }
    } catch { /* reported below */ }
    warn(`${file}:${i + 1}: unreadable send-log line skipped`);
  });
  return records;
}

/** Recipient address (normalised) → the record of its delivery of this edition. */
export function deliveredFor(records: SentRecord[], edition: string): Map<string, SentRecord> {
  const map = new Map<string, SentRecord>();
  for (const r of records) if (r.edition === edition) map.set(addressKey(r.recipient), r);
  return map;
}

export async function appendSendLog(file: string, record: SentRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
}
