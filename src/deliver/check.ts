// Checks on what goes into mail headers: addresses, names and subjects. Anything that fails here
// stops the whole send before a single message leaves.
import { InputError, ValidationError, type Problem } from '../errors.ts';

/** One problem as an InputError, several as a ValidationError (all reported at once). */
export function problemsError(problems: Problem[]): InputError {
  if (problems.length === 1) {
    const { message, ...where } = problems[0];
    return new InputError(message, where);
  }
  return new ValidationError(problems);
}

// A plain ASCII addr-spec: dot-atom local part, a domain of letters/digits/hyphens with a dot.
// Stricter than RFC 5322 on purpose: quoted local parts and IP literals are nearly always typos here.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why an address is not acceptable, or undefined when it is. */
export function addressProblem(address: string): string | undefined {
  if (/[\r\n]/.test(address)) return 'contains a line break (CR/LF), which could inject mail headers';
  if (/[\u0000-\u001f\u007f]/.test(address)) return 'contains a control character';
  const at = address.lastIndexOf('@');
  if (at <= 0) return 'is not an email address (expected name@domain.tld)';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return `has an invalid part before the @ ("${local}")`;
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) {
    return `has an invalid domain ("${domain}")`;
  }
  return undefined;
}

/** Why a header text (a name, a subject) is not acceptable, or undefined. */
export function headerTextProblem(text: string): string | undefined {
  if (/[\r\n]/.test(text)) return 'contains a line break (CR/LF), which could inject mail headers';
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return 'contains a control character';
  return undefined;
}

export interface Mailbox {
  name?: string;
  address: string;
}

/**
 * Reads "Name <name@example.com>", "\"Name\" <name@example.com>" or a bare "name@example.com".
 * Returns the reason when it is not one of those.
 */
export function parseMailbox(text: string): Mailbox | { problem: string } {
  const breakProblem = headerTextProblem(text);
  if (breakProblem) return { problem: breakProblem };
  const angled = /^\s*(?:"([^"]*)"|([^"<>]*?))\s*<([^<>]*)>\s*$/.exec(text);
  const name = angled ? (angled[1] ?? angled[2] ?? '').trim() : undefined;
  const address = (angled ? angled[3] : text).trim();
  const problem = addressProblem(address);
  if (problem) return { problem: `"${address}" ${problem}` };
  return name ? { name, address } : { address };
}

/** Addresses compare case-insensitively in practice (the domain by standard, the local part by custom). */
export function addressKey(address: string): string {
  return address.trim().toLowerCase();
}
