// One SMTP session: connect, STARTTLS or TLS, log in once, send any number of messages over the same
// connection (at most `rate` a second), and end with QUIT. The single-process send keeps one for its
// run; a queue worker keeps one per concurrent send and reuses it from job to job.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { DeliveryError, InputError } from '../errors.ts';
import { isCertificateError, isTlsProtocolError, reasonOf } from './retry.ts';
import { DEFAULT_PORT, type SmtpSettings } from './settings.ts';

export interface SessionOptions {
  smtp: SmtpSettings;
  password?: string;
  allowInsecure: boolean;
  /** Messages a second at most (the relay's limit); no limit when absent. */
  rate?: number;
  /** Close the connection (with QUIT) after this long without a message (default 30 s). */
  idleMs?: number;
}

/** How long a plain connection waits for a greeting before checking whether the port speaks TLS. */
const TLS_PROBE_AFTER_MS = 2_000;
const GREETING_TIMEOUT_MS = 15_000;

export interface Envelope {
  from: string;
  to: string[];
}

export interface Accepted {
  /** The server's reply to the message ("250 2.0.0 Ok: queued as …"). */
  response: string;
  rejected: string[];
  rejectedErrors?: unknown[];
}

export class SmtpSession {
  readonly where: string;
  private readonly tlsMode;
  private connection: SMTPConnection | undefined;
  private lastStart = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The largest message the server takes (EHLO SIZE), once connected; undefined when it names none. */
  maxSize: number | undefined;

  constructor(private readonly options: SessionOptions) {
    this.tlsMode = options.smtp.tls ?? 'starttls';
    this.where = `${options.smtp.host}:${this.port}`;
  }

  private get port(): number {
    return this.options.smtp.port ?? DEFAULT_PORT[this.tlsMode];
  }

  /** Connects and logs in, unless already connected. Errors are nodemailer's (see openFailure). */
  async open(): Promise<void> {
    if (this.connection && !this.connection.destroyed) return;
    const { smtp, password, allowInsecure } = this.options;
    const connection = new SMTPConnection({
      host: smtp.host,
      port: this.port,
      secure: this.tlsMode === 'implicit',
      // STARTTLS is demanded, not merely tried, unless the user allowed an insecure relay.
      requireTLS: this.tlsMode === 'starttls' && !allowInsecure,
      ignoreTLS: this.tlsMode === 'none',
      tls: smtp.caFile ? { ca: [readFileSync(smtp.caFile)] } : undefined,
      connectionTimeout: 30_000,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: 120_000,
      logger: false,
      debug: false,
    });
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(probe);
        connection.close();
        // Marked: a failure to connect or log in says nothing about the message or its recipient.
        reject(Object.assign(error as object, { stage: 'connect' }));
      };
      connection.once('error', fail);
      // A server that sends nothing may be waiting for a TLS handshake: port 465 with starttls.
      const probe = this.tlsMode === 'implicit' ? undefined : setTimeout(() => {
        void speaksTls(smtp.host!, this.port).then((yes) => {
          if (yes) fail(Object.assign(new Error(`the server at ${this.where} speaks TLS from the first byte and sent no plain-text greeting`), { code: 'ETLSMODE' }));
        });
      }, TLS_PROBE_AFTER_MS);
      connection.connect((error?: Error) => {
        if (error) return fail(error);
        clearTimeout(probe);
        const done = () => {
          if (settled) return;
          settled = true;
          connection.removeListener('error', fail);
          resolve();
        };
        if (smtp.user) connection.login({ user: smtp.user, pass: password ?? '' }, (err) => (err ? fail(err) : done()));
        else done();
      });
    });
    // From here on a socket error ends the connection; the next send connects again.
    connection.on('error', () => {});
    this.connection = connection;
    // nodemailer reads EHLO SIZE into a field of its own, not part of its typed interface.
    this.maxSize = (connection as unknown as { _maxAllowedSize?: number })._maxAllowedSize || undefined;
  }

  /** Sends one message (connecting first when needed). After any failure the connection is closed. */
  async send(envelope: Envelope, raw: Buffer): Promise<Accepted> {
    clearTimeout(this.idleTimer);
    await this.waitForRate();
    await this.open();
    const connection = this.connection!;
    try {
      const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) => {
        connection.send({ ...envelope, size: raw.length } as SMTPConnection.Envelope, raw, (error, result) => (error ? reject(error) : resolve(result)));
      });
      return { response: String(info.response ?? ''), rejected: (info.rejected ?? []).map(String), rejectedErrors: info.rejectedErrors };
    } catch (error) {
      this.drop();
      throw error;
    } finally {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? 30_000);
      this.idleTimer.unref();
    }
  }

  /** Ends the session with QUIT (waiting a moment for the server's goodbye). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const connection = this.connection;
    this.connection = undefined;
    if (!connection || connection.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { connection.close(); resolve(); }, 2_000);
      connection.once('end', () => { clearTimeout(timer); resolve(); });
      connection.quit();
    });
  }

  private drop(): void {
    this.connection?.close();
    this.connection = undefined;
  }

  private async waitForRate(): Promise<void> {
    const rate = this.options.rate;
    if (!rate) return;
    const wait = this.lastStart + 1000 / rate - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastStart = Date.now();
  }
}

/** Whether host:port completes a TLS handshake (certificate unchecked: this only asks which protocol). */
function speaksTls(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, servername: /^[\d.:]+$/.test(host) ? undefined : host });
    const end = (yes: boolean) => { socket.destroy(); resolve(yes); };
    socket.setTimeout(3_000, () => end(false));
    socket.once('secureConnect', () => end(true));
    socket.once('error', () => end(false));
  });
}

