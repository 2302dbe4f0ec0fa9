// Repairs of single XML parts that pptxgenjs writes in a way PowerPoint, the ECMA-376 schemas or a
// CJK reader do not accept. Each function takes a part's XML and returns it fixed; package.ts decides
// which part gets which repair.
import { hasCjk } from '../common.ts';

export interface FontSlots {
  latin: string;
  cjk: string;
}

/** a:pPr may only open a paragraph, but pptxgenjs writes one before every run of it. */
export function dropRepeatedParagraphProps(xml: string): string {
  return xml.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_p, body: string) => {
    let seenRun = false;
    const fixed = body.replace(/<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)|<a:r>|<a:fld\b/g, (token) => {
      if (token.startsWith('<a:pPr')) return seenRun ? '' : token;
      seenRun = true;
      return token;
    });
    return `<a:p>${fixed}</a:p>`;
  });
}

/**
 * pptxgenjs writes one typeface into the Latin, East Asian and complex-script slots, so Chinese would
 * fall back to whatever font the viewer picks. Latin text gets the Latin font, CJK the CJK font, and
 * runs holding CJK say so (altLang), which is what PowerPoint writes for mixed text.
 */
export function setFontSlots(xml: string, fonts: FontSlots): string {
  return xml
    .replace(/<a:latin typeface="[^"]*"/g, `<a:latin typeface="${escapeAttr(fonts.latin)}"`)
    .replace(/<a:ea typeface="[^"]*"/g, `<a:ea typeface="${escapeAttr(fonts.cjk)}"`)
    .replace(/<a:cs typeface="[^"]*"/g, `<a:cs typeface="${escapeAttr(fonts.latin)}"`)
    .replace(/<a:r><a:rPr lang="en-US"(?![^>]*altLang)([^>]*>[\s\S]*?<a:t>)([^<]*)<\/a:t>/g, (run, rest: string, text: string) =>
      (hasCjk(text) ? `<a:r><a:rPr lang="en-US" altLang="zh-CN"${rest}${text}</a:t>` : run));
}

/**
 * Every run in the edition's language. pptxgenjs marks all text en-US; a Chinese deck's runs say
 * zh-CN (with en-US as the alternative for the Latin words in them), so that PowerPoint and
 * LibreOffice apply Chinese line breaking and proofing. An English deck keeps what pptxgenjs wrote.
 */
export function setLanguage(xml: string, tag: string): string {
  if (/^en(-|$)/i.test(tag)) return xml;
  const lang = escapeAttr(tag);
  return xml
    .replace(/(<a:(?:rPr|endParaRPr|defRPr)\b[^>]*?) altLang="[^"]*"/g, '$1')
    .replace(/(<a:(?:rPr|endParaRPr|defRPr)\b[^>]*?) lang="en-US"/g, `$1 lang="${lang}" altLang="en-US"`);
}

