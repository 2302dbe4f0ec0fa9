// The package pptxgenjs writes, repaired and pinned: schema-valid (ooxml-validate), free of the known
// PowerPoint repair triggers, with the East Asian font slot set for Chinese, compressed, and
// byte-identical for the same input (dates from the edition, fixed zip entry times and order).
import JSZip from 'jszip';

export interface PackageOptions {
  /** Edition date (ISO): stamped as the document's created/modified date and every zip entry's time. */
  date: string;
  latin: string;
  cjk: string;
}

export async function finishPackage(raw: Buffer, opts: PackageOptions): Promise<Buffer> {
  const zip = await JSZip.loadAsync(raw);
  const parts = new Map<string, Buffer | string>();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (entry.dir) continue; // empty folders (ppt/media/ with no media) are not parts
    parts.set(name, name.endsWith('.xml') || name.endsWith('.rels') ? await entry.async('string') : await entry.async('nodebuffer'));
  }

  for (const [name, content] of parts) {
    if (typeof content !== 'string') continue;
    let xml = content;
    if (/^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/.test(name)) xml = fixRuns(xml, opts);
    if (name === 'ppt/theme/theme1.xml') xml = xml.replace(/<a:ea typeface="[^"]*"\s*\/>/g, `<a:ea typeface="${escapeAttr(opts.cjk)}"/>`);
    if (name === 'ppt/presentation.xml') xml = fixPresentation(xml);
    if (name === 'docProps/core.xml') xml = pinDates(xml, opts.date);
    parts.set(name, xml);
  }
  parts.set('[Content_Types].xml', fixContentTypes(parts.get('[Content_Types].xml') as string, new Set(parts.keys())));

  const out = new JSZip();
  const date = new Date(`${opts.date}T00:00:00Z`);
  // [Content_Types].xml first, as Office writes it; then every part in name order.
  const names = ['[Content_Types].xml', ...[...parts.keys()].filter((n) => n !== '[Content_Types].xml').sort()];
  for (const name of names) {
    // Images are compressed already: deflating them again costs time and saves nothing.
    const stored = /\.(png|jpe?g|gif)$/i.test(name);
    out.file(name, parts.get(name)!, { date, createFolders: false, ...(stored ? { compression: 'STORE' as const } : {}) });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

/**
 * pptxgenjs writes a run's paragraph properties before every run, which is invalid after the first
 * (a:pPr may only open a paragraph); and it writes one font into the Latin, East Asian and complex
 * script slots, so Chinese falls back to whatever the viewer picks.
 */
function fixRuns(xml: string, opts: PackageOptions): string {
  return xml
    .replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_p, body: string) => {
      let seenRun = false;
      const fixed = body.replace(/<a:pPr\b[^>]*?(?:\/>|>[\s\S]*?<\/a:pPr>)|<a:r>|<a:fld\b/g, (token) => {
        if (token.startsWith('<a:pPr')) return seenRun ? '' : token;
        seenRun = true;
        return token;
      });
      return `<a:p>${fixed}</a:p>`;
    })
    .replace(/<a:latin typeface="[^"]*"/g, `<a:latin typeface="${escapeAttr(opts.latin)}"`)
    .replace(/<a:ea typeface="[^"]*"/g, `<a:ea typeface="${escapeAttr(opts.cjk)}"`)
    .replace(/<a:cs typeface="[^"]*"/g, `<a:cs typeface="${escapeAttr(opts.latin)}"`);
}

/** notesMasterIdLst must follow sldMasterIdLst (ECMA-376 order); pptxgenjs puts it after sldIdLst. */
function fixPresentation(xml: string): string {
  const notes = /<p:notesMasterIdLst>[\s\S]*?<\/p:notesMasterIdLst>/.exec(xml)?.[0];
  if (!notes) return xml;
  return xml.replace(notes, '').replace('</p:sldMasterIdLst>', `</p:sldMasterIdLst>${notes}`);
}

/** Overrides naming parts that do not exist (phantom slide masters) make PowerPoint repair the file. */
function fixContentTypes(xml: string, names: Set<string>): string {
  return xml.replace(/<Override PartName="\/([^"]+)"[^>]*\/>/g, (override, part: string) => (names.has(part) ? override : ''));
}

function pinDates(xml: string, date: string): string {
  const stamp = `${date}T00:00:00Z`;
  return xml
    .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