/**
 * Why a session could not be opened, as the error a user can act on. Nothing was sent when this is thrown.
 * `redact` removes the password from anything the server echoed.
 */
export function openFailure(error: unknown, session: SmtpSession, smtp: SmtpSettings, redact: (t: string) => string): InputError | DeliveryError {
  const e = error as { code?: string; originalCode?: string };
  const where = session.where;
  const why = redact(reasonOf(error));
  const mode = smtp.tls ?? 'starttls';
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new InputError(`the SMTP server ${where} refused the login of ${smtp.user ?? '(no user)'}: ${why}; nothing was sent`, {
      field: 'BRIEFSMITH_SMTP_USER',
      hint: 'check BRIEFSMITH_SMTP_USER and the password (BRIEFSMITH_SMTP_PASSWORD or its file)',
    });
  }
  if (e.code === 'ETLSMODE') {
    return new InputError(`${(error as Error).message}; nothing was sent`, {
      field: 'BRIEFSMITH_SMTP_SECURE',
      hint: `set BRIEFSMITH_SMTP_SECURE=true for this port (TLS from the start, usually 465), or use the server's STARTTLS port (usually 587) with ${mode}`,
    });
  }
  if (isTlsProtocolError(error) && mode === 'implicit') {
    return new InputError(`the server at ${where} does not speak TLS from the first byte (${why}); nothing was sent`, {
      field: 'BRIEFSMITH_SMTP_SECURE',
      hint: 'this port expects a plain start: set BRIEFSMITH_SMTP_SECURE=starttls (usual on 587), or use the TLS port (usually 465) with true',
    });
  }
  if (isCertificateError(error)) {
    return new InputError(`the certificate of ${where} does not verify: ${why}; nothing was sent`, {
      field: smtp.caFile ? 'BRIEFSMITH_SMTP_CA_FILE' : 'BRIEFSMITH_SMTP_HOST',
      hint: smtp.caFile
        ? `check that ${smtp.caFile} is the authority that signed the server's certificate, and that BRIEFSMITH_SMTP_HOST is the name on it`
        : "use the host name on the server's certificate; for a relay with a private authority, set BRIEFSMITH_SMTP_CA_FILE to its PEM file",
    });
  }
  if (e.code === 'ETLS' || isTlsProtocolError(error)) {
    const tlsWhy = redact(error instanceof Error ? error.message.trim().split('\n')[0] : why);
    return new InputError(`no secure connection to ${where}: ${tlsWhy}; nothing was sent`, {
      field: 'BRIEFSMITH_SMTP_SECURE',
      hint: 'check BRIEFSMITH_SMTP_SECURE and _PORT (true for 465, starttls for 587); a private CA goes in BRIEFSMITH_SMTP_CA_FILE',
    });
  }
  return new DeliveryError(`cannot connect to the SMTP server ${where}: ${why}; nothing was sent`, {
    field: 'BRIEFSMITH_SMTP_HOST',
    hint: 'check BRIEFSMITH_SMTP_HOST and _PORT, and that the server is reachable',
  });
}
