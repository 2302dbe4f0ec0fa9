// The queue for real: Debian's redis-server on a free port, two `briefsmith worker` processes, a real
// SMTP server here that counts messages per recipient, and `briefsmith publish` following the run.
// Workers are killed with SIGKILL mid-render and mid-send, Redis is restarted mid-run (losing all its
// data: no persistence), a mailbox refuses with 550: every recipient ends with exactly one message,
// of their variant, or is dead-lettered and reported.
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type ServerOptions, type TestServer } from '../deliver/smtp-server.ts';
import { pdfPages, ROOT, tempDir } from '../helpers/run.ts';
import { pidOfLocalPort, startCli, startRedis, stop, type CliProcess, type RedisServer } from './harness.ts';

const DATA = path.join(ROOT, 'test/fixtures/variants/data');
const TEMPLATES = path.join(ROOT, 'test/fixtures/variants/templates');
const VARIANTS = { finance: 'for finance', health: 'for health care', industry: 'for industry', briefing: 'in brief' } as const;
type VariantId = keyof typeof VARIANTS;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c().catch(() => {}); });

interface Run {
  redis: RedisServer;
  smtp: TestServer;
  store: string;
  recipientsFile: string;
  /** Address → the variant it subscribes to. */
  recipients: Map<string, VariantId>;
  env: NodeJS.ProcessEnv;
  worker(): CliProcess;
  publish(...extra: string[]): CliProcess;
  /** Publishes the findings in another data folder. */
  publishFrom(dataDir: string, ...extra: string[]): CliProcess;
}

