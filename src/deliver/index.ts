// deliver: email out/report.pdf (and the deck) to a list of people over SMTP.
// Everything is checked before the first message leaves; each delivery is logged at once so a
// re-run for the same edition never mails anyone twice; the password is never printed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { DeliveryError, InputError, type Problem } from '../errors.ts';
import { addressKey, headerTextProblem, parseMailbox, problemsError, type Mailbox } from './check.ts';
import { formatBytes, loadEmailTemplates, renderEmail, type AttachmentInfo, type EmailContext, type RenderedEmail } from './message.ts';
import { duplicateProblems, parseToList, readRecipientsFile, type Recipient } from './recipients.ts';
import { RetriesExhausted, reasonOf, withRetry, type RetryOptions } from './retry.ts';
import { appendSendLog, deliveredFor, readSendLog, SEND_LOG } from './sendlog.ts';
import { DEFAULT_PORT, resolvePassword, type SmtpSettings } from './settings.ts';

export type { EmailContext } from './message.ts';
export type { Recipient } from './recipients.ts';
export type { RetryOptions } from './retry.ts';
export { smtpSettingsFromEnv, parseTlsMode, type SmtpSettings, type TlsMode } from './settings.ts';

export interface SendLogger {
  info(text: string): void;
  warn(text: string): void;
}

export interface SendOptions {
  /** The folder holding report.pdf (and briefing.pptx); the send log and .eml files go to <outDir>/mail. */
  outDir: string;
  /** A YAML file with `recipients: [{ name, address, language?, notes? }]`. */
  recipientsFile?: string;
  /** Extra or only recipients: "name@example.com" or "Name <name@example.com>". */
  to?: string[];
  /** Attach briefing.pptx too. */
  withDeck?: boolean;
  /** Write one .eml per recipient to <outDir>/mail and send nothing. */
  dryRun?: boolean;
  /** Send even to those the send log says already have this edition. */
  resend?: boolean;
  /** Allow SMTP without TLS (a local relay). */
  allowInsecure?: boolean;
  /** Largest total size of the attachments (default 20 MB). */
  maxAttachmentBytes?: number;
  /** SMTP settings (see smtpSettingsFromEnv); not needed for a dry run. */
  smtp?: SmtpSettings;
  email: EmailContext;
  /** Folder with email.hbs, email-text.hbs and email-subject.hbs (the built-in ones fill gaps). */
  templatesDir: string;
  logger?: SendLogger;
  retry?: RetryOptions;
}

export type RecipientStatus = 'sent' | 'failed' | 'skipped' | 'written';

export interface RecipientResult {
  name?: string;
  address: string;
  status: RecipientStatus;
  messageId?: string;
  /** SMTP tries made (0 when skipped or written). */
  attempts: number;
  /** Why it failed, or when it was sent before (skipped). */
  reason?: string;
  /** The .eml file (dry run). */
  file?: string;
}

export interface SendSummary {
  /** SHA-256 of report.pdf: what "the same edition" means for the send log. */
  edition: string;
  dryRun: boolean;
  results: RecipientResult[];
  sent: number;
  failed: number;
  skipped: number;
}

/** Some recipients were not reached; the summary says who and why. */
export class SendFailedError extends DeliveryError {
  constructor(message: string, hint: string, readonly summary: SendSummary) {
    super(message, { hint });
  }
}

export const DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const REPORT_FILE = 'report.pdf';
export const DECK_FILE = 'briefing.pptx';
/** From address of a dry run without SMTP settings. */
const DRY_RUN_FROM = 'Briefsmith <briefsmith@example.invalid>';

interface Attachment extends AttachmentInfo {
  content: Buffer;
  contentType: string;
}

interface Outgoing {
  recipient: Recipient;
  email: RenderedEmail;
}

const stderrLogger: SendLogger = {
  info: (text) => process.stderr.write(`${text}\n`),
  warn: (text) => process.stderr.write(`warning: ${text}\n`),
};

