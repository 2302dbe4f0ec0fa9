// `briefsmith build --send` and `briefsmith send` as a user runs them, through a real SMTP server on
// 127.0.0.1 in this process; what arrived is parsed and compared with out/report.pdf.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFindings } from '../../src/index.ts';
import { formatFigure } from '../../src/format/index.ts';
import { startSmtpServer, type TestServer } from '../deliver/smtp-server.ts';
import { englishBoilerplate } from '../helpers/languages.ts';
import { ROOT, tempDir, type CliRun } from '../helpers/run.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const servers: TestServer[] = [];
afterEach(async () => { await Promise.all(servers.splice(0).map((s) => s.close())); });

/** Runs the CLI without blocking this process, so the SMTP server here can answer it. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += String(c); });
    child.stderr.on('data', (c) => { stderr += String(c); });
    child.on('exit', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

const PASSWORD = 'cli-Secret&42';
const smtpEnv = (port: number): NodeJS.ProcessEnv => ({
  BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(port), BRIEFSMITH_SMTP_SECURE: 'none',
  BRIEFSMITH_SMTP_USER: 'desk@example.com', BRIEFSMITH_SMTP_PASSWORD: PASSWORD, BRIEFSMITH_SMTP_FROM: 'Briefsmith <desk@example.com>',
});

describe('briefsmith build --send', () => {
  it('builds, emails the real report with the headline figures, and never sends an edition twice', async () => {
    const server = await startSmtpServer({ user: 'desk@example.com', pass: PASSWORD });
    servers.push(server);
    const dir = tempDir('bs-send-');
    const out = path.join(dir, 'out');
    const recipients = path.join(dir, 'recipients.yaml');
    writeFileSync(recipients, 'recipients:\n  - name: Ann Lee\n    address: ann@example.com\n  - name: 王芳\n    address: wang@example.org\n');

    const first = await run(['build', '--out', out, '--send', '--recipients', recipients, '--allow-insecure'], smtpEnv(server.port));
    expect(first.stderr).not.toContain(PASSWORD);
    expect(first.status, first.stderr).toBe(0);
    await server.settled();
    expect(server.received.map((r) => r.envelopeTo).flat().sort()).toEqual(['ann@example.com', 'wang@example.org']);

    const report = readFileSync(path.join(out, 'report.pdf'));
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    for (const { mail } of server.received) {
      const pdf = mail.attachments.find((a) => a.filename === 'report.pdf');
      expect(sha(pdf!.content)).toBe(sha(report));
      expect(mail.subject).toContain(findings.edition.title);
      for (const id of findings.edition.headlines ?? []) expect(mail.text).toContain(formatFigure(findings.figures[id]));
      expect(mail.html).toBeTruthy();
    }
    expect(server.received.some((r) => r.mail.text?.includes('王芳'))).toBe(true);

    const again = await run(['send', '--out', out, '--recipients', recipients, '--allow-insecure'], smtpEnv(server.port));
    expect(again.status, again.stderr).toBe(0);
    await server.settled();
    expect(server.received.length).toBe(2);
    expect(again.stderr).toMatch(/skipped/);
  });

  it('sends each reader the edition in their language: subject, body and report (test/fixtures/bilingual)', async () => {
    const server = await startSmtpServer({ user: 'desk@example.com', pass: PASSWORD });
    servers.push(server);
    const fixture = path.join(ROOT, 'test/fixtures/bilingual');
    const dir = tempDir('bs-send-lang-');
    const out = path.join(dir, 'out');
    const recipients = path.join(dir, 'recipients.yaml');
    writeFileSync(recipients, 'recipients:\n  - name: 王芳\n    address: wang@example.org\n    language: zh\n  - name: Ann Lee\n    address: ann@example.com\n    language: en\n');
    const input = ['--data', path.join(fixture, 'data'), '--templates', path.join(fixture, 'templates'), '--out', out];
    const built = await run(['build', ...input, '--send', '--recipients', recipients, '--allow-insecure'], smtpEnv(server.port));
    expect(built.status, built.stderr).toBe(0);
    await server.settled();
    const to = (address: string) => server.received.find((r) => r.envelopeTo.includes(address))!.mail;
    const zh = to('wang@example.org');
    const en = to('ann@example.com');
    expect(zh.subject).toBe('江苏电网储能（2026年3月15日）');
    expect(en.subject).toBe('Grid batteries in Jiangsu (15 March 2026)');
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.text).toContain('超过12.4 GWh');
    expect(en.text).toContain('over 12.4 GWh');
    expect(englishBoilerplate(zh.text ?? '')).toEqual([]);
    expect(zh.text).not.toMatch(/\b(over|about|projected|Page)\b/);
    // In Chinese punctuation: the headline's colon and the attachment's size in full-width brackets.
    expect(zh.text).toMatch(/^ {2}- \S+：超过12\.4 GWh/m);
    expect(zh.text).toMatch(/report\.pdf（\d+ KB）/);
    expect(zh.text).not.toMatch(/\S: |\(\d+ KB\)/);
    expect(en.text).toMatch(/^ {2}- [^\n]+: over 12\.4 GWh/m);
    expect(en.text).toMatch(/report\.pdf \(\d+ KB\)/);
    const attached = (mail: typeof zh) => sha(mail.attachments.find((a) => a.filename === 'report.pdf')!.content);
    expect(attached(zh)).toBe(sha(readFileSync(path.join(out, 'zh/report.pdf'))));
    expect(attached(en)).toBe(sha(readFileSync(path.join(out, 'report.pdf'))));
  });

  it('sends nothing when the build fails, and exits 2', async () => {
    const server = await startSmtpServer({ user: 'desk@example.com', pass: PASSWORD });
    servers.push(server);
    const r = await run(['build', '--data', '/nonexistent', '--out', tempDir('bs-send-bad-'), '--send', '--to', 'a@example.com', '--allow-insecure'], smtpEnv(server.port));
    expect(r.status).toBe(2);
    expect(server.connections).toBe(0);
  });

  it('writes .eml files with --dry-run and exits 3 when a recipient is refused', async () => {
    const dir = tempDir('bs-send-dry-');
    const out = path.join(dir, 'out');
    const built = await run(['build', '--out', out, '--only', 'report']);
    expect(built.status, built.stderr).toBe(0);
    // The dry run shows the From address that a real send would use.
    const dry = await run(['send', '--out', out, '--to', 'a@example.com', 'b@example.com', '--dry-run'], { BRIEFSMITH_SMTP_FROM: 'Market Desk <desk@example.com>' });
    expect(dry.status, dry.stderr).toBe(0);
    const emls = readdirSync(path.join(out, 'mail')).filter((n) => n.endsWith('.eml'));
    expect(emls.length).toBe(2);
    expect(readFileSync(path.join(out, 'mail', emls[0]), 'utf8')).toMatch(/^From: Market Desk <desk@example\.com>$/m);

    const server = await startSmtpServer({ user: 'desk@example.com', pass: PASSWORD, onRcpt: (address) => (address === 'b@example.com' ? 550 : undefined) });
    servers.push(server);
    const sent = await run(['send', '--out', out, '--to', 'a@example.com', 'b@example.com', '--allow-insecure'], smtpEnv(server.port));
    expect(sent.status).toBe(3);
    expect(sent.stderr).toMatch(/b@example\.com[\s\S]*550/);
    await server.settled();
    expect(server.received.map((r) => r.envelopeTo).flat()).toEqual(['a@example.com']);
  });
});
