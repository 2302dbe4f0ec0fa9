// What send() checks before a single message leaves: the recipients, the attachments (their size as
// sent, base64 and all), the From address and the connection settings. Problems are gathered, not thrown.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../errors.ts';
import { parseMailbox, type Mailbox } from './check.ts';
import { encodedSize, formatBytes } from './message.ts';
import { duplicateProblems, parseToList, readRecipientsFile, type Recipient } from './recipients.ts';
import type { SmtpSettings } from './settings.ts';

export const REPORT_FILE = 'report.pdf';
export const DECK_FILE = 'briefing.pptx';
/** From address of a dry run without SMTP settings. */
const DRY_RUN_FROM = 'Briefsmith <briefsmith@example.invalid>';

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
  bytes: number;
  sha256: string;
}

export interface RecipientSources {
  recipientsFile?: string;
  to?: string[];
  recipients?: Recipient[];
}

export async function gatherRecipients(options: RecipientSources, problems: Problem[]): Promise<Recipient[]> {
  const recipients: Recipient[] = [...(options.recipients ?? [])];
  const before = problems.length;
  if (options.recipientsFile) recipients.push(...await readRecipientsFile(options.recipientsFile, problems));
  if (options.to?.length) recipients.push(...parseToList(options.to, problems));
  if (!options.recipientsFile && !options.to?.length && !options.recipients?.length) {
    problems.push({ message: 'no recipients given', hint: 'pass --recipients data/recipients.yaml or --to name@example.com' });
  } else if (recipients.length === 0 && problems.length === before) {
    problems.push({ message: 'the recipients list is empty', file: options.recipientsFile, hint: 'add entries under recipients:' });
  }
  problems.push(...duplicateProblems(recipients));
  return recipients;
}

/**
 * Reads report.pdf (and the deck) from outDir. The limit applies to their size as sent: base64 makes
 * every 3 bytes 4, so a 20 MB report is ~27 MB on the wire.
 */
export async function readAttachments(outDir: string, withDeck: boolean, limit: number, problems: Problem[]): Promise<Attachment[]> {
  const wanted: [string, string][] = [[REPORT_FILE, 'application/pdf']];
  if (withDeck) wanted.push([DECK_FILE, 'application/vnd.openxmlformats-officedocument.presentationml.presentation']);
  const attachments: Attachment[] = [];
  for (const [filename, contentType] of wanted) {
    const file = path.join(outDir, filename);
    try {
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      const content = await readFile(file);
      attachments.push({ filename, contentType, content, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    } catch (cause) {
      const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
      problems.push({
        message: missing ? `${filename} is missing: nothing to send` : `cannot read ${filename} (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
        file,
        hint: 'run briefsmith build first, or point --out at the folder that holds the outputs',
      });
    }
  }
  const encoded = attachments.reduce((sum, a) => sum + encodedSize(a.bytes), 0);
  if (encoded > limit) {
    problems.push({
      message: `the attachments (${attachments.map((a) => `${a.filename} ${formatBytes(a.bytes)}`).join(', ')}) are ${formatBytes(encoded)} once encoded for email, over the ${formatBytes(limit)} limit`,
      file: path.join(outDir, attachments.length > 1 ? '' : REPORT_FILE),
      hint: `email carries files in base64, a third larger than on disk; ${withDeck ? 'send without --with-deck, or ' : ''}raise --max-attachment-size if your mail server accepts more`,
    });
  }
  return attachments;
}

/** The From mailbox; a dry run without one shows a placeholder. */
export function checkFrom(smtp: SmtpSettings, dryRun: boolean, problems: Problem[]): Mailbox {
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

export function checkConnection(smtp: SmtpSettings, password: string | undefined, allowInsecure: boolean, problems: Problem[], warn: (text: string) => void): void {
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
    warn(`sending to ${smtp.host} without TLS (--allow-insecure)`);
  }
  if (smtp.user && !password && !problems.some((p) => p.file === smtp.passwordFile && smtp.passwordFile)) {
    problems.push({ message: `SMTP user ${smtp.user} has no password`, field: 'BRIEFSMITH_SMTP_PASSWORD', hint: 'set BRIEFSMITH_SMTP_PASSWORD or BRIEFSMITH_SMTP_PASSWORD_FILE (a file holding only the password)' });
  }
  if (password && !smtp.user) {
    problems.push({ message: 'an SMTP password is set but no user', field: 'BRIEFSMITH_SMTP_USER', hint: 'set BRIEFSMITH_SMTP_USER too' });
  }
  if (smtp.caFile) {
    const problem = caFileProblem(smtp.caFile);
    if (problem) problems.push({ message: problem.message, file: smtp.caFile, field: 'BRIEFSMITH_SMTP_CA_FILE', hint: problem.hint });
  }
}

/** Why a CA file cannot be used: unreadable, binary (DER) rather than PEM, or a damaged certificate. */
export function caFileProblem(file: string): { message: string; hint: string } | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    return { message: `cannot read the CA certificate file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, hint: 'check BRIEFSMITH_SMTP_CA_FILE' };
  }
  const blocks = bytes.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
  if (!blocks) {
    let der = false;
    try { new X509Certificate(bytes); der = true; } catch { /* neither PEM nor DER */ }
    return der
      ? { message: 'the CA certificate file is in binary (DER) form, not PEM', hint: `convert it: openssl x509 -inform der -in ${file} -out ${file}.pem, and point BRIEFSMITH_SMTP_CA_FILE at the .pem` }
      : { message: 'the CA certificate file is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)', hint: 'give the PEM file of the authority that signed the server\'s certificate' };
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (cause) {
      return { message: `certificate ${i + 1} in the CA file is damaged (${(cause as Error).message})`, hint: 'export the authority\'s certificate again in PEM form' };
    }
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Replaces the password (and its AUTH PLAIN/LOGIN base64 forms) wherever it might surface. */
export function redactor(password: string | undefined, user: string | undefined): (text: string) => string {
  if (!password) return (t) => t;
  const secrets = [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\u0000${user ?? ''}\u0000${password}`).toString('base64'),
  ].filter((s) => s.length >= 3);
  return (text) => secrets.reduce((t, s) => t.split(s).join('********'), text);
}
