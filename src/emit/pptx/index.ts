// emit (deck): the composed Document → briefing.pptx, in memory. Masters carry the theme once;
// layout.ts decides what goes on each slide; package.ts repairs and pins what pptxgenjs writes.
import { PptxGenJS, type Pptx } from './pptxgen.ts';
import { fontPlan, type FontPlan } from '../../fonts/index.ts';
import type { Theme } from '../../theme/index.ts';
import type { Artifact, ChartImage, Document, Section } from '../../types.ts';
import { citationNumbers, forEdition, localeOfDocument } from '../common.ts';
import type { Locale } from '../../i18n/index.ts';
import type { DrawContext } from './context.ts';
import { addDivider, addTitleSlide, notesParagraph } from './covers.ts';
import { PT_PER_IN, slideGeometry } from './geometry.ts';
import { planSection, type PlannedSlide } from './layout.ts';
import { defineMasters, layoutPlaceholders, MASTER, PPTX_LAYOUT } from './masters.ts';
import { createMeasurer } from './measure.ts';
import type { NativeChart } from './native-chart.ts';
import { finishPackage } from './package.ts';
import { TITLE_SHAPE } from './placeholders.ts';
import { DeckRecorder, replay } from './record.ts';
import { addSourceLine, addSourcesSlides } from './sources.ts';
import { fitScale, fitSize, titleSizes, WIDTH_SAFETY, type Para } from './text.ts';

export interface DeckOptions {
  charts: 'image' | 'native';
  /** Called with the deck's drawing as soon as it is planned, before the package is written (the preview shows it). */
  onDrawn?: (deck: DeckRecorder) => void;
}

export async function emitDeck(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: DeckOptions): Promise<Artifact> {
  // The slides are written in a function of their own, so that the ~200 slides' worth of pptxgenjs
  // objects can be freed while the package waits for the charts' pixels.
  const fonts = await fontPlan(doc, theme);
  // Native charts' parts, made as their slides are drawn and put in place when the package is written.
  const nativeCharts = new Map<string, NativeChart>();
  const svgFallbacks = new Map<string, Buffer>();
  const geo = slideGeometry(theme.deck.slideSize);
  const { raw, slides } = await writeSlides(doc, images, theme, opts, fonts, { geo, nativeCharts, svgFallbacks });
  const locale = localeOfDocument(doc);
  const pkg = {
    date: doc.edition.date, keywords: doc.edition.keywords ?? [], latin: theme.fonts.latin, cjk: theme.fonts.cjk, placeholders: layoutPlaceholders(theme, geo), contentLayout: MASTER.content, fonts, svgFallbacks,
    language: locale.tag, messages: locale.messages,
  };
  return { name: 'briefing.pptx', chunks: await finishPackage(raw, pkg, images, nativeCharts), pages: slides };
}

/** The slide's geometry, and what the drawing leaves for the package: native charts' parts, SVG pictures' fallback PNGs. */
type ForPackage = Pick<DrawContext, 'geo' | 'nativeCharts' | 'svgFallbacks'>;

/** Every slide, as pptxgenjs writes the package (uncompressed; chart pictures are placeholders). */
async function writeSlides(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: DeckOptions, fonts: FontPlan, forPackage: ForPackage): Promise<{ raw: Buffer; slides: number }> {
  // Drawn onto a recorder, then replayed onto pptxgenjs: the record is what the preview shows.
  const drawn = new DeckRecorder();
  drawDeck(drawn.asPptx(), doc, images, theme, opts, fonts, forPackage);
  opts.onDrawn?.(drawn);
  const pptx = new PptxGenJS();
  replay(drawn, pptx);
  return { raw: (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer, slides: drawn.slides.length };
}

/** The masters and every slide of the deck, drawn onto pptx (pptxgenjs, or a recorder standing in for it). */
function drawDeck(pptx: Pptx, doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: DeckOptions, fonts: FontPlan, forPackage: ForPackage): void {
  const { size, slide } = forPackage.geo;
  if (size === '16:10') pptx.defineLayout({ name: PPTX_LAYOUT[size], width: slide.w, height: slide.h });
  pptx.layout = PPTX_LAYOUT[size];
  pptx.title = doc.edition.title;
  pptx.subject = doc.edition.subtitle ?? doc.edition.title;
  pptx.author = doc.edition.author ?? doc.edition.publisher ?? 'Briefsmith';
  pptx.company = doc.edition.publisher ?? '';
  pptx.theme = { headFontFace: theme.fonts.latin, bodyFontFace: theme.fonts.latin };
  const locale = localeOfDocument(doc);
  defineMasters(pptx, doc, theme, forPackage.geo, forPackage.svgFallbacks, locale);

  const m = createMeasurer(theme, fonts);
  const numbers = citationNumbers(doc);
  const ctx: DrawContext = { pptx, theme, m, numbers, images, charts: doc.charts, chartMode: opts.charts, ...forPackage, locale };
  const sections = forEdition(doc, 'deck');

  addTitleSlide(pptx, doc, ctx);
  let chapter = 0;
  for (const section of sections) {
    if (section.level === 1) {
      chapter++;
      addDivider(pptx, section, chapter, sections, ctx);
      continue;
    }
    for (const planned of planSection(section, ctx)) addContentSlide(pptx, planned, section, doc, ctx);
  }
  addSourcesSlides(doc, ctx, () => pptx.addSlide({ masterName: MASTER.content }));
}

function addContentSlide(pptx: Pptx, planned: PlannedSlide, section: Section, doc: Document, ctx: DrawContext): void {
  const { theme, m } = ctx;
  const titleBox = ctx.geo.title;
  const slide = pptx.addSlide({ masterName: MASTER.content });
  const title = planned.continued ? ctx.locale.messages.deck.continued(planned.title) : planned.title;
  const titlePara: Para = { runs: [{ text: title, bold: true }], level: 0, bullet: false };
  // The title size or its one step down; only a title too long for both shrinks further.
  const size = fitScale([titlePara], titleBox, titleSizes(theme), m, ctx.numbers) ?? fitSize([titlePara], titleBox, theme.deck.minTitleSize - 1, 12, m, ctx.numbers) ?? 12;
  slide.addText(m.keep(title, size, titleBox.w * PT_PER_IN * WIDTH_SAFETY, true), { ...titleBox, objectName: TITLE_SHAPE, fontFace: theme.fonts.latin, fontSize: size, bold: true, color: theme.colors.primary, align: 'left', valign: 'bottom', margin: 0, fit: 'none' });
  for (const draw of planned.draw) draw(slide);

  addSourceLine(slide, planned.sources, doc, ctx);
  slide.addNotes(notesText(section, planned, ctx.locale));
}

/** The talk track: the section's notes; a continuation slide says it continues. */
function notesText(section: Section, planned: PlannedSlide, { messages }: Locale): string {
  // A continuation has its own talk track: what this slide adds, point by point.
  if (planned.continued) return messages.deck.continuedNotes(section.title, planned.points);
  const notes = section.notes.map(notesParagraph).filter(Boolean);
  return notes.length ? notes.join('\n\n') : messages.deck.defaultNotes(section.title);
}

