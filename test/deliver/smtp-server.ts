// A real SMTP server (smtp-server) on 127.0.0.1, inside the test process. By default plain connections
// on loopback (STARTTLS not offered), so senders use tls "none" with allowInsecure; with `tls` it speaks
// implicit TLS or STARTTLS with the self-signed localhost certificate in fixtures/. AUTH PLAIN/LOGIN is
// required when a user is configured. What arrives is parsed with mailparser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  envelopeTo: string[];
  raw: Buffer;
  mail: ParsedMail;
  user?: string;
  /** Whether the message came over TLS. */
  secure: boolean;
}

/** A self-signed certificate for localhost / 127.0.0.1 (test only; valid until 2126). */
export const TEST_CERT = path.join(import.meta.dirname, 'fixtures/localhost.crt');
const TEST_KEY = path.join(import.meta.dirname, 'fixtures/localhost.key');

export interface ServerOptions {
  user?: string;
  pass?: string;
  /** Return a reply code to refuse a recipient (4xx transient, 5xx permanent); `client` is the sender's port. */
  onRcpt?: (address: string, client: { port: number }) => number | undefined;
  /** Return a reply code to refuse a message after its data arrived. */
  onData?: (envelopeTo: string[]) => number | undefined;
  /** Return a reply code to refuse a whole connection at the greeting. */
  onConnect?: (n: number) => number | undefined;
  /** Serve TLS from the first byte, or offer STARTTLS (and take AUTH only after it). */
  tls?: 'implicit' | 'starttls';
  /** Announce this message size limit (EHLO SIZE) and refuse larger messages. */
  size?: number;
  /** Wait this long before answering each RCPT (a slow server, so that clients overlap). */
  rcptDelayMs?: number;
}

export interface TestServer {
  port: number;
  received: Received[];
  /** Every reply code the server answered a refusal with, in order. */
  refusals: { stage: string; code: number; address?: string }[];
  authAttempts: { user: string; ok: boolean }[];
  connections: number;
  /** Connection-level errors the server saw (e.g. a client dropping a TLS handshake). */
  errors: string[];
  /** Waits until every message that arrived so far is parsed. */
  settled(): Promise<void>;
  close(): Promise<void>;
  options: ServerOptions;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export async function startSmtpServer(options: ServerOptions = {}): Promise<TestServer> {
  const state: TestServer = {
    port: 0, received: [], refusals: [], authAttempts: [], connections: 0, errors: [], options,
    settled: async () => { await Promise.all(pending); },
    close: async () => {},
  };
  const pending: Promise<void>[] = [];
  const answerRcpt = (address: string, port: number, callback: (error?: Error | null) => void) => {
    const code = state.options.onRcpt?.(address, { port });
    if (code) {
      state.refusals.push({ stage: 'rcpt', code, address });
      return callback(smtpError(code, code >= 500 ? 'Mailbox unavailable' : 'Greylisted, try again later'));
    }
    callback();
  };
  const server = new SMTPServer({
    secure: options.tls === 'implicit',
    size: options.size,
    ...(options.tls ? { key: readFileSync(TEST_KEY), cert: readFileSync(TEST_CERT) } : {}),
    disabledCommands: [...(options.tls === 'starttls' ? [] : ['STARTTLS']), ...(options.user ? [] : ['AUTH'])],
    authOptional: !options.user,
    // Without TLS (loopback only) the test server takes AUTH in clear, which is what allowInsecure is for.
    allowInsecureAuth: !options.tls,
    logger: false,
    onConnect(_session, callback) {
      state.connections++;
      const code = state.options.onConnect?.(state.connections);
      if (code) { state.refusals.push({ stage: 'connect', code }); return callback(smtpError(code, 'Service busy, try later')); }
      callback();
    },
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.user && auth.password === options.pass;
      state.authAttempts.push({ user: auth.username ?? '', ok });
      if (!ok) return callback(smtpError(535, 'Authentication credentials invalid'));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, session, callback) {
      if (state.options.rcptDelayMs) {
        setTimeout(() => answerRcpt(address.address, session.remotePort, callback), state.options.rcptDelayMs);
        return;
      }
      answerRcpt(address.address, session.remotePort, callback);
    },
    onData(stream, session, callback) {

      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const code = state.options.onData?.(envelopeTo);
        if (code) { state.refusals.push({ stage: 'data', code }); return callback(smtpError(code, 'Message refused')); }
        const raw = Buffer.concat(chunks);
        pending.push(simpleParser(raw).then((mail) => {
          state.received.push({ envelopeTo, raw, mail, user: session.user as string | undefined, secure: Boolean(session.secure) });
        }));
        callback(null, 'Queued');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client that gives up on the certificate drops the socket mid-handshake: expected here, not a crash.
  server.on('error', (error: Error) => state.errors.push(error.message));
  state.port = (server.server.address() as { port: number }).port;
  state.close = async () => {
    await Promise.all(pending);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

export interface Front {
  port: number;
  /** What each client connection sent, as text, in order of connection. */
  sessions: string[];
  close(): Promise<void>;
}

/**
 * A TCP front for a server on 127.0.0.1 that passes bytes both ways and records what clients send.
 * `meddle` may cut a connection at a point of the test's choosing: given the connection's number and
 * the client's bytes so far (or, for `fromServer`, the server's reply), it returns 'reset' to drop the
 * connection at once, or 'swallow' to drop the server's reply and close (a lost reply).
 */
export async function startFront(targetPort: number, meddle: {
  fromClient?: (n: number, sent: string) => 'reset' | undefined;
  fromServer?: (n: number, reply: string, sent: string) => 'swallow' | undefined;
} = {}): Promise<Front> {
  const net = await import('node:net');
  const sessions: string[] = [];
  const server = net.createServer((client) => {
    const n = sessions.push('') - 1;
    const upstream = net.connect(targetPort, '127.0.0.1');
    const end = () => { client.destroy(); upstream.destroy(); };
    client.on('data', (chunk) => {
      sessions[n] += chunk.toString('latin1');
      if (meddle.fromClient?.(n + 1, sessions[n]) === 'reset') { client.resetAndDestroy(); upstream.destroy(); return; }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (meddle.fromServer?.(n + 1, chunk.toString('latin1'), sessions[n]) === 'swallow') { end(); return; }
      client.write(chunk);
    });
    client.on('error', end); upstream.on('error', end); client.on('close', end); upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
