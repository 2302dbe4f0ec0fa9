// HTML built so that data can never become markup: every value interpolated into the `html` template
// tag is escaped, unless it is itself markup made by `html` (or `raw` for the few constant strings).
import { CJK } from '../common.ts';

/** A piece of markup that is safe to insert as it is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = Markup | string | number | boolean | null | undefined | readonly Value[];

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function render(value: Value): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** `html\`<p class="x">${text}</p>\``: the interpolated values escaped, arrays joined, nullish dropped. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0];
  values.forEach((v, i) => { out += render(v) + strings[i + 1]; });
  return new Markup(out);
}

/** Markup written in this code (constant strings, never data). */
export function raw(text: string): Markup {
  return new Markup(text);
}

const CJK_RUN = new RegExp(`(?:${CJK.source})+(?:[\\s\\d,.:;·–-]*(?:${CJK.source})+)*`, 'g');

/**
 * Text with its Chinese (CJK) stretches marked `lang="zh"`, so that a browser sets them in a CJK face
 * (the page's own language is the edition's).
 */
export function textWithLang(text: string, language: string): Markup {
  if (language.startsWith('zh') || !CJK.test(text)) return html`${text}`;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(CJK_RUN)) {
    out += escapeHtml(text.slice(last, m.index)) + `<span lang="zh">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return raw(out + escapeHtml(text.slice(last)));
}
