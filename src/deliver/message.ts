// The email itself: subject, HTML body and plain-text alternative from Handlebars templates.
// HTML escaping is right for the HTML body only; the subject and text part are compiled with
// noEscape so "R&D <2025>" arrives as written, never as "R&amp;D &lt;2025&gt;".
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import MailComposer from 'nodemailer/lib/mail-composer';
import { InputError } from '../errors.ts';
import { localeOf } from '../i18n/index.ts';
import type { Recipient } from './recipients.ts';

/** What the lead's pipeline knows about this edition, already formatted for people. */
export interface EmailContext {
  /** The edition's language: the email's built-in words ({{words.…}}) are in it (default en). */
  language?: string;
  edition: { title: string; date: string };
  /** Headline figures, formatted: [{ label: "Market size 2024", value: "CNY 29.4 billion" }]. */
  headlines: { label: string; value: string }[];
  /** Lines of the diff against the previous edition; undefined when there is none. */
  diff?: string[];
}

export interface AttachmentInfo {
  filename: string;
  bytes: number;
}

export const EMAIL_TEMPLATES = {
  subject: 'email-subject.hbs',
  html: 'email.hbs',
  text: 'email-text.hbs',
} as const;

/** The templates shipped with Briefsmith, used when a templates folder has no email templates. */
const BUILTIN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');

type Render = (data: unknown) => string;
export interface EmailTemplates {
  subject: Render;
  html: Render;
  text: Render;
  files: Record<keyof typeof EMAIL_TEMPLATES, string>;
}

/**
 * The email templates for a language: the templates folder's own for that language (email.zh.hbs),
 * else its language-neutral ones (email.hbs, which say the built-in words as {{words.…}}), else
 * Briefsmith's.
 */
export function loadEmailTemplates(templatesDir: string, language?: string): EmailTemplates {
  const hb = Handlebars.create();
  const files = {} as EmailTemplates['files'];
  const compiled = {} as Record<keyof typeof EMAIL_TEMPLATES, Render>;
  for (const [part, name] of Object.entries(EMAIL_TEMPLATES) as [keyof typeof EMAIL_TEMPLATES, string][]) {
    const inLanguage = language ? [name.replace(/\.hbs$/, `.${language}.hbs`), name.replace(/\.hbs$/, `.${language.split('-')[0]}.hbs`)] : [];
    const candidates = [...inLanguage.map((n) => path.join(templatesDir, n)), path.join(templatesDir, name), ...inLanguage.map((n) => path.join(BUILTIN_DIR, n)), path.join(BUILTIN_DIR, name)];
    const file = candidates.find((f) => existsSync(f))!;
    files[part] = file;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new InputError(`cannot read the email template ${name}`, { file, hint: `put ${name} in the templates folder` }, { cause });
    }
    try {
      // Parse now (compile is lazy) so a syntax error shows before anything is sent.
      hb.parse(source);
      const template = hb.compile(source, { noEscape: part !== 'html' });
      compiled[part] = (data) => {
        try {
          return template(data);
        } catch (cause) {
          throw templateError(cause, file);
        }
      };
    } catch (cause) {
      throw templateError(cause, file);
    }
  }
  return { ...compiled, files };
}

function templateError(cause: unknown, file: string): InputError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const line = /on line (\d+)/.exec(message)?.[1];
  return new InputError(`email template error: ${message.split('\n')[0]}`, { file, line: line ? Number(line) : undefined, hint: 'check the {{…}} tags in the template' }, { cause });
}

export interface RenderedEmail {
  /** The language tag the email is written in (its Content-Language). */
  language: string;
  subject: string;
  html: string;
  text: string;
}

export function renderEmail(templates: EmailTemplates, context: EmailContext, recipient: Recipient, attachments: AttachmentInfo[]): RenderedEmail {
  const locale = localeOf(context.language ?? 'en');
  const t = locale.messages;
  // In the language's own punctuation: "report.pdf (195 KB) and …"; "report.pdf（195 KB）和…".
  const files = t.listed(attachments.map((a) => `${a.filename}${locale.format.bracket(formatBytes(a.bytes))}`));
  const data = {
    language: t.tag,
    // The built-in words, in the edition's language, for templates that do not write their own.
    words: {
      subject: t.email.subject(context.edition.title, context.edition.date),
      greeting: t.email.greeting(recipient.name),
      attached: t.email.attached(context.edition.date, context.edition.title, files),
      headlines: t.email.headlines,
      changes: t.email.changes,
      sourced: t.email.sourced,
      sentBy: t.email.sentBy,
      /** Between a headline's label and its value: ": " or "：". */
      colon: t.colon,
    },
    recipient: { ...recipient, firstName: recipient.name?.split(/\s+/)[0] },
    edition: context.edition,
    headlines: context.headlines,
    diff: context.diff && context.diff.length ? context.diff : undefined,
    attachments: attachments.map((a) => ({ filename: a.filename, size: formatBytes(a.bytes) })),
  };
  return {
    language: t.tag,
    // A subject is one line: collapse the template's own whitespace, but keep data line breaks for the check.
    subject: templates.subject(data).replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''),
    html: templates.html(data),
    text: templates.text(data).replace(/\n{3,}/g, '\n\n').trim() + '\n',
  };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** A message ready for the wire: its bytes (headers, MIME parts, base64 attachments) and envelope. */
export interface ComposedMessage {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  messageId: string;
}

export interface MessageParts {
  from: { name?: string; address: string };
  to: { name?: string; address: string };
  email: RenderedEmail;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; contentType: string }[];
}

/** Builds the whole message once, so its size on the wire is known before it is sent. */
export async function composeMessage(parts: MessageParts): Promise<ComposedMessage> {
  const mailbox = (m: { name?: string; address: string }) => (m.name ? { name: m.name, address: m.address } : m.address);
  const node = new MailComposer({
    from: mailbox(parts.from),
    to: mailbox(parts.to),
    subject: parts.email.subject,
    text: parts.email.text,
    html: parts.email.html,
    messageId: parts.messageId,
    date: new Date(),
    headers: parts.headers,
    attachments: parts.attachments,
    // Our messages carry their content inline; never let one make nodemailer read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  } as ConstructorParameters<typeof MailComposer>[0]).compile();
  const envelope = node.getEnvelope();
  return { raw: await node.build(), envelope: { from: String(envelope.from), to: envelope.to.map(String) }, messageId: node.messageId() };
}

/** Bytes of a file once base64-encoded for email: 4 characters per 3 bytes, lines of 76 with CRLF. */
export function encodedSize(bytes: number): number {
  const chars = Math.ceil(bytes / 3) * 4;
  return chars + 2 * Math.ceil(chars / 76);
}
