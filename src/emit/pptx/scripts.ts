// Text in scripts the theme's fonts lack (Arabic, Hebrew, Devanagari, …) set in the fallback font the
// font plan found for it (src/fonts). A run holding such text is split where the font changes, and
// the fallback's runs name it in the Latin and complex-script slots (PowerPoint draws Arabic, Hebrew
// and Indic text from the complex-script slot, other scripts from the Latin one), with the run's
// language. The text stays in reading order: PowerPoint and LibreOffice lay out right-to-left text,
// and a paragraph whose first strong letter is right to left is marked so (rtl="1"), with its
// alignment turned to its start side (algn is physical: "r" sets it flush right).
import { startsRtl } from '../../fonts/bidi.ts';
import { languageOf, type FallbackFace, type FontPlan } from '../../fonts/index.ts';
import { escapeAttr, escapeText } from './repair.ts';

const RUN = /<a:r>(<a:rPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:rPr>))<a:t>([^<]*)<\/a:t><\/a:r>/g;

export function setScriptFonts(xml: string, plan: FontPlan): string {
  if (!plan.fallbacks.length) return xml;
  if (plan.fallbacks.some((f) => f.rtl)) xml = xml.replace(PARAGRAPH, directed);
  return xml.replace(RUN, (run, rPr: string, escaped: string) => {
    const text = unescapeXml(escaped);
    const parts = splitByFallback(text, plan);
    if (parts.length === 1 && !parts[0].fallback) return run;
    return parts.map((p) => `<a:r>${p.fallback ? withFont(rPr, p.fallback, p.text) : rPr}<a:t>${escapeText(p.text)}</a:t></a:r>`).join('');
  });
}

const PARAGRAPH = /<a:p>(<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>))?([\s\S]*?)<\/a:p>/g;
const TURNED: Record<string, string> = { l: 'r', r: 'l' };

/** A paragraph marked right to left (rtl="1") and set from the right, when its first strong letter is right to left. */
function directed(paragraph: string, pPr: string | undefined, body: string): string {
  const text = [...body.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => unescapeXml(m[1])).join('');
  if (!startsRtl(text)) return paragraph;
  const props = (pPr ?? '<a:pPr/>').replace(/^<a:pPr\b([^>]*?)(\/?)>/, (_, attrs: string, close: string) => {
    const algn = /\balgn="(\w+)"/.exec(attrs)?.[1] ?? 'l';
    const rest = attrs.replace(/\s(?:algn|rtl)="[^"]*"/g, '');
    return `<a:pPr algn="${TURNED[algn] ?? algn}" rtl="1"${rest}${close}>`;
  });
  return `<a:p>${props}${body}</a:p>`;
}

/** Stretches of text drawn by one fallback, or by the theme's fonts (no fallback); spaces go with what they follow. */
function splitByFallback(text: string, plan: FontPlan): { text: string; fallback?: FallbackFace }[] {
  const out: { text: string; fallback?: FallbackFace }[] = [];
  for (const ch of text) {
    const face = plan.faceOf(ch);
    const last = out[out.length - 1];
    const fallback = typeof face === 'object' ? face : /\s/.test(ch) && last ? last.fallback : undefined;
    if (last && last.fallback === fallback) last.text += ch;
    else out.push({ text: ch, fallback });
  }
  return out;
}

/** A run's properties with the fallback in the Latin and complex-script slots, and its language. */
function withFont(rPr: string, face: FallbackFace, text: string): string {
  const family = escapeAttr(face.family);
  const lang = languageOf(face, text);
  let out = rPr
    .replace(/<a:latin typeface="[^"]*"/, `<a:latin typeface="${family}"`)
    .replace(/<a:cs typeface="[^"]*"/, `<a:cs typeface="${family}"`);
  if (lang) out = out.replace(/^<a:rPr lang="[^"]*"/, `<a:rPr lang="${lang}"`);
  if (!out.includes('<a:latin ')) {
    const slots = `<a:latin typeface="${family}"/><a:cs typeface="${family}"/>`;
    out = out.endsWith('/>') ? `${out.slice(0, -2)}>${slots}</a:rPr>` : out.replace('</a:rPr>', `${slots}</a:rPr>`);
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