async function setUp(count: number, onRcpt?: ServerOptions['onRcpt']): Promise<Run> {
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  const smtp = await startSmtpServer({ onRcpt });
  cleanups.push(() => smtp.close());
  const dir = tempDir('bs-queue-');
  const store = path.join(dir, 'store');
  const ids = Object.keys(VARIANTS) as VariantId[];
  const recipients = new Map<string, VariantId>();
  for (let i = 0; i < count; i++) recipients.set(`reader${String(i).padStart(3, '0')}@example.com`, ids[i % ids.length]);
  const recipientsFile = path.join(dir, 'recipients.yaml');
  writeFileSync(recipientsFile, `recipients:\n${[...recipients].map(([a, v], i) => `  - { name: Reader ${i}, address: ${a}, variant: ${v} }`).join('\n')}\n`);
  const env = { BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(smtp.port), BRIEFSMITH_SMTP_SECURE: 'none', BRIEFSMITH_SMTP_FROM: 'Desk <desk@example.com>' };
  const started: CliProcess[] = [];
  cleanups.push(async () => { await Promise.all(started.map((p) => { if (p.child.exitCode === null) p.child.kill('SIGKILL'); return p.exited; })); });
  const run: Run = {
    redis, smtp, store, recipientsFile, recipients, env,
    worker: () => {
      // One send at a time: a SIGKILL then falls on the one SMTP exchange the test chose.
      const p = startCli(['worker', '--redis', redis.url, '--store', store, '--allow-insecure', '--stall-timeout', '3', '--concurrency', '1'], env);
      started.push(p);
      return p;
    },
    publish: (...extra) => run.publishFrom(DATA, ...extra),
    publishFrom: (dataDir, ...extra) => {
      const p = startCli(['publish', '--redis', redis.url, '--store', store, '--data', dataDir, '--templates', TEMPLATES, '--recipients', recipientsFile, '--verbose', ...extra], env);
      started.push(p);
      return p;
    },
  };
  return run;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every recipient has exactly one message, with their variant's report attached and its title. */
function expectOneMessageEach(run: Run, except: string[] = []) {
  const counts = new Map<string, number>();
  for (const r of run.smtp.received) for (const to of r.envelopeTo) counts.set(to, (counts.get(to) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  expect(twice, 'recipients mailed more than once').toEqual([]);
  const missing = [...run.recipients.keys()].filter((a) => !counts.has(a) && !except.includes(a));
  expect(missing, 'recipients never mailed').toEqual([]);
  const reports = new Map<string, string>();
  const editions = path.join(run.store, 'editions');
  const [inputs] = readdirSync(editions);
  for (const v of Object.keys(VARIANTS)) reports.set(v, sha(readFileSync(path.join(editions, inputs, 'en', v, 'report.pdf'))));
  for (const { envelopeTo, mail } of run.smtp.received) {
    const variant = run.recipients.get(envelopeTo[0])!;
    expect(mail.subject).toContain(`Regional cloud market ${VARIANTS[variant]}`);
    expect(sha(mail.attachments[0].content), `${envelopeTo[0]} got the ${variant} report`).toBe(reports.get(variant));
  }
}

describe('the queue: publish and workers', () => {
  it('200 recipients over 4 variants, two workers, one killed with SIGKILL mid-render and again mid-send: one message each', async () => {
    let workerA: CliProcess | undefined;
    let armed = false;
    let killedMidSend!: () => void;
    const midSend = new Promise<void>((resolve) => { killedMidSend = resolve; });
    const run = await setUp(200, (_address, client) => {
      // Once 60 messages are in, the next recipient worker A announces: kill A before the server answers.
      if (!armed || run.smtp.received.length < 60 || !workerA?.child.pid) return undefined;
      if (pidOfLocalPort(client.port, [workerA.child.pid]) !== workerA.child.pid) return undefined;
      armed = false;
      process.kill(workerA.child.pid, 'SIGKILL');
      killedMidSend();
      return undefined;
    });
    workerA = run.worker();
    const workerB = run.worker();
    await Promise.all([workerA.waitFor(/^worker \d+:/m), workerB.waitFor(/^worker \d+:/m)]);
    const publish = run.publish();

    // Mid-render: A has just started its first render (no send has been queued yet).
    await workerA.waitFor(/rendering \w+\/en/);
    workerA.child.kill('SIGKILL');
    await workerA.exited;
    workerA = run.worker();
    await workerA.waitFor(/^worker \d+:/m);
    armed = true;

    // Mid-send: killed by the SMTP server's hook above, then started again.
    await midSend;
    await workerA.exited;
    workerA = run.worker();

    expect(await publish.exited, publish.output()).toBe(0);
    await run.smtp.settled();
    expect(publish.output()).toMatch(/sent\s+200 of 200/);
    expectOneMessageEach(run);
    expect(run.smtp.received).toHaveLength(200);
    // Every delivery is in the ledger, once.
    const ledger = readdirSync(path.join(run.store, 'ledger')).filter((n) => n.startsWith('sent'))
      .flatMap((n) => readFileSync(path.join(run.store, 'ledger', n), 'utf8').trim().split('\n'));
    expect(new Set(ledger.map((l) => JSON.parse(l).id)).size).toBe(200);
    expect(ledger).toHaveLength(200);
    await Promise.all([stop(workerA), stop(workerB)]);
  });

  it('Redis restarted mid-run (its data gone): the run completes, one message each', async () => {
    const run = await setUp(200);
    const workers = [run.worker(), run.worker()];
    await Promise.all(workers.map((w) => w.waitFor(/^worker \d+:/m)));
    const publish = run.publish();
    while (run.smtp.received.length < 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await run.redis.restart();
    expect(await publish.exited, publish.output()).toBe(0);
    await run.smtp.settled();
    expect(publish.output()).toMatch(/the queue no longer holds this publication \(was Redis restarted\?\)/);
    expect(publish.output()).toMatch(/sent\s+200 of 200/);
    expectOneMessageEach(run);
    expect(run.smtp.received).toHaveLength(200);
    await Promise.all(workers.map(stop));
  });

  it('a permanent 550 is dead-lettered at once and reported by --status; the others are delivered, at the set rate', async () => {
    const refused = 'reader007@example.com';
    const run = await setUp(24, (address) => (address === refused ? 550 : undefined));
    const workers = [run.worker(), run.worker()];
    await Promise.all(workers.map((w) => w.waitFor(/^worker \d+:/m)));
    const started = Date.now();
    const publish = run.publish('--rate', '10');
    expect(await publish.exited, publish.output()).toBe(3);
    await run.smtp.settled();
    expectOneMessageEach(run, [refused]);
    expect(run.smtp.received).toHaveLength(23);
    expect(run.smtp.refusals.filter((r) => r.address === refused)).toHaveLength(1); // not retried
    // 24 sends at 10 a second, both workers together: at least 2 seconds from the first to the last.
    expect(Date.now() - started).toBeGreaterThan(2000);
    expect(publish.output()).toMatch(/failed\s+1\n/);

    const status = startCli(['publish', '--status', '--store', run.store, '--redis', run.redis.url], run.env);
    expect(await status.exited, status.output()).toBe(0);
    expect(status.output()).toMatch(/rendered\s+4 of 4 editions\n\s+sent\s+23 of 24\n\s+failed\s+1\n\s+pending\s+0/);
    expect(status.output()).toMatch(/failed \(dead-lettered\):\n\s+reader007@example\.com \(briefing\/en\): 550 Mailbox unavailable \(permanent, not retried\)/);
    expect(status.output()).toMatch(/queue \(all publications\): renders: \d+ waiting, \d+ active/);
    // Publishing again sends nobody a second message (and tries the dead-lettered address again).
    const again = run.publish();
    expect(await again.exited).toBe(3);
    await run.smtp.settled();
    expect(run.smtp.received).toHaveLength(23);
    await Promise.all(workers.map(stop));
  });

  it('--no-wait returns once the work is queued; --status follows it from the store', async () => {
    const run = await setUp(4);
    const queued = run.publish('--no-wait');
    expect(await queued.exited, queued.output()).toBe(0);
    expect(queued.output()).toMatch(/Queued publication [\w-]+: 4 editions to render, 4 to send\. Follow it with: briefsmith publish --status --store /);
    const status = () => {
      const p = startCli(['publish', '--status', '--store', run.store], run.env);
      return p.exited.then(() => p.output());
    };
    // No worker yet: nothing rendered, everything pending.
    expect(await status()).toMatch(/rendered\s+0 of 4 editions\n\s+sent\s+0 of 4\n\s+failed\s+0\n\s+pending\s+4/);
    const worker = run.worker();
    let text = '';
    for (let i = 0; i < 120 && !/sent\s+4 of 4/.test(text); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      text = await status();
    }
    expect(text).toMatch(/rendered\s+4 of 4 editions\n\s+sent\s+4 of 4\n\s+failed\s+0\n\s+pending\s+0/);
    await run.smtp.settled();
    expectOneMessageEach(run);
    await stop(worker);
  });

  it('the next edition published says what changed since the one before, for each variant, in its report and its email', async () => {
    const run = await setUp(4); // one reader of each variant
    const worker = run.worker();
    const first = run.publish();
    expect(await first.exited, first.output()).toBe(0);
    // A month later: one figure revised.
    const next = path.join(tempDir('bs-queue-next-'), 'data');
    cpSync(DATA, next, { recursive: true });
    const findings = path.join(next, 'findings.yaml');
    const text = readFileSync(findings, 'utf8');
    writeFileSync(findings, text.replace('date: "2026-05-04"', 'date: "2026-06-01"').replace('value: 48.2', 'value: 51.7'));
    expect(readFileSync(findings, 'utf8')).not.toBe(text);
    const second = run.publishFrom(next);
    expect(await second.exited, second.output()).toBe(0);
    await run.smtp.settled();
    expect(run.smtp.received).toHaveLength(8);

    // Each publication's inputs rendered into a folder of their own: the first, then the second, by edition date.
    const editions = path.join(run.store, 'editions');
    const dateOf = (inputs: string) => (JSON.parse(readFileSync(path.join(editions, inputs, 'en', 'finance', 'manifest.json'), 'utf8')) as { edition: { date: string } }).edition.date;
    const inputs = readdirSync(editions).sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
    expect(inputs.map(dateOf)).toEqual(['2026-05-04', '2026-06-01']);
    for (const variant of Object.keys(VARIANTS)) {
      const [before, after] = inputs.map((i) => pdfPages(path.join(editions, i, 'en', variant, 'report.pdf')).join('\n'));
      expect(before, `${variant}: the first edition has nothing to compare with`).not.toMatch(/What changed/);
      expect(after, `${variant}: the second edition`).toMatch(/What changed since 4 May 2026/);
      expect(after, `${variant}: the revised figure, before and now`).toMatch(/market size 2025\s+USD\s*48\.2\s*billion\s+USD\s*51\.7\s*billion/);
    }
    // The email of the second edition says so too; the first said nothing of it.
    const mails = run.smtp.received.map((r) => r.mail.text ?? '');
    expect(mails.filter((m) => /market size 2025: USD 48\.2 billion → USD 51\.7 billion/.test(m))).toHaveLength(4);
    await stop(worker);
  });
});