export async function send(options: SendOptions): Promise<SendSummary> {
  const smtp = options.smtp ?? {};
  const problems: Problem[] = [];

  // 1. Check everything before anything is sent.
  const password = options.dryRun ? undefined : resolvePassword(smtp, problems);
  const redact = redactor(password, smtp.user);
  const baseLog = options.logger ?? stderrLogger;
  const log: SendLogger = { info: (t) => baseLog.info(redact(t)), warn: (t) => baseLog.warn(redact(t)) };

  const recipients = await gatherRecipients(options, problems);
  const attachments = await readAttachments(options, problems);
  const from = checkFrom(smtp, Boolean(options.dryRun), problems);
  if (!options.dryRun) checkConnection(smtp, password, Boolean(options.allowInsecure), problems, log);
  const templates = loadEmailTemplates(options.templatesDir);
  const outgoing: Outgoing[] = recipients.map((recipient) => ({ recipient, email: renderEmail(templates, options.email, recipient, attachments) }));
  for (const { recipient, email } of outgoing) {
    const problem = headerTextProblem(email.subject);
    if (problem) problems.push({ message: `the subject for ${recipient.address} ${problem}`, file: templates.files.subject, hint: 'keep line breaks out of the edition title and the subject template' });
    else if (!email.subject) problems.push({ message: `the subject for ${recipient.address} is empty`, file: templates.files.subject });
  }
  if (problems.length) throw problemsError(problems);

  // 2. Who already has this edition.
  const report = attachments.find((a) => a.filename === REPORT_FILE)!;
  const edition = createHash('sha256').update(report.content).digest('hex');
  const mailDir = path.join(options.outDir, 'mail');
  const logFile = path.join(mailDir, SEND_LOG);
  const delivered = deliveredFor(await readSendLog(logFile, log.warn), edition);
  const results: RecipientResult[] = [];
  const pending: Outgoing[] = [];
  for (const item of outgoing) {
    const before = delivered.get(addressKey(item.recipient.address));
    if (before && !options.resend) {
      results.push({ ...who(item.recipient), status: 'skipped', attempts: 0, messageId: before.messageId, reason: `already sent this edition on ${before.time}` });
    } else pending.push(item);
  }

  const stamp = Date.now().toString(36);
  const compose = (item: Outgoing) => mailFor(item, from, attachments, edition, stamp);

  // 3a. Dry run: write what would be sent, send nothing.
  if (options.dryRun) {
    await mkdir(mailDir, { recursive: true });
    for (const name of await readdir(mailDir)) if (name.endsWith('.eml')) await unlink(path.join(mailDir, name));
    const writer = nodemailer.createTransport({ streamTransport: true, buffer: true, disableFileAccess: true, disableUrlAccess: true });
    let n = 0;
    for (const item of pending) {
      const mail = compose(item);
      const info = await writer.sendMail(mail);
      const file = path.join(mailDir, `${String(++n).padStart(2, '0')}-${item.recipient.address.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      results.push({ ...who(item.recipient), status: 'written', attempts: 0, messageId: mail.messageId, file });
    }
    return finish(results, outgoing, edition, true, log, logFile);
  }

  // 3b. Send, one message per recipient (each greeted by name), retrying transient failures.
  if (pending.length) {
    const transport = createSmtpTransport(smtp, password, Boolean(options.allowInsecure));
    try {
      await connectOnce(transport, smtp, options.retry ?? {}, log, redact);
      for (const item of pending) {
        const mail = compose(item);
        const address = item.recipient.address;
        try {
          const { value: info, attempts } = await withRetry(() => transport.sendMail(mail), options.retry ?? {}, (error, next, delay) => {
            log.info(`  retrying ${address} in ${formatMs(delay)} (try ${next}): ${reasonOf(error)}`);
          });
          const rejected = (info.rejected ?? []).length > 0;
          if (rejected) {
            results.push({ ...who(item.recipient), status: 'failed', attempts, reason: redact(reasonOf(info.rejectedErrors?.[0] ?? 'rejected by the server')) });
            continue;
          }
          try {
            await appendSendLog(logFile, { edition, recipient: address, messageId: mail.messageId, time: new Date().toISOString() });
          } catch (error) {
            // The mail is out: count it as sent, but say that a re-run would not know.
            log.warn(`delivered to ${address} but could not record it in ${logFile} (${(error as Error).message}): a re-run would mail them again`);
          }
          results.push({ ...who(item.recipient), status: 'sent', attempts, messageId: mail.messageId });
        } catch (error) {
          const exhausted = error instanceof RetriesExhausted ? error : new RetriesExhausted(error, 1);
          const why = reasonOf(exhausted.last);
          const note = exhausted.attempts > 1 ? `gave up after ${exhausted.attempts} tries` : isPermanent(exhausted.last) ? 'permanent, not retried' : 'not retried';
          results.push({ ...who(item.recipient), status: 'failed', attempts: exhausted.attempts, reason: redact(`${why} (${note})`) });
        }
      }
    } finally {
      transport.close();
    }
  }
  return finish(results, outgoing, edition, false, log, logFile);
}

function who(r: Recipient): Pick<RecipientResult, 'name' | 'address'> {
  return r.name ? { name: r.name, address: r.address } : { address: r.address };
}

async function gatherRecipients(options: SendOptions, problems: Problem[]): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  const before = problems.length;
  if (options.recipientsFile) recipients.push(...await readRecipientsFile(options.recipientsFile, problems));
  if (options.to?.length) recipients.push(...parseToList(options.to, problems));
  if (!options.recipientsFile && !options.to?.length) {
    problems.push({ message: 'no recipients given', hint: 'pass --recipients data/recipients.yaml or --to name@example.com' });
  } else if (recipients.length === 0 && problems.length === before) {
    problems.push({ message: 'the recipients list is empty', file: options.recipientsFile, hint: 'add entries under recipients:' });
  }
  problems.push(...duplicateProblems(recipients));
  return recipients;
}

async function readAttachments(options: SendOptions, problems: Problem[]): Promise<Attachment[]> {
  const wanted: [string, string][] = [[REPORT_FILE, 'application/pdf']];
  if (options.withDeck) wanted.push([DECK_FILE, 'application/vnd.openxmlformats-officedocument.presentationml.presentation']);
  const attachments: Attachment[] = [];
  for (const [filename, contentType] of wanted) {
    const file = path.join(options.outDir, filename);
    try {
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      const content = await readFile(file);
      attachments.push({ filename, contentType, content, bytes: content.length });
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({
        message: missing ? `${filename} is missing: nothing to send` : `cannot read ${filename} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
        file,
        hint: 'run briefsmith build first, or point --out at the folder that holds the outputs',
      });
    }
  }
  const limit = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const total = attachments.reduce((sum, a) => sum + a.bytes, 0);
  if (total > limit) {
    problems.push({
      message: `the attachments (${attachments.map((a) => `${a.filename} ${formatBytes(a.bytes)}`).join(', ')}) total ${formatBytes(total)}, over the ${formatBytes(limit)} limit`,
      file: path.join(options.outDir, attachments.length > 1 ? '' : REPORT_FILE),
      hint: options.withDeck ? 'send without --with-deck, or raise --max-attachment-size if your mail server accepts more' : 'raise --max-attachment-size if your mail server accepts more',
    });
  }
  return attachments;
}