/** The theme's font scheme: the Latin and East Asian fonts, and the Simplified Chinese script font. */
export function setThemeFonts(xml: string, fonts: FontSlots): string {
  return xml
    .replace(/(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"/g, `$1${escapeAttr(fonts.latin)}"`)
    .replace(/<a:ea typeface="[^"]*"\s*\/>/g, `<a:ea typeface="${escapeAttr(fonts.cjk)}"/>`)
    .replace(/<a:font script="Hans" typeface="[^"]*"\s*\/>/g, `<a:font script="Hans" typeface="${escapeAttr(fonts.cjk)}"/>`);
}

/** Named (preset) colours are a known repair trigger (PptxGenJS #588): the notes master uses "black". */
export function replaceNamedColours(xml: string): string {
  const hex: Record<string, string> = { black: '000000', white: 'FFFFFF' };
  return xml.replace(/<a:prstClr val="([a-zA-Z]+)"\s*\/>/g, (_m, name: string) => `<a:srgbClr val="${hex[name] ?? '000000'}"/>`);
}

/**
 * pptxgenjs writes a slide's notes as one run, so the talk track's paragraphs would run together:
 * each line becomes its own paragraph (blank lines between them dropped).
 */
export function splitNotesParagraphs(xml: string): string {
  return xml.replace(/<a:p><a:r>(<a:rPr [^>]*\/>|<a:rPr [^>]*>[\s\S]*?<\/a:rPr>)<a:t>([^<]*\n[^<]*)<\/a:t><\/a:r>(<a:endParaRPr [^>]*\/>)?<\/a:p>/g,
    (_p, rPr: string, text: string, end = '') => text.split(/\r?\n/).filter((line) => line.trim())
      .map((line) => `<a:p><a:r>${rPr}<a:t>${line}</a:t></a:r>${end}</a:p>`).join(''));
}

/**
 * Notes slides number their slide through a placeholder idx="10" that the notes master does not
 * have (its slide number is idx 5): point them at the master's.
 */
export function matchNotesPlaceholders(xml: string): string {
  return xml.replace(/<p:ph type="sldNum" sz="quarter" idx="10"\/>/g, '<p:ph type="sldNum" sz="quarter" idx="5"/>');
}

/** pptxgenjs stamps the same p14:creationId on every slide; PowerPoint gives each its own. */
export function uniqueCreationId(xml: string, partName: string): string {
  let hash = 2166136261;
  for (const ch of partName) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return xml.replace(/(<p14:creationId [^>]*val=")\d+(")/, `$1${hash}$2`);
}

/** notesMasterIdLst must follow sldMasterIdLst (ECMA-376 order); pptxgenjs puts it after sldIdLst. */
export function orderPresentationLists(xml: string): string {
  const notes = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/.exec(xml)?.[0];
  if (!notes) return xml;
  return xml.replace(notes, '').replace('</p:sldMasterIdLst>', `</p:sldMasterIdLst>${notes}`);
}

/**
 * Overrides naming parts that do not exist (phantom slide masters, PptxGenJS #1444) make PowerPoint
 * repair the file; parts we add get theirs.
 */
export function fixContentTypes(xml: string, parts: Set<string>, added: Record<string, string>): string {
  const kept = xml.replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (override, part: string) => (parts.has(part) ? override : ''));
  const extra = Object.entries(added).map(([part, type]) => `<Override PartName="/${part}" ContentType="${type}"/>`).join('');
  return kept.replace('</Types>', `${extra}</Types>`);
}

/** Created/modified from the edition (not the clock), and the edition's keywords. */
export function pinCoreProperties(xml: string, date: string, keywords: string[]): string {
  const stamp = `${date}T00:00:00Z`;
  let out = xml
    .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
  if (keywords.length && !out.includes('<cp:keywords')) {
    out = out.replace('</cp:coreProperties>', `<cp:keywords>${escapeText(keywords.join(', '))}</cp:keywords></cp:coreProperties>`);
  }
  return out;
}

/** What docProps/app.xml says of the deck: pptxgenjs writes "Arial", "Calibri", "Slide 1"… and no counts. */
export interface DeckSummary {
  /** Each slide's title, XML-escaped, in slide order. */
  titles: string[];
  words: number;
  paragraphs: number;
  notes: number;
}

/** docProps/app.xml with the fonts used, each slide's title as its part title, and the counts PowerPoint keeps. */
export function appProperties(xml: string, fonts: FontSlots, deck: DeckSummary, otherFonts: string[] = []): string {
  const used = [fonts.latin, fonts.cjk, ...otherFonts];
  return xml
    .replace(/(<vt:lpstr>Fonts Used<\/vt:lpstr><\/vt:variant>\s*<vt:variant><vt:i4>)\d+/, `$1${used.length}`)
    .replace(/(<TitlesOfParts>\s*<vt:vector size=")\d+"/, (_m, head: string) => `${head}${used.length + 1 + deck.titles.length}"`)
    .replace(/<vt:lpstr>Arial<\/vt:lpstr>(\s*)<vt:lpstr>Calibri<\/vt:lpstr>/, (_m, space: string) => used.map((f) => `<vt:lpstr>${escapeText(f)}</vt:lpstr>`).join(space))
    .replace(/(?:<vt:lpstr>Slide \d+<\/vt:lpstr>)+/, deck.titles.map((t) => `<vt:lpstr>${t}</vt:lpstr>`).join(''))
    .replace(/<Words>\d+<\/Words>/, `<Words>${deck.words}</Words>`)
    .replace(/<Paragraphs>\d+<\/Paragraphs>/, `<Paragraphs>${deck.paragraphs}</Paragraphs>`)
    .replace(/<Notes>\d+<\/Notes>/, `<Notes>${deck.notes}</Notes>`);
}

/** The text of a slide's title placeholder (XML-escaped, as it stands in the part). */
export function slideTitle(slideXml: string): string {
  const sp = /<p:sp>(?:(?!<\/p:sp>)[\s\S])*?<p:ph type="(?:title|ctrTitle)"[\s\S]*?<\/p:sp>/.exec(slideXml)?.[0] ?? '';
  // Without the word joiners that keep ranges on one line: they are for the line breaker, not the name.
  return [...sp.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('').replaceAll('\u2060', '').trim();
}

/** Words and paragraphs of text on a slide, counted as PowerPoint counts them for app.xml. */
export function countText(slideXml: string): { words: number; paragraphs: number } {
  let words = 0;
  let paragraphs = 0;
  for (const p of slideXml.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []) {
    const text = [...p.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('').trim();
    if (!text) continue;
    paragraphs++;
    words += text.split(/\s+/).length;
  }
  return { words, paragraphs };
}

/**
 * Default content types only for extensions the package has: pptxgenjs declares jpg as "image/jpg"
 * (not a registered type), svg, gif, video and vml whatever the deck holds.
 */
export function dropUnusedDefaults(xml: string, parts: Set<string>): string {
  const used = new Set([...parts].map((p) => p.slice(p.lastIndexOf('.') + 1).toLowerCase()));
  return xml.replace(/<Default Extension="([^"]+)"[^>]*\/>/g, (d, ext: string) => (used.has(ext.toLowerCase()) ? d : ''));
}

/** The notes page size pptxgenjs's notes master is drawn for (portrait 7.5 × 10 in); it writes the slide's size turned. */
export function matchNotesSize(presentationXml: string): string {
  return presentationXml.replace(/<p:notesSz [^>]*\/>/, '<p:notesSz cx="6858000" cy="9144000"/>');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
