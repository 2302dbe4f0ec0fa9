// Transient failures (4xx replies, dropped connections, timeouts) are retried with exponential
// backoff; permanent ones are not: 5xx replies, a refused login, a certificate that does not verify,
// TLS spoken to a server that does not (or the reverse), a message over the server's size limit.

export interface RetryOptions {
  /** Tries in all, including the first (default 4). */
  attempts?: number;
  /** Wait before the second try; doubles each time (default 2000 ms). */
  baseDelayMs?: number;
}

export const RETRY_DEFAULTS = { attempts: 4, baseDelayMs: 2000 } as const;

interface SmtpError extends Error {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  permanent?: boolean;
}

const TRANSIENT_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);
/** Failures without a reply code that no retry can mend: a login or TLS mode refused, a message over the size limit. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EMESSAGE', 'ETLSMODE']);

/** The certificate failed to verify (OpenSSL's codes and Node's host-name check). */
export function isCertificateError(error: unknown): boolean {
  const code = (error as SmtpError)?.originalCode ?? (error as SmtpError)?.code ?? '';
  return /CERT|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/.test(code);
}

/** TLS met a plain-text peer, or the reverse (OpenSSL's "wrong version number"). */
export function isTlsProtocolError(error: unknown): boolean {
  const code = (error as SmtpError)?.originalCode ?? '';
  return code.startsWith('ERR_SSL_');
}

export function isTransient(error: unknown): boolean {
  const e = error as SmtpError;
  if (isCertificateError(error) || isTlsProtocolError(error)) return false;
  if (typeof e?.responseCode !== 'number' && PERMANENT_CODES.has(e?.code ?? '')) return false;
  if (typeof e?.responseCode === 'number') {
    if (e.permanent === true) return false;
    if (e.responseCode >= 400 && e.responseCode < 500) return true;
    if (e.responseCode >= 500) return e.responseCode === 503; // bad sequence: a fresh connection may do
  }
  return TRANSIENT_CODES.has(e?.code ?? '') || TRANSIENT_CODES.has(e?.originalCode ?? '');
}

export class RetriesExhausted extends Error {
  constructor(readonly last: unknown, readonly attempts: number) {
    super(last instanceof Error ? last.message : String(last), { cause: last });
  }
}

/**
 * Runs fn until it succeeds, fails permanently or runs out of attempts.
 * Throws RetriesExhausted carrying the last error and how many tries were made.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions,
  onRetry: (error: unknown, nextAttempt: number, delayMs: number) => void,
): Promise<{ value: T; attempts: number }> {
  const attempts = Math.max(1, options.attempts ?? RETRY_DEFAULTS.attempts);
  const base = Math.max(0, options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs);
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(), attempts: attempt };
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw new RetriesExhausted(error, attempt);
      const delay = base * 2 ** (attempt - 1);
      onRetry(error, attempt + 1, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** A short reason for people: "451 4.3.0 Try again later" rather than nodemailer's prefix. */
export function reasonOf(error: unknown): string {
  const e = error as SmtpError & { response?: string };
  if (typeof e?.response === 'string' && e.response) return e.response.split('\n')[0];
  const code = e?.originalCode ?? e?.code;
  // OpenSSL's messages run on over a line break ("…:wrong version number:../deps/…\n"): keep its reason.
  const message = e instanceof Error ? ((e as { reason?: string }).reason ?? e.message.trim().split('\n')[0]) : String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