function checkFrom(smtp: SmtpSettings, dryRun: boolean, problems: Problem[]): Mailbox {
  if (!smtp.from) {
    if (!dryRun) problems.push({ message: 'no From address', field: 'BRIEFSMITH_SMTP_FROM', hint: 'set BRIEFSMITH_SMTP_FROM, e.g. "Market Desk <desk@example.com>"' });
    return parseMailbox(DRY_RUN_FROM) as Mailbox;
  }
  const parsed = parseMailbox(smtp.from);
  if ('problem' in parsed) {
    problems.push({ message: `the From address ${parsed.problem}`, field: 'BRIEFSMITH_SMTP_FROM', hint: 'write desk@example.com or "Market Desk <desk@example.com>"' });
    return parseMailbox(DRY_RUN_FROM) as Mailbox;
  }
  return parsed;
}

function checkConnection(smtp: SmtpSettings, password: string | undefined, allowInsecure: boolean, problems: Problem[], log: SendLogger): void {
  if (!smtp.host) problems.push({ message: 'no SMTP server given', field: 'BRIEFSMITH_SMTP_HOST', hint: 'set BRIEFSMITH_SMTP_HOST (and _PORT, _SECURE, _USER, _PASSWORD or _PASSWORD_FILE, _FROM), or use --dry-run' });
  else if (/[\s\r\n]/.test(smtp.host)) problems.push({ message: 'the SMTP host contains whitespace', field: 'BRIEFSMITH_SMTP_HOST' });
  const tls = smtp.tls ?? 'starttls';
  if (tls === 'none' && !allowInsecure) {
    problems.push({
      message: 'SMTP without TLS is refused: the report and the login would cross the network in clear text',
      field: 'BRIEFSMITH_SMTP_SECURE',
      hint: 'use TLS (BRIEFSMITH_SMTP_SECURE=true for port 465, or starttls for 587); for a local relay only, pass --allow-insecure',
    });
  } else if (tls === 'none' && smtp.host && !isLoopback(smtp.host)) {
    log.warn(`sending to ${smtp.host} without TLS (--allow-insecure)`);
  }
  if (smtp.user && !password && !problems.some((p) => p.file === smtp.passwordFile && smtp.passwordFile)) {
    problems.push({ message: `SMTP user ${smtp.user} has no password`, field: 'BRIEFSMITH_SMTP_PASSWORD', hint: 'set BRIEFSMITH_SMTP_PASSWORD or BRIEFSMITH_SMTP_PASSWORD_FILE (a file holding only the password)' });
  }
  if (password && !smtp.user) {
    problems.push({ message: 'an SMTP password is set but no user', field: 'BRIEFSMITH_SMTP_USER', hint: 'set BRIEFSMITH_SMTP_USER too' });
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function createSmtpTransport(smtp: SmtpSettings, password: string | undefined, allowInsecure: boolean) {
  const tls = smtp.tls ?? 'starttls';
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port ?? DEFAULT_PORT[tls],
    secure: tls === 'implicit',
    // STARTTLS is demanded, not merely tried, unless the user allowed an insecure relay.
    requireTLS: tls === 'starttls' && !allowInsecure,
    ignoreTLS: tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: password } : undefined,
    tls: smtp.caFile ? { ca: [readCa(smtp.caFile)] } : undefined,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    // Our messages carry their content inline; never let a message make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (cause) {
    throw new InputError('cannot read the CA certificate file', { file, field: 'BRIEFSMITH_SMTP_CA_FILE' }, { cause });
  }
}

