// The delivery ledger under the conditions that used to mail people twice: two runs at once, a run
// killed mid-send, a deck added after a report-only send; and the one window SMTP leaves open.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger, deliveryId, send, type DeliveryKey, type SendOptions } from '../../src/deliver/index.ts';
import { startFront, startSmtpServer, type TestServer } from './smtp-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const servers: TestServer[] = [];
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

const PEOPLE = ['ann', 'bob', 'chen', 'dee', 'eve', 'fay'].map((n) => `${n}@example.com`);

function setUp(s: TestServer, extra: Partial<SendOptions> = {}): SendOptions {
  const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'bs-ledger-')), 'out');
  mkdirSync(outDir);
  writeFileSync(path.join(outDir, 'report.pdf'), '%PDF-1.4\n% ledger test\n%%EOF\n');
  return {
    outDir,
    to: PEOPLE,
    templatesDir: path.join(ROOT, 'templates'),
    scope: { edition: '2026-11-22', language: 'en' },
    allowInsecure: true,
    smtp: { host: '127.0.0.1', port: s.port, tls: 'none', from: 'desk@example.com' },
    email: { edition: { title: 'Briefing', date: '22 November 2026' }, headlines: [] },
    logger: { info: () => {}, warn: () => {} },
    retry: { attempts: 3, baseDelayMs: 5 },
    ...extra,
  };
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}) {
  const s = await startSmtpServer(options);
  servers.push(s);
  return s;
}

const perRecipient = (s: TestServer) => {
  const counts: Record<string, number> = {};
  for (const r of s.received) for (const to of r.envelopeTo) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
};

