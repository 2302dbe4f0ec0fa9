// TLS for real: implicit TLS and STARTTLS against smtp-server with a self-signed localhost certificate,
// trusted through caFile (BRIEFSMITH_SMTP_CA_FILE). No allowInsecure anywhere in this file.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, formatError } from '../../src/errors.ts';
import { send, type SendOptions, type TlsMode } from '../../src/deliver/index.ts';
import { startSmtpServer, TEST_CERT, type TestServer } from './smtp-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const USER = 'desk@example.com';
const PASSWORD = 'tls-test-password';

const servers: TestServer[] = [];
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

/** The error a send must end with. */
async function failure(p: Promise<unknown>): Promise<InputError> {
  const outcome = await p.then(() => undefined, (e: unknown) => e);
  if (!(outcome instanceof InputError)) throw new Error(`expected the send to fail with an InputError, got ${String(outcome)}`);
  return outcome;
}

async function setUp(tls: 'implicit' | 'starttls' | undefined) {
  const s = await startSmtpServer({ user: USER, pass: PASSWORD, tls });
  servers.push(s);
  const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'bs-tls-')), 'out');
  mkdirSync(outDir);
  writeFileSync(path.join(outDir, 'report.pdf'), '%PDF-1.4\n%%EOF\n');
  const lines: string[] = [];
  const options = (mode: TlsMode, caFile: string | undefined): SendOptions => ({
    outDir,
    to: ['Ann Lee <ann.lee@example.com>'],
    templatesDir: path.join(ROOT, 'templates'),
    scope: { edition: '2025-03-12', language: 'en' },
    // The certificate names localhost and 127.0.0.1.
    smtp: { host: '127.0.0.1', port: s.port, tls: mode, user: USER, password: PASSWORD, from: 'desk@example.com', caFile },
    email: { edition: { title: 'Briefing', date: '12 March 2025' }, headlines: [] },
    logger: { info: (t) => lines.push(t), warn: (t) => lines.push(t) },
    retry: { attempts: 2, baseDelayMs: 1 },
  });
  return { s, options, lines };
}

describe('TLS', () => {
  it('delivers over implicit TLS, trusting the server through caFile', async () => {
    const { s, options } = await setUp('implicit');
    const summary = await send(options('implicit', TEST_CERT));
    await s.settled();
    expect(summary.sent).toBe(1);
    expect(s.received[0].secure).toBe(true);
    expect(s.authAttempts).toEqual([{ user: USER, ok: true }]); // one session: one login
  });

  it('delivers over STARTTLS, logging in only after the upgrade', async () => {
    const { s, options } = await setUp('starttls');
    const summary = await send(options('starttls', TEST_CERT));
    await s.settled();
    expect(summary.sent).toBe(1);
    expect(s.received[0].secure).toBe(true);
  });

  it('refuses a certificate it cannot verify at once, as permanent: no retry, no login, nothing sent', async () => {
    const { s, options } = await setUp('implicit');
    const started = Date.now();
    const error = await send({ ...options('implicit', undefined), retry: { attempts: 4, baseDelayMs: 500 } }).catch((e: unknown) => e as Error);
    expect(Date.now() - started).toBeLessThan(400); // a retry would have waited 500 ms
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/the certificate of 127\.0\.0\.1:\d+ does not verify: self-signed certificate/);
    expect((error as InputError).problems[0].hint).toMatch(/BRIEFSMITH_SMTP_CA_FILE/);
    expect(s.authAttempts).toHaveLength(0);
    expect(s.received).toHaveLength(0);
  });

  it('says so in one line when TLS from the start meets a plain-text port (true on 587), without retrying', async () => {
    const { s, options } = await setUp(undefined);
    const error = await failure(send({ ...options('implicit', TEST_CERT), retry: { attempts: 4, baseDelayMs: 500 } }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^the server at 127\.0\.0\.1:\d+ does not speak TLS from the first byte \(wrong version number.*\); nothing was sent$/);
    expect(error.message).not.toContain('\n');
    expect(error.problems[0].hint).toMatch(/BRIEFSMITH_SMTP_SECURE=starttls/);
    expect(s.received).toHaveLength(0);
  });

  it('finds out within seconds that a STARTTLS client waits on a TLS port (starttls on 465)', async () => {
    const { s, options } = await setUp('implicit');
    const started = Date.now();
    const error = await failure(send(options('starttls', TEST_CERT)));
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/speaks TLS from the first byte and sent no plain-text greeting; nothing was sent/);
    expect(error.problems[0].hint).toMatch(/BRIEFSMITH_SMTP_SECURE=true/);
    expect(s.authAttempts).toHaveLength(0);
  });

  it('refuses a CA file that is not PEM, saying what it is, before connecting', async () => {
    const { s, options } = await setUp('implicit');
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-ca-'));
    const der = path.join(dir, 'ca.der');
    writeFileSync(der, new X509Certificate(readFileSync(TEST_CERT)).raw);
    const derError = await failure(send(options('implicit', der)));
    expect(formatError(derError)).toMatch(/ca\.der BRIEFSMITH_SMTP_CA_FILE: the CA certificate file is in binary \(DER\) form, not PEM\n\s+hint: convert it: openssl x509 -inform der/);
    const text = path.join(dir, 'ca.txt');
    writeFileSync(text, 'not a certificate\n');
    expect((await failure(send(options('implicit', text)))).message).toMatch(/not a PEM certificate/);
    expect(s.connections).toBe(0);
  });
});
