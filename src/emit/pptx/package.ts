// The package pptxgenjs writes, repaired and pinned: schema-valid (ooxml-validate), free of the known
// PowerPoint repair triggers, with the East Asian font slot set for Chinese, compressed, and
// byte-identical for the same input (dates from the edition, fixed zip entry times and order). Chart
// pictures arrive here as placeholders (placeholder.ts) and leave as the charts' PNGs.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BriefError } from '../../errors.ts';
import { en, type Messages } from '../../i18n/en.ts';
import type { ChartImage } from '../../types.ts';
import { describeTables, flagDecorativePictures, flagDecorativeShapes, markTableHeaderRows, uniqueShapeIds } from './accessibility.ts';
import { addLayoutPlaceholders, addMasterPlaceholders, titleAsPlaceholder, type LayoutPlaceholders } from './placeholders.ts';
import {
  appProperties, countText, dropRepeatedParagraphProps, dropUnusedDefaults, fixContentTypes, matchNotesPlaceholders, matchNotesSize,
  orderPresentationLists, pinCoreProperties, replaceNamedColours, setFontSlots, setLanguage, setThemeFonts, slideTitle, splitNotesParagraphs,
  uniqueCreationId, type FontSlots,
} from './repair.ts';
import { chartWorkbook } from './chart-workbook.ts';
import { standInId, type NativeChart } from './native-chart.ts';
import { renumberChartParts } from './native-parts.ts';
import { placeholderChartId } from './placeholder.ts';
import { setScriptFonts } from './scripts.ts';
import type { FontPlan } from '../../fonts/index.ts';
import { readZip, zipChunks, type ZipContent } from './zip.ts';

export interface PackageOptions extends FontSlots {
  /** Edition date (ISO): stamped as the document's created/modified date and every zip entry's time. */
  date: string;
  keywords: string[];
  /** Each layout's title and body placeholders, by layout name; the content layout's are the master's too. */
  placeholders?: Record<string, LayoutPlaceholders>;
  /** The layout whose placeholders the master carries. */
  contentLayout?: string;
  /** Which font draws each character: text the theme's fonts lack is set in its fallback. */
  fonts?: FontPlan;
  /** The edition's language tag ("zh-CN"): every run's lang (English decks keep pptxgenjs's en-US). */
  language?: string;
  /** The built-in words of the edition's language (table descriptions). */
  messages?: Messages;
  /** Each SVG picture's PNG for viewers without SVG, by the SVG's SHA-256. */
  svgFallbacks?: Map<string, Buffer>;
}

type Parts = Map<string, Buffer | string>;

const THEME_TYPE = 'application/vnd.openxmlformats-officedocument.theme+xml';
const TEXT_PARTS = /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/;
/** Parts with shapes a reader meets: slides, their layouts and master. */
const DRAWN_PARTS = /^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/;
const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;

export async function finishPackage(raw: Buffer, opts: PackageOptions, images: Map<string, ChartImage>, nativeCharts = new Map<string, NativeChart>()): Promise<Buffer[]> {
  const parts = readParts(raw);
  await putNativeCharts(parts, nativeCharts, opts.date);
  for (const [name, content] of parts) {
    if (typeof content === 'string') parts.set(name, repairPart(name, content, opts));
  }
  renumberChartParts(parts);
  fillSvgFallbacks(parts, opts.svgFallbacks);
  const app = parts.get('docProps/app.xml');
  if (typeof app === 'string') parts.set('docProps/app.xml', appProperties(app, opts, summarise(parts), opts.fonts?.fallbacks.map((f) => f.family)));
  const added = giveNotesMasterItsOwnTheme(parts);
  const names = new Set([...parts.keys(), ...Object.keys(added)]);
  parts.set('[Content_Types].xml', dropUnusedDefaults(fixContentTypes(parts.get('[Content_Types].xml') as string, names, added), names));
  return zipChunks(withChartPixels(parts, images), opts.date);
}

/**
 * Each stand-in chart pptxgenjs wrote replaced by its native chart's part and workbook (dated with
 * the edition). Every chart part is one of ours: pptxgenjs's own chart parts never reach the deck.
 */
async function putNativeCharts(parts: Parts, charts: Map<string, NativeChart>, date: string): Promise<void> {
  for (const [name, content] of [...parts]) {
    if (typeof content !== 'string' || !/^ppt\/charts\/chart\d+\.xml$/.test(name)) continue;
    const id = standInId(content);
    const chart = id === undefined ? undefined : charts.get(id);
    if (!chart) throw new BriefError(`the deck holds a chart part (${name}) that no native chart was drawn for`);
    parts.set(name, chart.xml);
    const rels = parts.get(name.replace('charts/', 'charts/_rels/') + '.rels');
    const target = typeof rels === 'string' ? /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)?.[1] : undefined;
    if (!target) throw new BriefError(`native chart ${id} (${name}) has no embedded workbook`);
    parts.set(`ppt/embeddings/${target}`, await chartWorkbook(chart.table, date));
  }
}

/** The parts: XML as text, the rest as bytes. */
function readParts(raw: Buffer): Parts {
  const parts: Parts = new Map();
  for (const [name, bytes] of readZip(raw)) parts.set(name, /\.(xml|rels)$/.test(name) ? bytes.toString('utf8') : bytes);
  return parts;
}

