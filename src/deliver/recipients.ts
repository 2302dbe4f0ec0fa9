// Who gets the report: a recipients file (recipients: [{name, address, language?, variant?, notes?}]) and/or --to.
import { formatLocation, InputError, ValidationError, type Location, type Problem } from '../errors.ts';
import { parseDataText, readInputFile } from '../load/index.ts';
import { addressKey, addressProblem, headerTextProblem, parseMailbox } from './check.ts';

export interface Recipient {
  /** Used in the greeting and the To header; absent for a bare --to address. */
  name?: string;
  address: string;
  /** e.g. "en", "zh"; passed to the email template. */
  language?: string;
  /** The variant (an id under variants: in the data) whose edition this reader gets; none: the edition without one. */
  variant?: string;
  /** Free text for the analysts; passed to the template, not shown by the default one. */
  notes?: string;
}

const KEYS = ['name', 'address', 'language', 'variant', 'notes'];

/** Where each recipient read from a file is listed, so that a duplicate names both places. */
const listedAt = new WeakMap<Recipient, Location>();

/**
 * Reads a recipients file. Every problem (with file, line, field) goes into `problems`. With `variants`
 * (the ids the data declares), a recipient's variant: must be one of them.
 */
export async function readRecipientsFile(file: string, problems: Problem[], variants?: string[]): Promise<Recipient[]> {
  let text: string;
  let shown: string;
  try {
    ({ text, path: shown } = readInputFile(file));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems.map((p) => ({ ...p, message: `the recipients file ${p.message}`, hint: p.hint ?? 'pass --recipients with a YAML file such as data/recipients.yaml, or --to name@example.com' })));
    return [];
  }
  let source;
  try {
    source = parseDataText(text, shown);
  } catch (error) {
    if (error instanceof ValidationError) { problems.push(...error.problems); return []; }
    throw error;
  }
  const root = source.value as { recipients?: unknown } | null;
  const list = root && typeof root === 'object' ? root.recipients : undefined;
  if (!Array.isArray(list)) {
    problems.push({ message: 'expected a list under "recipients:"', ...source.positionOf(['recipients']), field: 'recipients', hint: 'write recipients: and one "- name: … / address: …" entry per person' });
    return [];
  }
  const recipients: Recipient[] = [];
  list.forEach((entry: unknown, i) => {
    const where = (key?: string) => ({ ...source.positionOf(key ? ['recipients', i, key] : ['recipients', i]), field: `recipients[${i}]${key ? `.${key}` : ''}` });
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push({ message: 'each recipient must be a mapping with name: and address:', ...where() });
      return;
    }
    const e = entry as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(e)) {
      if (!KEYS.includes(key)) { problems.push({ message: `unknown field "${key}"`, ...where(key), hint: `a recipient has ${KEYS.join(', ')}` }); ok = false; }
    }
    for (const key of KEYS) {
      const value = e[key];
      if (value === undefined || value === null) {
        if (key === 'address' || key === 'name') { problems.push({ message: `${key} is missing`, ...where(), field: `recipients[${i}].${key}`, hint: key === 'address' ? 'add address: name@example.com' : 'add name: (used in the greeting)' }); ok = false; }
        continue;
      }
      if (typeof value !== 'string' || value.trim() === '') { problems.push({ message: `${key} must be a non-empty string`, ...where(key) }); ok = false; continue; }
      if (key === 'notes') continue;
      if (key === 'variant') {
        if (variants && !variants.includes(value.trim())) {
          problems.push({ message: `no variant "${value.trim()}" in the data`, ...where(key), hint: variants.length ? `variants: ${variants.join(', ')}` : 'the data declares no variants: remove variant:, or add a variants: section' });
          ok = false;
        }
        continue;
      }
      const problem = key === 'address' ? addressProblem(value.trim()) : headerTextProblem(value);
      if (problem) {
        problems.push({ message: `${key} ${problem}`, ...where(key), hint: key === 'address' ? 'write one plain address, e.g. ann.lee@example.com' : 'put the name on one line' });
        ok = false;
      }
    }
    if (!ok) return;
    const r: Recipient = { name: String(e.name).trim(), address: String(e.address).trim() };
    if (typeof e.language === 'string') r.language = e.language.trim();
    if (typeof e.variant === 'string') r.variant = e.variant.trim();
    if (typeof e.notes === 'string') r.notes = e.notes;
    listedAt.set(r, source.positionOf(['recipients', i, 'address']));
    recipients.push(r);
  });
  return recipients;
}

/** Reads --to values: "Name <a@example.com>" or "a@example.com"; several may be comma-separated. */
export function parseToList(values: string[], problems: Problem[]): Recipient[] {
  const out: Recipient[] = [];
  for (const value of values) {
    for (const part of splitAddressList(value)) {
      const mailbox = parseMailbox(part);
      if ('problem' in mailbox) problems.push({ message: `--to ${mailbox.problem}`, field: '--to', hint: 'write name@example.com or "Name <name@example.com>"' });
      else out.push(mailbox);
    }
  }
  return out;
}

/** Splits at commas outside quotes and angle brackets. */
function splitAddressList(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angled = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angled = true;
    else if (ch === '>' && !quoted) angled = false;
    if (ch === ',' && !quoted && !angled) { parts.push(current); current = ''; } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The same address twice would mail someone twice in one run: refuse it. */
export function duplicateProblems(recipients: Recipient[]): Problem[] {
  const first = new Map<string, Recipient>();
  const problems: Problem[] = [];
  for (const r of recipients) {
    const key = addressKey(r.address);
    const earlier = first.get(key);
    if (earlier) {
      const before = listedAt.get(earlier);
      const where = listedAt.get(r) ?? { field: '--to' };
      problems.push({
        message: `${r.address} is listed more than once (first ${before ? `at ${formatLocation(before)}` : 'in --to'})`, ...where,
        hint: 'list each address once (the recipients file and --to together)',
      });
    } else first.set(key, r);
  }
  return problems;
}
