// TLS for real: implicit TLS and STARTTLS against smtp-server with a self-signed localhost certificate,
// trusted through caFile (BRIEFSMITH_SMTP_CA_FILE). No allowInsecure anywhere in this file.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { send, type SendOptions, type TlsMode } from '../../src/deliver/index.ts';
import { startSmtpServer, TEST_CERT, type TestServer } from './smtp-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const USER = 'desk@example.com';
const PASSWORD = 'tls-test-password';

const servers: TestServer[] = [];
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

async function setUp(tls: 'implicit' | 'starttls') {
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
    expect(s.authAttempts).toEqual([{ user: USER, ok: true }, { user: USER, ok: true }]); // verify, then the message
  });

  it('delivers over STARTTLS, logging in only after the upgrade', async () => {
    const { s, options } = await setUp('starttls');
    const summary = await send(options('starttls', TEST_CERT));
    await s.settled();
    expect(summary.sent).toBe(1);
    expect(s.received[0].secure).toBe(true);
  });

  it('refuses a certificate it cannot verify, before logging in or sending', async () => {
    const { s, options } = await setUp('implicit');
    const error = await send(options('implicit', undefined)).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/no secure connection to 127\.0\.0\.1:\d+: .*(self-signed|certificate)/i);
    expect(s.authAttempts).toHaveLength(0);
    expect(s.received).toHaveLength(0);
    expect(s.errors.join('\n')).toMatch(/TLS/); // the server saw the client walk away mid-handshake
  });
});