/**
 * An SVG picture is written with a PNG beside it for viewers that cannot show SVG; in Node, pptxgenjs
 * writes a broken picture there. Each becomes the PNG drawn from its SVG (by the SVG's hash).
 */
function fillSvgFallbacks(parts: Parts, fallbacks: Map<string, Buffer> | undefined): void {
  if (!fallbacks?.size) return;
  for (const [name, xml] of parts) {
    if (typeof xml !== 'string' || !DRAWN_PARTS.test(name)) continue;
    const rels = parts.get(name.replace(/([^/]+)$/, '_rels/$1.rels'));
    if (typeof rels !== 'string') continue;
    const targets = new Map<string, string>();
    for (const [rel] of rels.matchAll(/<Relationship\b[^>]*\/>/g)) {
      const id = /\bId="([^"]+)"/.exec(rel)?.[1];
      const target = /\bTarget="([^"]+)"/.exec(rel)?.[1];
      if (id && target) targets.set(id, path.posix.normalize(path.posix.join(path.posix.dirname(name), target)));
    }
    for (const m of xml.matchAll(/<a:blip r:embed="([^"]+)">(?:(?!<\/a:blip>)[\s\S])*?<asvg:svgBlip [^>]*r:embed="([^"]+)"/g)) {
      const [png, svg] = [targets.get(m[1]), targets.get(m[2])];
      const bytes = svg ? parts.get(svg) : undefined;
      const fallback = bytes && typeof bytes !== 'string' ? fallbacks.get(createHash('sha256').update(bytes).digest('hex')) : undefined;
      if (png && fallback) parts.set(png, fallback);
    }
  }
}

/** Each placeholder picture replaced by its chart's PNG, a promise the zip writer awaits. */
function withChartPixels(parts: Parts, images: Map<string, ChartImage>): Map<string, ZipContent> {
  const out = new Map<string, ZipContent>(parts);
  for (const [name, content] of parts) {
    const id = typeof content === 'string' ? undefined : placeholderChartId(content);
    if (id === undefined) continue;
    const image = images.get(id);
    if (!image) throw new BriefError(`the deck shows chart "${id}" (${name}) but no image was rendered for it`);
    out.set(name, image.png);
  }
  return out;
}

function repairPart(name: string, xml: string, opts: PackageOptions): string {
  let out = replaceNamedColours(xml);
  if (TEXT_PARTS.test(name)) out = setFontSlots(dropRepeatedParagraphProps(out), opts);
  if (TEXT_PARTS.test(name) && opts.fonts) out = setScriptFonts(out, opts.fonts);
  if (TEXT_PARTS.test(name)) out = uniqueCreationId(out, name);
  if (TEXT_PARTS.test(name) && opts.language) out = setLanguage(out, opts.language);
  if (/^ppt\/slides\//.test(name)) out = describeTables(markTableHeaderRows(titleAsPlaceholder(out)), (opts.messages ?? en).deck.tableDescription);
  const master = opts.placeholders?.[opts.contentLayout ?? ''];
  if (/^ppt\/(slideLayouts|slideMasters)\//.test(name)) out = flagDecorativePictures(out);
  if (/^ppt\/slideLayouts\//.test(name) && opts.placeholders) out = addLayoutPlaceholders(out, opts.placeholders);
  if (/^ppt\/slideMasters\//.test(name) && master) out = addMasterPlaceholders(out, master);
  if (DRAWN_PARTS.test(name)) out = uniqueShapeIds(flagDecorativeShapes(out));
  if (/^ppt\/notesSlides\//.test(name)) out = matchNotesPlaceholders(splitNotesParagraphs(out));
  if (/^ppt\/theme\/theme\d+\.xml$/.test(name)) out = setThemeFonts(out, opts);
  if (name === 'ppt/presentation.xml') out = matchNotesSize(orderPresentationLists(out));
  if (name === 'docProps/core.xml') out = pinCoreProperties(out, opts.date, opts.keywords);
  return out;
}

/** The slides' titles (in slide order) and text counts, for app.xml. */
function summarise(parts: Parts) {
  const slides = [...parts.keys()].filter((n) => SLIDE.test(n)).sort((a, b) => Number(SLIDE.exec(a)![1]) - Number(SLIDE.exec(b)![1]));
  const xml = slides.map((n) => parts.get(n) as string);
  const counts = xml.map(countText);
  return {
    titles: xml.map(slideTitle),
    words: counts.reduce((sum, c) => sum + c.words, 0),
    paragraphs: counts.reduce((sum, c) => sum + c.paragraphs, 0),
    notes: [...parts.keys()].filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n)).length,
  };
}

/**
 * pptxgenjs points the notes master at the slide master's theme. PowerPoint gives every master its
 * own theme part; we do the same. Returns the content types of the parts added.
 */
function giveNotesMasterItsOwnTheme(parts: Parts): Record<string, string> {
  const relsName = 'ppt/notesMasters/_rels/notesMaster1.xml.rels';
  const rels = parts.get(relsName);
  const theme = parts.get('ppt/theme/theme1.xml');
  if (typeof rels !== 'string' || !rels.includes('../theme/theme1.xml') || !theme) return {};
  let n = 2;
  while (parts.has(`ppt/theme/theme${n}.xml`)) n++;
  const name = `ppt/theme/theme${n}.xml`;
  parts.set(name, theme);
  parts.set(relsName, rels.replace('../theme/theme1.xml', `../theme/theme${n}.xml`));
  return { [name]: THEME_TYPE };
}
