// deliver: email out/report.pdf (and the deck) to a list of people over SMTP.
// Everything is checked before the first message leaves. Each delivery is claimed in the ledger before
// it is sent and recorded when the server accepts it, so neither a re-run nor a run at the same time
// mails anyone the same edition twice (see ledger.ts for the one window SMTP leaves open). One
// connection serves the whole run and ends with QUIT; the password is never printed.
import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeliveryError, type Problem } from '../errors.ts';
import { addressKey, headerTextProblem, problemsError } from './check.ts';
import { Ledger, deliveryId, type DeliveryKey } from './ledger.ts';
import { composeMessage, formatBytes, loadEmailTemplates, renderEmail, type ComposedMessage, type EmailContext, type EmailTemplates, type RenderedEmail } from './message.ts';
import { checkConnection, checkFrom, gatherRecipients, readAttachments, redactor, type Attachment } from './preflight.ts';
import type { Recipient } from './recipients.ts';
import { RetriesExhausted, isTransient, reasonOf, withRetry, type RetryOptions } from './retry.ts';
import { SmtpSession, openFailure } from './session.ts';
import { resolvePassword, type SmtpSettings } from './settings.ts';

export type { EmailContext } from './message.ts';
export type { Recipient } from './recipients.ts';
export type { RetryOptions } from './retry.ts';
export { Ledger, deliveryId, SEND_LOG, DEAD_LOG, type DeliveryKey, type SentRecord, type DeadRecord } from './ledger.ts';
export { SmtpSession, openFailure } from './session.ts';
export { REPORT_FILE, DECK_FILE } from './preflight.ts';
export { smtpSettingsFromEnv, parseTlsMode, resolvePassword, type SmtpSettings, type TlsMode } from './settings.ts';

export interface SendLogger {
  info(text: string): void;
  warn(text: string): void;
}

/** Which edition this is, for the ledger: the edition's id (its date), the variant and the language. */
export interface DeliveryScope {
  edition: string;
  /** '' (the default) for the edition without a variant. */
  variant?: string;
  language: string;
}

/** One language's edition to send: where its files are, its ledger key and what its email says. */
export interface EditionToSend {
  /** The folder holding its report.pdf (and briefing.pptx). */
  outDir: string;
  scope: DeliveryScope;
  email: EmailContext;
}

export interface SendOptions {
  /** The folder holding report.pdf (and briefing.pptx); .eml files go to <outDir>/mail. */
  outDir: string;
  /** A YAML file with `recipients: [{ name, address, language?, variant?, notes? }]`. */
  recipientsFile?: string;
  /** Extra or only recipients: "name@example.com" or "Name <name@example.com>". */
  to?: string[];
  /** Recipients given by code (a queue job's one recipient). */
  recipients?: Recipient[];
  scope: DeliveryScope;
  /**
   * The edition in each language, when there are several: each recipient gets the one in their
   * language (the first when they name none), and a language with no edition stops the run before
   * anything is sent. Without it: one edition, from outDir, scope and email. The ledger and the .eml
   * files of a dry run stay in <outDir>/mail.
   */
  editions?: EditionToSend[];
  /** Attach briefing.pptx too. */
  withDeck?: boolean;
  /** Write one .eml per recipient to <outDir>/mail and send nothing. */
  dryRun?: boolean;
  /** Send even to those the ledger says already have this edition. */
  resend?: boolean;
  /** Allow SMTP without TLS (a local relay). */
  allowInsecure?: boolean;
  /** Largest total size of the attachments as sent, base64-encoded (default 20 MB). */
  maxAttachmentBytes?: number;
  /** SMTP settings (see smtpSettingsFromEnv); a dry run uses only `from`. */
  smtp?: SmtpSettings;
  email: EmailContext;
  /** Folder with email.hbs, email-text.hbs and email-subject.hbs (the built-in ones fill gaps). */
  templatesDir: string;
  /** The delivery ledger (default: <outDir>/mail/sent.jsonl). */
  ledger?: Ledger;
  /** An open session to send through (a queue worker's, left open); otherwise one for this run, closed with QUIT. */
  session?: SmtpSession;
  /** Messages a second at most, for relays with a rate limit. */
  rate?: number;
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
  /** Why it failed, or why it was skipped. */
  reason?: string;
  /** A failure no retry would mend (5xx, size): a queue dead-letters it at once. */
  permanent?: boolean;
  /** The .eml file (dry run). */
  file?: string;
}

