// Sends real mail through a real SMTP server on 127.0.0.1 and reads what arrived.
// Transport security in these tests: plain SMTP on loopback with allowInsecure (the server does not
// offer STARTTLS); the TLS-required checks are tested separately below.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, EXIT, InputError, formatError } from '../../src/errors.ts';
import { SendFailedError, send, type SendOptions } from '../../src/deliver/index.ts';
import { startFront, startSmtpServer, type TestServer } from './smtp-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'Tr0ub4dor&3-secret';
const USER = 'desk@example.com';

// Any bytes named report.pdf will do: the real report comes from another stage.
const REPORT = Buffer.concat([Buffer.from('%PDF-1.4\n% Briefsmith test report\n'), createHash('sha512').update('report').digest(), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Fixture {
  outDir: string;
  recipientsFile: string;
  lines: string[];
  server?: TestServer;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function fixture(recipientsYaml?: string): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-deliver-'));
  const outDir = path.join(dir, 'out');
  const recipientsFile = path.join(dir, 'recipients.yaml');
  writeFileSync(recipientsFile, recipientsYaml ?? [
    'recipients:',
    '  - name: Ann Lee',
    '    address: ann.lee@example.com',
    '  - name: Bob Stone',
    '    address: bob.stone@example.org',
    '  - name: "Chen & Partners <R&D>"',
    '    address: chen@example.com',
    '',
  ].join('\n'));
  mkdirSync(outDir);
  writeFileSync(path.join(outDir, 'report.pdf'), REPORT);
  return { outDir, recipientsFile, lines: [] };
}

async function server(options: Parameters<typeof startSmtpServer>[0] = {}): Promise<TestServer> {
  const s = await startSmtpServer({ user: USER, pass: PASSWORD, ...options });
  servers.push(s);
  return s;
}

function options(f: Fixture, s: TestServer | undefined, extra: Partial<SendOptions> = {}): SendOptions {
  return {
    outDir: f.outDir,
    recipientsFile: f.recipientsFile,
    templatesDir: path.join(ROOT, 'templates'),
    scope: { edition: '2025-03-12', language: 'en' },
    allowInsecure: true,
    smtp: s ? { host: '127.0.0.1', port: s.port, tls: 'none', user: USER, password: PASSWORD, from: 'Market Desk <desk@example.com>' } : undefined,
    email: {
      edition: { title: 'China AI Market Briefing', date: '12 March 2025' },
      headlines: [
        { label: 'Market size 2024', value: 'CNY 29.4 billion' },
        { label: 'Models filed', value: 'over 180' },
      ],
      diff: ['Market size 2024: CNY 28.1 billion → CNY 29.4 billion', 'New: Enterprise adoption rate'],
    },
    logger: { info: (t) => f.lines.push(t), warn: (t) => f.lines.push(`warning: ${t}`) },
    retry: { attempts: 3, baseDelayMs: 5 },
    ...extra,
  };
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the send to fail');
}

function sendLog(f: Fixture) {
  try {
    return readFileSync(path.join(f.outDir, 'mail', 'sent.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

describe('send over real SMTP', () => {
  it('delivers the report to every recipient, logged in with user and password', async () => {
    const f = fixture();
    const s = await server();
    const summary = await send(options(f, s));
    await s.settled();

    expect(summary.sent).toBe(3);
    expect(s.authAttempts.every((a) => a.ok && a.user === USER)).toBe(true);
    expect(s.received).toHaveLength(3);
    expect(s.received.map((r) => r.envelopeTo).flat().sort()).toEqual(['ann.lee@example.com', 'bob.stone@example.org', 'chen@example.com']);

    const ann = s.received.find((r) => r.envelopeTo[0] === 'ann.lee@example.com')!.mail;
    expect(ann.subject).toBe('China AI Market Briefing (12 March 2025)');
    expect(ann.from?.value[0]).toMatchObject({ name: 'Market Desk', address: 'desk@example.com' });
    expect((ann.to as { value: { name: string; address: string }[] }).value[0]).toMatchObject({ name: 'Ann Lee', address: 'ann.lee@example.com' });
    // Both parts: greeting by name, headline figures, the diff.
    for (const body of [ann.text!, ann.html as string]) {
      expect(body).toContain('Dear Ann Lee,');
      expect(body).toContain('Market size 2024');
      expect(body).toContain('CNY 29.4 billion');
      expect(body).toContain('New: Enterprise adoption rate');
    }
    expect(ann.html).toMatch(/<li>Market size 2024: CNY 28.1 billion → CNY 29.4 billion<\/li>/);
    expect(ann.attachments).toHaveLength(1);
    expect(ann.attachments[0].filename).toBe('report.pdf');
    expect(ann.attachments[0].contentType).toBe('application/pdf');
    expect(sha256(ann.attachments[0].content)).toBe(sha256(readFileSync(path.join(f.outDir, 'report.pdf'))));

    // Data is escaped in HTML, literal in the text part and the To header.
    const chen = s.received.find((r) => r.envelopeTo[0] === 'chen@example.com')!.mail;
    expect(chen.html).toContain('Dear Chen &amp; Partners &lt;R&amp;D&gt;,');
    expect(chen.html).not.toContain('<R&D>');
    expect(chen.text).toContain('Dear Chen & Partners <R&D>,');
    expect(chen.text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
    expect((chen.to as { value: { name: string }[] }).value[0].name).toBe('Chen & Partners <R&D>');

    // Unique Message-IDs; the ledger records each with the edition and the attachment's hash.
    const ids = s.received.map((r) => r.mail.messageId);
    expect(new Set(ids).size).toBe(3);
    const log = sendLog(f);
    expect(log).toHaveLength(3);
    for (const r of log) expect(r).toMatchObject({ edition: '2025-03-12', variant: '', language: 'en', attachments: [{ name: 'report.pdf', sha256: sha256(REPORT) }] });
    expect(log.map((r: { messageId: string }) => r.messageId).sort()).toEqual([...ids].sort());

    expect(f.lines.join('\n')).toMatch(/sent\s+Ann Lee <ann\.lee@example\.com>/);
  });

  it('attaches the deck too with withDeck', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    const deck = Buffer.from('PK\u0003\u0004 not really a deck');
    writeFileSync(path.join(f.outDir, 'briefing.pptx'), deck);
    const s = await server();
    await send(options(f, s, { withDeck: true }));
    await s.settled();
    const names = s.received[0].mail.attachments.map((a) => a.filename);
    expect(names).toEqual(['report.pdf', 'briefing.pptx']);
    expect(sha256(s.received[0].mail.attachments[1].content)).toBe(sha256(deck));
  });

  it('stops before sending anything when the login is refused', async () => {
    const f = fixture();
    const s = await server({ pass: 'the-right-one' });
    const error = await rejects(send(options(f, s)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/refused the login of desk@example\.com/);
    expect(error.message).toMatch(/535/);
    expect(error.message).toMatch(/nothing was sent/);
    expect(s.received).toHaveLength(0);
    expect(s.authAttempts).toHaveLength(1); // a wrong password is not retried
    expect(sendLog(f)).toHaveLength(0);
  });

  it('retries a transient refusal and delivers once', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    let rcptTries = 0;
    const s = await server({ onRcpt: () => (++rcptTries === 1 ? 451 : undefined) });
    const summary = await send(options(f, s));
    await s.settled();
    expect(s.refusals).toEqual([{ stage: 'rcpt', code: 451, address: 'ann.lee@example.com' }]);
    expect(s.received).toHaveLength(1);
    expect(summary.results[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(f.lines.join('\n')).toMatch(/retrying ann\.lee@example\.com .*451/);
  });

  it('retries a server that is busy at the greeting (421) and after the data (452)', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    let dataTries = 0;
    const s = await server({ onConnect: (n) => (n === 1 ? 421 : undefined), onData: () => (++dataTries === 1 ? 452 : undefined) });
    const summary = await send(options(f, s));
    await s.settled();
    expect(s.refusals.map((r) => `${r.stage} ${r.code}`)).toEqual(['connect 421', 'data 452']);
    expect(s.received).toHaveLength(1);
    expect(summary.sent).toBe(1);
  });

  it('retries a connection that drops (reset) mid-message, over a new connection, and delivers once', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    const s = await server();
    // The first connection is reset once the client starts the message (DATA).
    const front = await startFront(s.port, { fromClient: (n, sent) => (n === 1 && /\r\nDATA\r\n/.test(sent) ? 'reset' : undefined) });
    try {
      const o = options(f, s);
      const summary = await send({ ...o, smtp: { ...o.smtp!, port: front.port } });
      await s.settled();
      expect(front.sessions).toHaveLength(2);
      expect(summary.results[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(s.received).toHaveLength(1);
      expect(f.lines.join('\n')).toMatch(/retrying ann\.lee@example\.com .*(ECONNRESET|closed|ECONNECTION|ESOCKET)/i);
    } finally {
      await front.close();
    }
  });

  it('uses one connection for the whole run, logging in once and ending with QUIT', async () => {
    const f = fixture();
    const s = await server();
    const front = await startFront(s.port);
    try {
      const o = options(f, s);
      await send({ ...o, smtp: { ...o.smtp!, port: front.port } });
      await s.settled();
      expect(s.received).toHaveLength(3);
      expect(front.sessions).toHaveLength(1);
      const commands = front.sessions[0].split('\r\n').filter((l) => /^[A-Z]{4}/.test(l)).map((l) => l.slice(0, 4));
      expect(commands.filter((c) => c === 'AUTH')).toHaveLength(1);
      expect(commands.filter((c) => c === 'MAIL')).toHaveLength(3);
      expect(commands[commands.length - 1]).toBe('QUIT');
    } finally {
      await front.close();
    }
  });

  it("respects the server's EHLO SIZE: nothing is uploaded when the message is larger", async () => {
    const f = fixture();
    writeFileSync(path.join(f.outDir, 'report.pdf'), Buffer.alloc(30_000, 7));
    const s = await server({ size: 20_000 });
    const error = await rejects(send(options(f, s)));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/takes messages up to 20 KB \(EHLO SIZE\); this one is 4\d KB as sent .*nothing was sent/);
    expect(s.received).toHaveLength(0);
    expect(sendLog(f)).toHaveLength(0);
  });

  it('counts the attachments as sent (base64), not as on disk, against the limit', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    writeFileSync(path.join(f.outDir, 'report.pdf'), Buffer.alloc(30_000, 7));
    const s = await server();
    // 30,000 bytes are 41,054 once encoded: under a 35,000-byte limit on disk, over it as sent.
    const error = await rejects(send(options(f, s, { maxAttachmentBytes: 35_000 })));
    expect(formatError(error)).toMatch(/report\.pdf 29 KB\) are 40 KB once encoded for email, over the 34 KB limit/);
    expect(s.connections).toBe(0);
    const ok = await send(options(f, s, { maxAttachmentBytes: 42_000 }));
    expect(ok.sent).toBe(1);
  });

  it('gives up after the configured tries when the refusal stays transient', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    const s = await server({ onRcpt: () => 450 });
    const error = await rejects(send(options(f, s, { retry: { attempts: 3, baseDelayMs: 1 } })));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(s.refusals).toHaveLength(3);
    expect(error.message).toMatch(/gave up after 3 tries/);
  });

  it('delivers to the others when one is refused permanently; a re-run sends only to that one', async () => {
    const f = fixture();
    let bobRefused = true;
    const s = await server({ onRcpt: (a) => (a === 'bob.stone@example.org' && bobRefused ? 550 : undefined) });

    const error = await rejects(send(options(f, s)));
    expect(error).toBeInstanceOf(SendFailedError);
    expect((error as DeliveryError).exitCode).toBe(EXIT.delivery);
    expect(error.message).toMatch(/1 of 3 recipients not reached: bob\.stone@example\.org: 550 .*\(permanent, not retried\)/);
    const summary = (error as SendFailedError).summary;
    expect(summary.results.find((r) => r.address === 'bob.stone@example.org')).toMatchObject({ status: 'failed', attempts: 1 });
    // 550 is not retried.
    expect(s.refusals.filter((r) => r.address === 'bob.stone@example.org')).toHaveLength(1);
    await s.settled();
    expect(s.received.map((r) => r.envelopeTo[0]).sort()).toEqual(['ann.lee@example.com', 'chen@example.com']);
    expect(f.lines.join('\n')).toMatch(/failed\s+Bob Stone <bob\.stone@example\.org>: 550/);

    // The mailbox is fixed; the second run sends to Bob only.
    bobRefused = false;
    f.lines.length = 0;
    const second = await send(options(f, s));
    await s.settled();
    expect(second).toMatchObject({ sent: 1, skipped: 2, failed: 0 });
    expect(s.received.map((r) => r.envelopeTo[0]).sort()).toEqual(['ann.lee@example.com', 'bob.stone@example.org', 'chen@example.com']);
    expect(f.lines.join('\n')).toMatch(/skipped\s+Ann Lee <ann\.lee@example\.com>: already sent this edition/);

    // A third run sends nothing; resend sends to all again.
    const third = await send(options(f, s));
    expect(third).toMatchObject({ sent: 0, skipped: 3 });
    const again = await send(options(f, s, { resend: true }));
    await s.settled();
    expect(again.sent).toBe(3);
    expect(s.received).toHaveLength(6);
  });

  it('treats a new report as a new edition', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n');
    const s = await server();
    await send(options(f, s));
    writeFileSync(path.join(f.outDir, 'report.pdf'), Buffer.concat([REPORT, Buffer.from('% next edition\n')]));
    const next = await send(options(f, s));
    expect(next.sent).toBe(1);
    expect(new Set(sendLog(f).map((r: { attachments: { sha256: string }[] }) => r.attachments[0].sha256)).size).toBe(2);
  });
});

describe('dry run', () => {
  it('writes one parsable .eml per recipient and sends nothing, without any SMTP settings', async () => {
    const f = fixture();
    const summary = await send(options(f, undefined, { dryRun: true }));
    const mailDir = path.join(f.outDir, 'mail');
    const files = readdirSync(mailDir).filter((n) => n.endsWith('.eml')).sort();
    expect(files).toHaveLength(3);
    expect(summary.results.every((r) => r.status === 'written')).toBe(true);
    const parsed = await Promise.all(files.map((n) => simpleParser(readFileSync(path.join(mailDir, n)))));
    expect(parsed.map((m) => (m.to as { value: { address: string }[] }).value[0].address).sort()).toEqual(['ann.lee@example.com', 'bob.stone@example.org', 'chen@example.com']);
    for (const m of parsed) {
      expect(m.subject).toBe('China AI Market Briefing (12 March 2025)');
      expect(m.text).toMatch(/^Dear .+,/);
      expect(m.html).toContain('Headline figures');
      expect(sha256(m.attachments[0].content)).toBe(sha256(REPORT));
    }
    expect(sendLog(f)).toHaveLength(0);
    // A second dry run replaces the files rather than piling up.
    await send(options(f, undefined, { dryRun: true, to: ['Dee <dee@example.com>'] }));
    expect(readdirSync(mailDir).filter((n) => n.endsWith('.eml'))).toHaveLength(4);
  });
});

describe('the message as written', () => {
  it('keeps data literal in the subject and the text part, escaped in HTML; names in any script', async () => {
    const f = fixture();
    const o = options(f, undefined, { dryRun: true, recipientsFile: undefined, to: ['王芳 <wang.fang@example.org>'] });
    await send({ ...o, email: { ...o.email, edition: { title: 'R&D <Quarterly> "AI"', date: '2025年3月' } } });
    const mailDir = path.join(f.outDir, 'mail');
    const [file] = readdirSync(mailDir).filter((n) => n.endsWith('.eml'));
    const raw = readFileSync(path.join(mailDir, file), 'utf8');
    expect(raw).toMatch(/^To: =\?UTF-8\?/m); // the name is encoded, not raw 8-bit, in the header
    const m = await simpleParser(raw);
    expect(m.subject).toBe('R&D <Quarterly> "AI" (2025年3月)');
    expect(m.text).toContain('Dear 王芳,');
    expect(m.text).toContain('"R&D <Quarterly> "AI""');
    expect(m.html).toContain('R&amp;D &lt;Quarterly&gt; &quot;AI&quot;');
    expect((m.to as { value: { name: string; address: string }[] }).value[0]).toEqual({ name: '王芳', address: 'wang.fang@example.org' });
  });
});

describe('bad input stops the send before anything leaves', () => {
  async function refused(f: Fixture, extra: Partial<SendOptions> = {}) {
    const s = await server();
    const error = await rejects(send(options(f, s, extra)));
    await s.settled();
    expect(s.received).toHaveLength(0);
    expect(s.connections).toBe(0);
    expect(error).toBeInstanceOf(InputError);
    return formatError(error);
  }

  it('refuses CR/LF in a name (header injection), naming file, line and field', async () => {
    const f = fixture('recipients:\n  - name: Ann Lee\n    address: ann.lee@example.com\n  - name: "Eve\\r\\nBcc: all@example.net"\n    address: eve@example.com\n');
    const text = await refused(f);
    expect(text).toMatch(/recipients\.yaml:4:\d+ recipients\[1\]\.name: name contains a line break \(CR\/LF\)/);
  });

  it('refuses CR/LF in an address and an invalid address', async () => {
    const f = fixture('recipients:\n  - name: Ann\n    address: "ann@example.com\\nBcc: x@example.net"\n  - name: Bob\n    address: bob@@example\n');
    const text = await refused(f);
    expect(text).toMatch(/recipients\[0\]\.address: address contains a line break/);
    expect(text).toMatch(/recipients\[1\]\.address: address .*bob@@example|recipients\[1\]\.address: address has an invalid/);
  });

  it('refuses CR/LF in --to and in the subject', async () => {
    const f = fixture('recipients:\n  - name: Ann\n    address: ann@example.com\n');
    expect(await refused(f, { recipientsFile: undefined, to: ['Eve <eve@example.com>\r\nBcc: x@example.net'] })).toMatch(/--to .*line break/);
    const email = options(f, undefined).email;
    const text = await refused(f, { email: { ...email, edition: { title: 'Briefing\r\nBcc: all@example.net', date: '12 March 2025' } } });
    expect(text).toMatch(/email-subject\.hbs: the subject for ann@example\.com contains a line break/);
  });

  it('refuses a missing report and attachments over the limit', async () => {
    const f = fixture();
    expect(await refused(f, { maxAttachmentBytes: 64 })).toMatch(/are \d+ bytes once encoded for email, over the 64 bytes limit/);
    expect(await refused(f, { withDeck: true })).toMatch(/briefing\.pptx is missing: nothing to send\n\s+hint: run briefsmith build first/);
    const empty = mkdtempSync(path.join(tmpdir(), 'bs-deliver-empty-'));
    expect(await refused(f, { outDir: empty })).toMatch(/report\.pdf is missing/);
  });

  it('requires TLS unless allowInsecure is given', async () => {
    const f = fixture();
    expect(await refused(f, { allowInsecure: false })).toMatch(/SMTP without TLS is refused[\s\S]*--allow-insecure/);
  });

  it('requires STARTTLS when the settings ask for it, even on loopback', async () => {
    const f = fixture();
    const s = await server();
    const o = options(f, s, { allowInsecure: false });
    const error = await rejects(send({ ...o, smtp: { ...o.smtp!, tls: 'starttls' } }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/no secure connection to 127\.0\.0\.1:\d+: .*STARTTLS/i);
    expect(s.received).toHaveLength(0);
    expect(s.authAttempts).toHaveLength(0); // the password never crossed the plain connection
  });

  it('reports every problem at once', async () => {
    const f = fixture('recipients:\n  - name: Ann\n    address: not-an-address\n  - address: bob@example.com\n');
    const text = await refused(f, { maxAttachmentBytes: 10, smtp: { host: '127.0.0.1', tls: 'none', from: 'desk@example.com', user: 'desk' } });
    expect(text).toMatch(/^error: 4 problems in the input/);
    expect(text).toMatch(/recipients\[0\]\.address/);
    expect(text).toMatch(/recipients\[1\]\.name: name is missing/);
    expect(text).toMatch(/over the 10 bytes limit/);
    expect(text).toMatch(/SMTP user desk has no password/);
  });
});

describe('the password never leaks', () => {
  it('appears in no log line, error, send log or .eml', async () => {
    const f = fixture();
    const secrets = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64')];
    const seen: string[] = [];
    // A run with a permanent failure, a wrong password, and a dry run: every kind of output.
    const s = await server({ onRcpt: (a) => (a.startsWith('bob') ? 550 : undefined) });
    seen.push(formatError(await rejects(send(options(f, s))), true));
    const wrong = await server({ pass: 'other' });
    seen.push(formatError(await rejects(send(options(f, wrong, { resend: true }))), true));
    await send(options(f, s, { dryRun: true, smtp: { ...options(f, s).smtp!, password: PASSWORD } }));
    await s.settled();
    const mailDir = path.join(f.outDir, 'mail');
    for (const name of readdirSync(mailDir, { recursive: true }) as string[]) if (statSync(path.join(mailDir, name)).isFile()) seen.push(readFileSync(path.join(mailDir, name), 'latin1'));
    for (const r of s.received) seen.push(r.raw.toString('latin1'));
    seen.push(...f.lines);
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