type Transport = ReturnType<typeof createSmtpTransport>;

/** Connects and logs in once before any message: a wrong password or host stops the run cleanly. */
async function connectOnce(transport: Transport, smtp: SmtpSettings, retry: RetryOptions, log: SendLogger, redact: (t: string) => string): Promise<void> {
  const where = `${smtp.host}:${smtp.port ?? DEFAULT_PORT[smtp.tls ?? 'starttls']}`;
  try {
    await withRetry(() => transport.verify(), retry, (error, next, delay) => log.info(`  retrying the connection to ${where} in ${formatMs(delay)} (try ${next}): ${reasonOf(error)}`));
  } catch (error) {
    const last = error instanceof RetriesExhausted ? error.last : error;
    const e = last as { code?: string; responseCode?: number };
    const why = redact(reasonOf(last));
    if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
      throw new InputError(`the SMTP server ${where} refused the login of ${smtp.user ?? '(no user)'}: ${why}; nothing was sent`, {
        field: 'BRIEFSMITH_SMTP_USER',
        hint: 'check BRIEFSMITH_SMTP_USER and the password (BRIEFSMITH_SMTP_PASSWORD or its file)',
      });
    }
    if (e.code === 'ETLS' || /TLS|certificate|STARTTLS/i.test(why)) {
      // nodemailer's message says which step failed ("Error upgrading connection with STARTTLS: 500 …").
      const tlsWhy = redact(last instanceof Error ? last.message : why);
      throw new InputError(`no secure connection to ${where}: ${tlsWhy}; nothing was sent`, {
        field: 'BRIEFSMITH_SMTP_SECURE',
        hint: 'check BRIEFSMITH_SMTP_SECURE and _PORT (true for 465, starttls for 587); a private CA goes in BRIEFSMITH_SMTP_CA_FILE',
      });
    }
    throw new DeliveryError(`cannot connect to the SMTP server ${where}: ${why}; nothing was sent`, {
      field: 'BRIEFSMITH_SMTP_HOST',
      hint: 'check BRIEFSMITH_SMTP_HOST and _PORT, and that the server is reachable',
    });
  }
}

