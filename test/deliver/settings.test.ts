import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, formatError } from '../../src/errors.ts';
import { smtpSettingsFromEnv } from '../../src/deliver/index.ts';

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bs-smtp-')), name);
  writeFileSync(file, text);
  return file;
}

describe('smtpSettingsFromEnv', () => {
  it('reads every setting from the environment', () => {
    const s = smtpSettingsFromEnv({
      BRIEFSMITH_SMTP_HOST: 'smtp.example.com', BRIEFSMITH_SMTP_PORT: '465', BRIEFSMITH_SMTP_SECURE: 'true',
      BRIEFSMITH_SMTP_USER: 'desk', BRIEFSMITH_SMTP_PASSWORD: ' pass with spaces ', BRIEFSMITH_SMTP_FROM: 'Desk <desk@example.com>',
    });
    expect(s).toEqual({ host: 'smtp.example.com', port: 465, tls: 'implicit', user: 'desk', password: ' pass with spaces ', from: 'Desk <desk@example.com>' });
    expect(smtpSettingsFromEnv({ BRIEFSMITH_SMTP_SECURE: 'false' }).tls).toBe('starttls');
    expect(smtpSettingsFromEnv({ BRIEFSMITH_SMTP_SECURE: 'none' }).tls).toBe('none');
  });

  it('takes a config file under smtp:, the environment winning, paths relative to the file', () => {
    const file = tempFile('briefsmith.yaml', 'smtp:\n  host: relay.example.com\n  port: 587\n  secure: starttls\n  user: desk\n  passwordFile: secrets/smtp-password\n  from: desk@example.com\n');
    const s = smtpSettingsFromEnv({ BRIEFSMITH_SMTP_HOST: 'other.example.com' }, file);
    expect(s).toMatchObject({ host: 'other.example.com', port: 587, tls: 'starttls', user: 'desk', from: 'desk@example.com' });
    expect(s.passwordFile).toBe(path.join(path.dirname(file), 'secrets/smtp-password'));
  });

  it('refuses a password in the config file, naming file, line and field', () => {
    const file = tempFile('briefsmith.yaml', 'smtp:\n  host: relay.example.com\n  password: hunter2hunter2\n');
    let error: unknown;
    try { smtpSettingsFromEnv({}, file); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(InputError);
    const text = formatError(error);
    expect(text).toMatch(/briefsmith\.yaml:3:\d+ smtp\.password: a password does not belong in the config file/);
    expect(text).not.toContain('hunter2hunter2');
  });

  it('names a bad port or TLS mode', () => {
    expect(() => smtpSettingsFromEnv({ BRIEFSMITH_SMTP_PORT: '99999' })).toThrow(/BRIEFSMITH_SMTP_PORT=99999 is not a port number/);
    expect(() => smtpSettingsFromEnv({ BRIEFSMITH_SMTP_SECURE: 'maybe' })).toThrow(/BRIEFSMITH_SMTP_SECURE=maybe is not understood/);
  });
});
