// SMTP settings: from the environment or a config file, never from the command line for the password.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Problem } from '../errors.ts';
import { parseDataText } from '../load/index.ts';
import { problemsError } from './check.ts';

/**
 * How the connection is protected:
 * - implicit: TLS from the first byte (usually port 465);
 * - starttls: plain connect, then STARTTLS, which the server must offer (usually port 587);
 * - none:     no TLS at all; only with allowInsecure, for a local relay.
 */
export type TlsMode = 'implicit' | 'starttls' | 'none';

export interface SmtpSettings {
  host?: string;
  port?: number;
  tls?: TlsMode;
  user?: string;
  /** Only ever filled from BRIEFSMITH_SMTP_PASSWORD (or by code); never a CLI option, never printed. */
  password?: string;
  /** A file holding the password (first line). */
  passwordFile?: string;
  /** The From address, e.g. "Market Desk <desk@example.com>". */
  from?: string;
  /** A PEM file of extra certificate authorities to trust (a relay with a private CA). */
  caFile?: string;
}

export const DEFAULT_PORT: Record<TlsMode, number> = { implicit: 465, starttls: 587, none: 25 };

const ENV = {
  host: 'BRIEFSMITH_SMTP_HOST',
  port: 'BRIEFSMITH_SMTP_PORT',
  secure: 'BRIEFSMITH_SMTP_SECURE',
  user: 'BRIEFSMITH_SMTP_USER',
  password: 'BRIEFSMITH_SMTP_PASSWORD',
  passwordFile: 'BRIEFSMITH_SMTP_PASSWORD_FILE',
  from: 'BRIEFSMITH_SMTP_FROM',
  caFile: 'BRIEFSMITH_SMTP_CA_FILE',
} as const;

/** "true"/"implicit"/"tls" → implicit; "false"/"starttls" → starttls; "none"/"plain"/"insecure" → none. */
export function parseTlsMode(value: string): TlsMode | undefined {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'implicit', 'tls', 'ssl'].includes(v)) return 'implicit';
  // secure=false means "not implicit TLS", as in nodemailer: STARTTLS, which we then require.
  if (['false', 'no', '0', 'starttls'].includes(v)) return 'starttls';
  if (['none', 'plain', 'insecure'].includes(v)) return 'none';
  return undefined;
}

/**
 * SMTP settings: a config file (YAML or JSON, the keys under `smtp:` or at the top level) overridden by
 * the environment (BRIEFSMITH_SMTP_HOST, _PORT, _SECURE, _USER, _PASSWORD, _PASSWORD_FILE, _FROM, _CA_FILE).
 * The password may come from the environment or a password file only: a config file that holds one is refused.
 */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv, configFile?: string): SmtpSettings {
  const problems: Problem[] = [];
  const settings: SmtpSettings = configFile ? readConfigFile(configFile, problems) : {};
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  if (str(ENV.host)) settings.host = str(ENV.host);
  if (str(ENV.port)) {
    const port = parsePort(str(ENV.port)!);
    if (port === undefined) problems.push({ message: `${ENV.port}=${str(ENV.port)} is not a port number`, field: ENV.port, hint: 'use a whole number from 1 to 65535, e.g. 587' });
    else settings.port = port;
  }
  if (str(ENV.secure)) {
    const tls = parseTlsMode(str(ENV.secure)!);
    if (!tls) problems.push({ message: `${ENV.secure}=${str(ENV.secure)} is not understood`, field: ENV.secure, hint: 'use true (TLS, port 465), starttls (port 587) or none (local relay, needs --allow-insecure)' });
    else settings.tls = tls;
  }
  if (str(ENV.user)) settings.user = str(ENV.user);
  // The password is taken as it is: spaces may be part of it.
  if (env[ENV.password]) settings.password = env[ENV.password];
  if (str(ENV.passwordFile)) settings.passwordFile = path.resolve(str(ENV.passwordFile)!);
  if (str(ENV.from)) settings.from = str(ENV.from);
  if (str(ENV.caFile)) settings.caFile = path.resolve(str(ENV.caFile)!);
  if (problems.length) throw problemsError(problems);
  return settings;
}

function parsePort(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : /^\d+$/.test(String(value).trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : undefined;
}

const CONFIG_KEYS = ['host', 'port', 'secure', 'tls', 'user', 'passwordFile', 'from', 'caFile'];

function readConfigFile(file: string, problems: Problem[]): SmtpSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read the SMTP config file: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { file, hint: 'check the path of the config file' }, { cause });
  }
  const source = parseDataText(text, file);
  const root = source.value as Record<string, unknown> | null;
  const nested = root && typeof root === 'object' && root.smtp && typeof root.smtp === 'object';
  const base: (string | number)[] = nested ? ['smtp'] : [];
  const raw = (nested ? root!.smtp : root ?? {}) as Record<string, unknown>;
  const at = (key: string) => ({ ...source.positionOf([...base, key]), field: [...base, key].join('.') });
  const dir = path.dirname(path.resolve(file));
  const out: SmtpSettings = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ message: 'the SMTP settings must be a mapping', ...at(''), hint: 'write smtp: with host:, port:, secure:, user:, passwordFile:, from:' });
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'password' || key === 'pass') {
      problems.push({ message: 'a password does not belong in the config file', ...at(key), hint: 'remove it; set BRIEFSMITH_SMTP_PASSWORD or passwordFile: (a file that holds only the password)' });
      continue;
    }
    if (!CONFIG_KEYS.includes(key)) {
      problems.push({ message: `unknown SMTP setting "${key}"`, ...at(key), hint: `known settings: ${CONFIG_KEYS.join(', ')}` });
      continue;
    }
    if (key === 'port') {
      const port = parsePort(value);
      if (port === undefined) problems.push({ message: `${JSON.stringify(value)} is not a port number`, ...at(key), hint: 'use a whole number from 1 to 65535, e.g. 587' });
      else out.port = port;
    } else if (key === 'secure' || key === 'tls') {
      const tls = parseTlsMode(String(value));
      if (!tls) problems.push({ message: `${JSON.stringify(value)} is not understood`, ...at(key), hint: 'use true (TLS, port 465), starttls (port 587) or none (local relay, needs --allow-insecure)' });
      else out.tls = tls;
    } else if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ message: `must be a non-empty string`, ...at(key) });
    } else if (key === 'passwordFile' || key === 'caFile') {
      out[key] = path.resolve(dir, value.trim());
    } else {
      out[key as 'host' | 'user' | 'from'] = value.trim();
    }
  }
  return out;
}

/** The password from settings or its file; undefined when neither is set. Problems are reported, not thrown. */
export function resolvePassword(settings: SmtpSettings, problems: Problem[]): string | undefined {
  if (settings.password) return settings.password;
  if (!settings.passwordFile) return undefined;
  try {
    const first = readFileSync(settings.passwordFile, 'utf8').split(/\r?\n/)[0];
    if (!first) {
      problems.push({ message: 'the SMTP password file is empty', file: settings.passwordFile, hint: 'put the password on the first line' });
      return undefined;
    }
    return first;
  } catch (cause) {
    problems.push({ message: `cannot read the SMTP password file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, file: settings.passwordFile, hint: 'check BRIEFSMITH_SMTP_PASSWORD_FILE / passwordFile' });
    return undefined;
  }
}