function mailFor(item: Outgoing, from: Mailbox, attachments: Attachment[], edition: string, stamp: string) {
  const domain = from.address.split('@')[1];
  // Unique per recipient and per run (mail systems drop repeats of a Message-ID), stable across retries.
  const who = createHash('sha256').update(addressKey(item.recipient.address)).digest('hex').slice(0, 12);
  return {
    from: from.name ? { name: from.name, address: from.address } : from.address,
    to: item.recipient.name ? { name: item.recipient.name, address: item.recipient.address } : item.recipient.address,
    subject: item.email.subject,
    text: item.email.text,
    html: item.email.html,
    messageId: `<${edition.slice(0, 12)}.${who}.${stamp}@${domain}>`,
    date: new Date(),
    headers: { 'X-Briefsmith-Edition': edition },
    attachments: attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
  };
}

function isPermanent(error: unknown): boolean {
  const e = error as { responseCode?: number };
  return typeof e?.responseCode === 'number' && e.responseCode >= 500;
}

function finish(unordered: RecipientResult[], order: Outgoing[], edition: string, dryRun: boolean, log: SendLogger, logFile: string): SendSummary {
  // Report in the order of the recipients list, whatever order they were handled in.
  const rank = new Map(order.map((o, i) => [addressKey(o.recipient.address), i]));
  const results = [...unordered].sort((a, b) => rank.get(addressKey(a.address))! - rank.get(addressKey(b.address))!);
  const count = (s: RecipientStatus) => results.filter((r) => r.status === s).length;
  const summary: SendSummary = { edition, dryRun, results, sent: count('sent'), failed: count('failed'), skipped: count('skipped') };
  const label = (r: RecipientResult) => (r.name ? `${r.name} <${r.address}>` : r.address);
  const head = dryRun
    ? `Dry run: ${count('written')} message${count('written') === 1 ? '' : 's'} written, nothing sent (edition ${edition.slice(0, 12)})`
    : `Sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped} (edition ${edition.slice(0, 12)})`;
  log.info(head);
  for (const r of results) {
    const detail = r.status === 'written' ? `: ${r.file}` : r.reason ? `: ${r.reason}` : '';
    log.info(`  ${r.status.padEnd(8)} ${label(r)}${detail}`);
  }
  if (summary.failed) {
    const failed = results.filter((r) => r.status === 'failed');
    throw new SendFailedError(
      `${summary.failed} of ${results.length} recipient${results.length === 1 ? '' : 's'} not reached: ${failed.map((r) => `${r.address}: ${r.reason}`).join('; ')}`,
      `deliveries are recorded in ${logFile}; fix the cause and run send again: only those not yet reached are sent to`,
      summary,
    );
  }
  return summary;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}

/** Replaces the password (and its AUTH PLAIN/LOGIN base64 forms) wherever it might surface. */
function redactor(password: string | undefined, user: string | undefined): (text: string) => string {
  if (!password) return (t) => t;
  const secrets = [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${user ?? ''}\u0000${password}`).toString('base64'),
  ].filter((s) => s.length >= 3);
  return (text) => secrets.reduce((t, s) => t.split(s).join('********'), text);
}