describe('the delivery ledger', () => {
  it('two runs at the same time mail each recipient once between them', async () => {
    // The server is slow to accept recipients, so the two runs overlap for the whole list.
    const s = await server({ rcptDelayMs: 20 });
    const o = setUp(s);
    const results = await Promise.all([send(o), send(o)]);
    await s.settled();
    expect(perRecipient(s)).toEqual(Object.fromEntries(PEOPLE.map((p) => [p, 1])));
    expect(results[0].sent + results[1].sent).toBe(6);
    const skipped = results.flatMap((r) => r.results.filter((x) => x.status === 'skipped'));
    expect(skipped).toHaveLength(6);
    for (const x of skipped) expect(x.reason).toMatch(/being sent by another run|already sent this edition/);
  });

  it('two processes at the same time (cron and a manual run) mail each recipient once', async () => {
    const s = await server({ rcptDelayMs: 250 });
    const o = setUp(s);
    const env = {
      ...process.env, CI: 'true', BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(s.port),
      BRIEFSMITH_SMTP_SECURE: 'none', BRIEFSMITH_SMTP_FROM: 'desk@example.com',
    };
    const run = () => new Promise<{ code: number; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), 'send', '--out', o.outDir, '--to', ...PEOPLE, '--allow-insecure'], { cwd: ROOT, env });
      let stderr = '';
      child.stderr.on('data', (c) => { stderr += String(c); });
      child.on('exit', (code) => resolve({ code: code ?? -1, stderr }));
    });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    await s.settled();
    expect(perRecipient(s)).toEqual(Object.fromEntries(PEOPLE.map((p) => [p, 1])));
    // They did overlap: one found a delivery the other was making.
    expect(a.stderr + b.stderr).toMatch(/skipped\s+\S+: being sent by another run \(pid \d+/);
    const lines = readFileSync(path.join(o.outDir, 'mail/sent.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
  });

  it('takes over the claim of a run that died mid-send, and leaves a live one alone', async () => {
    const s = await server();
    const o = setUp(s, { to: ['ann@example.com', 'bob@example.com'] });
    const ledger = new Ledger(path.join(o.outDir, 'mail'));
    const attachments = [{ name: 'report.pdf', sha256: (await import('node:crypto')).createHash('sha256').update(readFileSync(path.join(o.outDir, 'report.pdf'))).digest('hex') }];
    const key = (recipient: string): DeliveryKey => ({ edition: '2026-11-22', variant: '', language: 'en', recipient, attachments });
    const claims = path.join(o.outDir, 'mail/claims');
    mkdirSync(claims, { recursive: true });
    // Ann's was claimed by a process that has exited; Bob's by one that still runs.
    const dead = spawnSync('true').pid!;
    const live = spawn('sleep', ['30']);
    try {
      const start = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
      writeFileSync(path.join(claims, `${deliveryId(key('ann@example.com'))}.1`), JSON.stringify({ host: (await import('node:os')).hostname(), pid: dead, time: new Date().toISOString() }));
      writeFileSync(path.join(claims, `${deliveryId(key('bob@example.com'))}.1`), JSON.stringify({ host: (await import('node:os')).hostname(), pid: live.pid, start: start(live.pid!), time: new Date().toISOString() }));
      const summary = await send(o);
      await s.settled();
      expect(summary.results.map((r) => [r.address, r.status])).toEqual([['ann@example.com', 'sent'], ['bob@example.com', 'skipped']]);
      expect(summary.results[1].reason).toMatch(/being sent by another run \(pid \d+ since/);
      expect(await ledger.sentRecord(key('ann@example.com'))).toBeTruthy();
      expect(await ledger.sentRecord(key('bob@example.com'))).toBeUndefined();
    } finally {
      live.kill();
    }
  });

  it('sends the deck after a report-only send: another attachment is another delivery', async () => {
    const s = await server();
    const o = setUp(s, { to: ['ann@example.com'] });
    await send(o);
    writeFileSync(path.join(o.outDir, 'briefing.pptx'), 'PK\u0003\u0004 a deck');
    const withDeck = await send({ ...o, withDeck: true });
    const again = await send({ ...o, withDeck: true });
    await s.settled();
    expect(withDeck.sent).toBe(1);
    expect(again).toMatchObject({ sent: 0, skipped: 1 });
    expect(s.received.map((r) => r.mail.attachments.map((a) => a.filename))).toEqual([['report.pdf'], ['report.pdf', 'briefing.pptx']]);
  });

  it('gives each delivery the same Message-ID every time: a retry after a lost reply to DATA repeats it', async () => {
    // What SMTP cannot prevent: the server accepts the message but its "250" never reaches us. The
    // retry sends it again; the copies share one Message-ID, by which mail systems recognise repeats.
    const s = await server();
    let swallowed = false;
    const front = await startFront(s.port, {
      fromServer: (n, reply, sent) => {
        if (!swallowed && /^250 /m.test(reply) && /\r\n\.\r\n$/.test(sent)) { swallowed = true; return 'swallow'; }
        return undefined;
      },
    });
    try {
      const o = setUp(s, { to: ['ann@example.com'] });
      const summary = await send({ ...o, smtp: { ...o.smtp!, port: front.port } });
      await s.settled();
      expect(summary.results[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(s.received).toHaveLength(2);
      expect(new Set(s.received.map((r) => r.mail.messageId)).size).toBe(1);
      expect(readFileSync(path.join(o.outDir, 'mail/sent.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    } finally {
      await front.close();
    }
  });

  it('reads sent.jsonl lines of the format before the ledger, so an upgrade mails nobody again', async () => {
    const s = await server();
    const o = setUp(s, { to: ['ann@example.com', 'bob@example.com'] });
    const sha = (await import('node:crypto')).createHash('sha256').update(readFileSync(path.join(o.outDir, 'report.pdf'))).digest('hex');
    mkdirSync(path.join(o.outDir, 'mail'));
    writeFileSync(path.join(o.outDir, 'mail/sent.jsonl'), `${JSON.stringify({ edition: sha, recipient: 'ann@example.com', messageId: '<old@example.com>', time: '2026-11-01T00:00:00Z' })}\n`);
    const summary = await send(o);
    expect(summary.results.map((r) => r.status)).toEqual(['skipped', 'sent']);
  });
});