export interface SendSummary {
  /** The ledger key's edition part. */
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

interface Outgoing {
  recipient: Recipient;
  email: RenderedEmail;
  key: DeliveryKey;
  attachments: Attachment[];
}

const stderrLogger: SendLogger = {
  info: (text) => process.stderr.write(`${text}\n`),
  warn: (text) => process.stderr.write(`warning: ${text}\n`),
};

export async function send(options: SendOptions): Promise<SendSummary> {
  const smtp = options.smtp ?? {};
  const dryRun = Boolean(options.dryRun);
  const problems: Problem[] = [];

  // 1. Check everything before anything is sent.
  const password = dryRun || options.session ? undefined : resolvePassword(smtp, problems);
  const redact = redactor(password ?? smtp.password, smtp.user);
  const baseLog = options.logger ?? stderrLogger;
  const log: SendLogger = { info: (t) => baseLog.info(redact(t)), warn: (t) => baseLog.warn(redact(t)) };

  const recipients = await gatherRecipients(options, problems);
  const editions = options.editions?.length ? options.editions : [{ outDir: options.outDir, scope: options.scope, email: options.email }];
  // Each reader's edition is the one in their language: known for all before anything is read or sent.
  const routed = recipients.map((recipient) => ({ recipient, edition: editionFor(recipient, editions, problems) }));
  const limit = options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const files = new Map<EditionToSend, Attachment[]>();
  // The first edition's files are checked even when no reader could be routed: every problem at once.
  for (const edition of new Set([...routed.flatMap((r) => r.edition ?? []), editions[0]])) files.set(edition, await readAttachments(edition.outDir, Boolean(options.withDeck), limit, problems));
  const from = checkFrom(smtp, dryRun, problems);
  if (!dryRun && !options.session) checkConnection(smtp, password, Boolean(options.allowInsecure), problems, log.warn);
  const templatesOf = new Map<string, EmailTemplates>();
  const templatesFor = (language: string) => templatesOf.get(language) ?? templatesOf.set(language, loadEmailTemplates(options.templatesDir, language)).get(language)!;
  const outgoing: Outgoing[] = routed.flatMap(({ recipient, edition }) => {
    if (!edition) return [];
    const attachments = files.get(edition)!;
    const scope = { variant: '', ...edition.scope };
    const templates = templatesFor(scope.language);
    const email = renderEmail(templates, edition.email, recipient, attachments);
    const problem = headerTextProblem(email.subject);
    if (problem) problems.push({ message: `the subject for ${recipient.address} ${problem}`, file: templates.files.subject, hint: 'keep line breaks out of the edition title and the subject template' });
    else if (!email.subject) problems.push({ message: `the subject for ${recipient.address} is empty`, file: templates.files.subject });
    return [{
      recipient, email, attachments,
      key: { edition: scope.edition, variant: scope.variant, language: scope.language, recipient: recipient.address, attachments: attachments.map((a) => ({ name: a.filename, sha256: a.sha256 })) },
    }];
  });
  if (problems.length) throw problemsError(problems);
  const scope = { variant: '', ...editions[0].scope };

  const mailDir = path.join(options.outDir, 'mail');
  const ledger = options.ledger ?? new Ledger(mailDir, undefined, log.warn);
  // --resend gives the messages new Message-IDs: mail systems drop a message whose id they have seen.
  const resendStamp = options.resend ? `.${Date.now().toString(36)}` : '';
  const compose = (item: Outgoing) => composeMessage({
    from, to: item.recipient, email: item.email, attachments: item.attachments,
    messageId: `<${deliveryId(item.key).slice(0, 32)}${resendStamp}@${from.address.split('@')[1]}>`,
    headers: { 'X-Briefsmith-Edition': [item.key.edition, item.key.variant, item.key.language].filter(Boolean).join(' '), 'Content-Language': item.email.language },
  });

  // 2. Who already has this edition.
  const results: RecipientResult[] = [];
  const pending: Outgoing[] = [];
  for (const item of outgoing) {
    const before = options.resend ? undefined : await ledger.sentRecord(item.key);
    if (before) results.push({ ...who(item.recipient), status: 'skipped', attempts: 0, messageId: before.messageId, reason: `already sent this edition on ${before.time}` });
    else pending.push(item);
  }

  // 3a. Dry run: write what would be sent, send nothing.
  if (dryRun) {
    await mkdir(mailDir, { recursive: true });
    for (const name of await readdir(mailDir)) if (name.endsWith('.eml')) await unlink(path.join(mailDir, name));
    let n = 0;
    for (const item of pending) {
      const message = await compose(item);
      const file = path.join(mailDir, `${String(++n).padStart(2, '0')}-${item.recipient.address.replace(/[^A-Za-z0-9@._-]/g, '_')}.eml`);
      await writeFile(file, message.raw);
      results.push({ ...who(item.recipient), status: 'written', attempts: 0, messageId: message.messageId, file });
    }
    return finish(results, outgoing, scope.edition, true, log, ledger.dir);
  }

  // 3b. Send, one message per recipient (each greeted by name) over one session.
  if (pending.length) {
    const session = options.session ?? new SmtpSession({ smtp, password, allowInsecure: Boolean(options.allowInsecure), rate: options.rate });
    const retry = options.retry ?? {};
    try {
      if (!options.session) await openSession(session, smtp, retry, log, redact);
      const largest = pending.reduce((a, b) => (totalBytes(b.attachments) > totalBytes(a.attachments) ? b : a));
      await checkServerSize(session, await compose(largest), largest.attachments);
      for (const item of pending) results.push(await deliverOne(item, { session, ledger, compose, retry, log, redact, resend: Boolean(options.resend) }));
    } finally {
      if (!options.session) await session.close();
    }
  }
  return finish(results, outgoing, scope.edition, false, log, ledger.dir);
}

interface DeliveryContext {
  session: SmtpSession;
  ledger: Ledger;
  compose: (item: Outgoing) => Promise<ComposedMessage>;
  retry: RetryOptions;
  log: SendLogger;
  redact: (text: string) => string;
  resend: boolean;
}

/** Claims, sends and records one delivery; retries transient failures. */
async function deliverOne(item: Outgoing, c: DeliveryContext): Promise<RecipientResult> {
  const address = item.recipient.address;
  const claimed = await c.ledger.claim(item.key);
  if ('heldBy' in claimed) return { ...who(item.recipient), status: 'skipped', attempts: 0, reason: `being sent by another run (${claimed.heldBy})` };
  const { claim } = claimed;
  let recorded = false;
  try {
    // Another run may have sent it between our first look and the claim.
    const before = c.resend ? undefined : await c.ledger.sentRecord(item.key);
    if (before) return { ...who(item.recipient), status: 'skipped', attempts: 0, messageId: before.messageId, reason: `already sent this edition on ${before.time}` };
    const message = await c.compose(item);
    let attempts = 0;
    try {
      const { value: accepted } = await withRetry(() => { attempts++; return c.session.send(message.envelope, message.raw); }, c.retry, (error, next, delay) => {
        c.log.info(`  retrying ${address} in ${formatMs(delay)} (try ${next}): ${reasonOf(error)}`);
      });
      if (accepted.rejected.length) {
        const error = accepted.rejectedErrors?.[0];
        return { ...who(item.recipient), status: 'failed', attempts, permanent: !isTransient(error), reason: c.redact(reasonOf(error ?? 'rejected by the server')) };
      }
      try {
        await c.ledger.recordSent(claim, { ...item.key, messageId: message.messageId, time: new Date().toISOString(), response: accepted.response });
        recorded = true;
      } catch (error) {
        // The mail is out: count it as sent, but say that a re-run would not know.
        c.log.warn(`delivered to ${address} but could not record it in ${c.ledger.dir} (${(error as Error).message}): a re-run would mail them again`);
      }
      return { ...who(item.recipient), status: 'sent', attempts, messageId: message.messageId };
    } catch (error) {
      const last = error instanceof RetriesExhausted ? error.last : error;
      // Only a refusal of this message or recipient is final; a connection or login that failed mid-run is not.
      const permanent = !isTransient(last) && (last as { stage?: string }).stage !== 'connect';
      const note = attempts > 1 ? `gave up after ${attempts} tries` : permanent ? 'permanent, not retried' : 'not retried';
      return { ...who(item.recipient), status: 'failed', attempts, permanent, reason: c.redact(`${reasonOf(last)} (${note})`) };
    }
  } finally {
    if (!recorded) await c.ledger.release(claim);
  }
}

/** Connects and logs in once before any message: a wrong password, TLS mode or host stops the run cleanly. */
async function openSession(session: SmtpSession, smtp: SmtpSettings, retry: RetryOptions, log: SendLogger, redact: (t: string) => string): Promise<void> {
  try {
    await withRetry(() => session.open(), retry, (error, next, delay) => log.info(`  retrying the connection to ${session.where} in ${formatMs(delay)} (try ${next}): ${reasonOf(error)}`));
  } catch (error) {
    throw openFailure(error instanceof RetriesExhausted ? error.last : error, session, smtp, redact);
  }
}

/** A server that names its size limit (EHLO SIZE) is not sent a copy per recipient that it would refuse. */
async function checkServerSize(session: SmtpSession, sample: ComposedMessage, attachments: Attachment[]): Promise<void> {
  // Messages differ only in the greeting: the first one, with some room for longer names, stands for all.
  const size = sample.raw.length + 1024;
  if (session.maxSize && size > session.maxSize) {
    throw problemsError([{
      message: `the server at ${session.where} takes messages up to ${formatBytes(session.maxSize)} (EHLO SIZE); this one is ${formatBytes(sample.raw.length)} as sent (${attachments.map((a) => `${a.filename} ${formatBytes(a.bytes)}`).join(', ')}, base64-encoded); nothing was sent`,
      field: '--max-attachment-size',
      hint: 'send the report alone (without --with-deck), or make it smaller (fewer or smaller charts, --only report)',
    }]);
  }
}

const totalBytes = (attachments: Attachment[]) => attachments.reduce((sum, a) => sum + a.bytes, 0);

/**
 * The edition a reader gets: the one in their language (en-GB reads an en edition), the first when they
 * name none. A language the edition is not built in is a problem: nobody gets a language they cannot read.
 */
function editionFor(recipient: Recipient, editions: EditionToSend[], problems: Problem[]): EditionToSend | undefined {
  if (!recipient.language) return editions[0];
  const primary = (l: string) => l.split('-')[0].toLowerCase();
  const found = editions.find((e) => e.scope.language.toLowerCase() === recipient.language!.toLowerCase())
    ?? editions.find((e) => primary(e.scope.language) === primary(recipient.language!));
  if (!found) {
    problems.push({
      message: `${recipient.name ? `${recipient.name} <${recipient.address}>` : recipient.address} reads ${recipient.language}, and the edition has no ${recipient.language} language (it is built in ${editions.map((e) => e.scope.language).join(', ')}); nothing was sent`,
      field: 'language',
      hint: `add ${recipient.language} to edition.languages in the data (with its texts and templates), or give this reader language: ${editions[0].scope.language}`,
    });
  }
  return found;
}

function who(r: Recipient): Pick<RecipientResult, 'name' | 'address'> {
  return r.name ? { name: r.name, address: r.address } : { address: r.address };
}

function finish(unordered: RecipientResult[], order: Outgoing[], edition: string, dryRun: boolean, log: SendLogger, ledgerDir: string): SendSummary {
  // Report in the order of the recipients list, whatever order they were handled in.
  const rank = new Map(order.map((o, i) => [addressKey(o.recipient.address), i]));
  const results = [...unordered].sort((a, b) => rank.get(addressKey(a.address))! - rank.get(addressKey(b.address))!);
  const count = (s: RecipientStatus) => results.filter((r) => r.status === s).length;
  const summary: SendSummary = { edition, dryRun, results, sent: count('sent'), failed: count('failed'), skipped: count('skipped') };
  const label = (r: RecipientResult) => (r.name ? `${r.name} <${r.address}>` : r.address);
  const head = dryRun
    ? `Dry run: ${count('written')} message${count('written') === 1 ? '' : 's'} written, nothing sent (edition ${edition})`
    : `Sent ${summary.sent}, failed ${summary.failed}, skipped ${summary.skipped} (edition ${edition})`;
  log.info(head);
  for (const r of results) {
    const detail = r.status === 'written' ? `: ${r.file}` : r.reason ? `: ${r.reason}` : '';
    log.info(`  ${r.status.padEnd(8)} ${label(r)}${detail}`);
  }
  if (summary.failed) {
    const failed = results.filter((r) => r.status === 'failed');
    throw new SendFailedError(
      `${summary.failed} of ${results.length} recipient${results.length === 1 ? '' : 's'} not reached: ${failed.map((r) => `${r.address}: ${r.reason}`).join('; ')}`,
      `deliveries are recorded in ${path.join(ledgerDir, 'sent.jsonl')}; fix the cause and run send again: only those not yet reached are sent to`,
      summary,
    );
  }
  return summary;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s` : `${ms} ms`;
}

