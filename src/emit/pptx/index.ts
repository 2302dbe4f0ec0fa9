// emit (deck): the composed Document → briefing.pptx, in memory. Masters carry the theme once;
// layout.ts decides what goes on each slide; package.ts repairs and pins what pptxgenjs writes.
import { PptxGenJS, type Pptx } from './pptxgen.ts';
import { fontPlan, type FontPlan } from '../../fonts/index.ts';
import type { Theme } from '../../theme/index.ts';
import type { Artifact, ChartImage, Document, Run, Section } from '../../types.ts';
import { citationNumbers, forEdition, keepTogether, localeOfDocument } from '../common.ts';
import type { Locale } from '../../i18n/index.ts';
import type { DrawContext } from './context.ts';
import { CONTENT, CONTENT_W, FOOTER_H, FOOTER_Y, MARGIN, PT_PER_IN, SLIDE, TITLE_BOX, TITLE_RULE_Y } from './geometry.ts';
import { planSection, type PlannedSlide } from './layout.ts';
import { createMeasurer, type Measurer } from './measure.ts';
import type { NativeChart } from './native-chart.ts';
import { finishPackage } from './package.ts';
import { TITLE_SHAPE, type LayoutPlaceholders } from './placeholders.ts';
import { DeckRecorder, replay } from './record.ts';
import { addSourceLine, addSourcesSlides } from './sources.ts';
import { bodySizes, fitScale, fitSize, titleSizes, WIDTH_SAFETY, type Para } from './text.ts';

export interface DeckOptions {
  charts: 'image' | 'native';
  /** Called with the deck's drawing as soon as it is planned, before the package is written (the preview shows it). */
  onDrawn?: (deck: DeckRecorder) => void;
}

const MASTER = { title: 'BS_TITLE', divider: 'BS_DIVIDER', content: 'BS_CONTENT' } as const;
/** Where the title slide's title and subtitle go, and a divider's title. */
const COVER_TITLE = { x: MARGIN + 0.2, y: 1.6, w: CONTENT_W - 0.4, h: 2.2 } as const;
const COVER_SUBTITLE = { x: COVER_TITLE.x, y: 4.1, w: COVER_TITLE.w, h: 1.6 } as const;
const DIVIDER_TITLE = { x: MARGIN, y: 2.3, w: CONTENT_W, h: 1.0 } as const;
/** The divider's accent rule: clear of the title's descenders (its box ends at the descent line). */
const DIVIDER_RULE = { x: MARGIN, y: DIVIDER_TITLE.y + DIVIDER_TITLE.h + 0.16, w: 1.2, h: 0.1 } as const;
/** The list of the chapter's slides, under the rule. */
const DIVIDER_LIST = { y: DIVIDER_RULE.y + DIVIDER_RULE.h + 0.3, h: 2.75 } as const;

/** The placeholders of each layout: where its slides' titles (and text) go, and how they look. */
function layoutPlaceholders(theme: Theme): Record<string, LayoutPlaceholders> {
  const c = theme.colors;
  return {
    [MASTER.content]: {
      title: { ...TITLE_BOX, size: theme.deck.titleSize, color: c.primary, bold: true, anchor: 'b' },
      body: { ...CONTENT, size: theme.deck.bodySize, color: c.text, anchor: 't' },
    },
    [MASTER.divider]: { title: { ...DIVIDER_TITLE, size: 40, color: 'FFFFFF', bold: true, anchor: 'b' } },
    [MASTER.title]: {
      title: { ...COVER_TITLE, size: 44, color: 'FFFFFF', bold: true, anchor: 'b' },
      body: { ...COVER_SUBTITLE, size: 22, color: 'FFFFFF', anchor: 't' },
    },
  };
}

export async function emitDeck(doc: Document, images: Map<string, ChartImage>, theme: Theme, opts: DeckOptions): Promise<Artifact> {
  // The slides are written in a function of their own, so that the ~200 slides' worth of pptxgenjs
  // objects can be freed while the package waits for the charts' pixels.
  const fonts = await fontPlan(doc, theme);
  // Native charts' parts, made as their slides are drawn and put in place when the package is written.
  const nativeCharts = new Map<string, NativeChart>();
  const svgFallbacks = new Map<string, Buffer>();
  const { raw, slides } = await writeSlides(doc, images, theme, opts, fonts, { nativeCharts, svgFallbacks });
  const locale = localeOfDocument(doc);
  const pkg = {
    date: doc.edition.date, keywords: doc.edition.keywords ?? [], latin: theme.fonts.latin, cjk: theme.fonts.cjk, placeholders: layoutPlaceholders(theme), contentLayout: MASTER.content, fonts, svgFallbacks,
    language: locale.tag, messages: locale.messages,
  };
  return { name: 'briefing.pptx', chunks: await finishPackage(raw, pkg, images, nativeCharts), pages: slides };
}

/** What the drawing leaves for the package: native charts' parts, SVG pictures' fallback PNGs. */
type ForPackage = Pick<DrawContext, 'nativeCharts' | 'svgFallbacks'>;

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
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = doc.edition.title;
  pptx.subject = doc.edition.subtitle ?? doc.edition.title;
  pptx.author = doc.edition.author ?? doc.edition.publisher ?? 'Briefsmith';
  pptx.company = doc.edition.publisher ?? '';
  pptx.theme = { headFontFace: theme.fonts.latin, bodyFontFace: theme.fonts.latin };
  const locale = localeOfDocument(doc);
  defineMasters(pptx, doc, theme, locale);

  const m = createMeasurer(theme, fonts);
  const numbers = citationNumbers(doc);
  const ctx: DrawContext = { pptx, theme, m, numbers, images, charts: doc.charts, chartMode: opts.charts, ...forPackage, locale };
  const sections = forEdition(doc, 'deck');

  addTitleSlide(pptx, doc, theme, m, locale);
  let chapter = 0;
  for (const section of sections) {
    if (section.level === 1) {
      chapter++;
      addDivider(pptx, section, chapter, sections, theme, m, locale);
      continue;
    }
    for (const planned of planSection(section, ctx)) addContentSlide(pptx, planned, section, doc, ctx);
  }
  addSourcesSlides(doc, ctx, () => pptx.addSlide({ masterName: MASTER.content }));
}

function defineMasters(pptx: Pptx, doc: Document, theme: Theme, locale: Locale): void {
  const c = theme.colors;
  const footerText = `${theme.deck.logoText}  ·  ${doc.edition.title}  ·  ${locale.format.date(doc.edition.date)}`;
  const footer = { text: { text: footerText, options: { x: MARGIN, y: FOOTER_Y, w: CONTENT_W - 1.2, h: FOOTER_H, fontFace: theme.fonts.latin, fontSize: 10, color: c.muted, margin: 0, valign: 'middle' as const } } };
  const slideNumber = { x: SLIDE.w - MARGIN - 1.0, y: FOOTER_Y, w: 1.0, h: FOOTER_H, fontFace: theme.fonts.latin, fontSize: 10, color: c.muted, align: 'right' as const };
  pptx.defineSlideMaster({
    title: MASTER.content,
    background: { color: c.background },
    objects: [
      { rect: { x: 0, y: 0, w: SLIDE.w, h: 0.12, fill: { color: c.primary }, line: { color: c.primary } } },
      { line: { x: MARGIN, y: TITLE_RULE_Y, w: CONTENT_W, h: 0, line: { color: c.rule, width: 1 } } },
      { line: { x: MARGIN, y: FOOTER_Y - 0.08, w: CONTENT_W, h: 0, line: { color: c.rule, width: 0.75 } } },
      footer,
    ],
    slideNumber,
  });
  pptx.defineSlideMaster({
    title: MASTER.divider,
    background: { color: c.primary },
    objects: [{ rect: { ...DIVIDER_RULE, fill: { color: c.accent }, line: { color: c.accent } } }],
    slideNumber: { ...slideNumber, color: 'FFFFFF' },
  });
  pptx.defineSlideMaster({
    title: MASTER.title,
    background: { color: c.primary },
    objects: [{ rect: { x: 0, y: SLIDE.h - 0.5, w: SLIDE.w, h: 0.5, fill: { color: c.accent }, line: { color: c.accent } } }],
  });
}

function addTitleSlide(pptx: Pptx, doc: Document, theme: Theme, m: Measurer, locale: Locale): void {
  const slide = pptx.addSlide({ masterName: MASTER.title });
  const box = COVER_TITLE;
  const size = fitSize([{ runs: [{ text: doc.edition.title, bold: true }], level: 0, bullet: false }], box, 44, theme.deck.minTitleSize, m, new Map()) ?? theme.deck.minTitleSize;
  slide.addText(m.keep(doc.edition.title, size, box.w * PT_PER_IN * WIDTH_SAFETY, true), { ...box, objectName: TITLE_SHAPE, fontFace: theme.fonts.latin, fontSize: size, bold: true, color: 'FFFFFF', align: 'left', valign: 'bottom', margin: 0, fit: 'none' });
  const lines = [doc.edition.subtitle, `${locale.format.date(doc.edition.date)}${doc.edition.publisher ? `  ·  ${doc.edition.publisher}` : ''}`].filter((l): l is string => Boolean(l));
  slide.addText(lines.map((text, i) => ({ text: keepTogether(text), options: { fontSize: i === 0 && lines.length > 1 ? 22 : 16, color: i === 0 && lines.length > 1 ? 'FFFFFF' : theme.colors.projection, breakLine: i < lines.length - 1, paraSpaceAfter: 10 } })), {
    ...COVER_SUBTITLE, fontFace: theme.fonts.latin, valign: 'top', margin: 0, fit: 'none',
  });
  slide.addNotes(locale.messages.deck.titleNotes(doc.edition.title, doc.edition.subtitle, locale.format.date(doc.edition.date)).replace(/\s+/g, ' ').trim());
}

/** Slide titles a divider lists in one column; more go in two. */
const DIVIDER_LIST_ROWS = 5;

function addDivider(pptx: Pptx, section: Section, chapter: number, sections: Section[], theme: Theme, m: Measurer, locale: Locale): void {
  const slide = pptx.addSlide({ masterName: MASTER.divider });
  // The title first: a screen reader reads the shapes in the order they are written.
  const box = DIVIDER_TITLE;
  const size = fitSize([{ runs: [{ text: section.title, bold: true }], level: 0, bullet: false }], box, 40, theme.deck.minTitleSize, m, new Map()) ?? theme.deck.minTitleSize;
  slide.addText(m.keep(section.title, size, box.w * PT_PER_IN * WIDTH_SAFETY, true), { ...box, objectName: TITLE_SHAPE, fontFace: theme.fonts.latin, fontSize: size, bold: true, color: 'FFFFFF', align: 'left', margin: 0, valign: 'bottom', fit: 'none' });
  slide.addText(String(chapter).padStart(2, '0'), { x: MARGIN, y: 1.3, w: 3, h: 1.0, fontFace: theme.fonts.latin, fontSize: 40, bold: true, color: theme.colors.accent, margin: 0, valign: 'bottom' });
  // What the chapter covers: the titles of its slides.
  const index = sections.indexOf(section);
  const next = sections.findIndex((s, i) => i > index && s.level === 1);
  const covers = sections.slice(index + 1, next === -1 ? undefined : next).map((s) => s.title);
  if (covers.length) {
    // A long list goes in two columns, so that it keeps the size of the other dividers' lists.
    const columns = covers.length > DIVIDER_LIST_ROWS ? 2 : 1;
    const perColumn = Math.ceil(covers.length / columns);
    const gap = 0.4;
    const w = (CONTENT_W - gap * (columns - 1)) / columns;
    const lists = Array.from({ length: columns }, (_, c) => covers.slice(c * perColumn, (c + 1) * perColumn));
    const paras = (list: string[]): Para[] => list.map((t) => ({ runs: [{ text: t }], level: 0, bullet: false }));
    const listSize = Math.min(...lists.map((list) => fitScale(paras(list), { w, h: DIVIDER_LIST.h }, bodySizes(theme), m, new Map()) ?? theme.deck.minBodySize));
    lists.forEach((list, c) => {
      slide.addText(list.map((t, i) => ({ text: m.keep(t, listSize, w * PT_PER_IN * WIDTH_SAFETY), options: { breakLine: i < list.length - 1, paraSpaceAfter: Math.round(listSize * 0.35) } })), {
        x: MARGIN + c * (w + gap), y: DIVIDER_LIST.y, w, h: DIVIDER_LIST.h, fontFace: theme.fonts.latin, fontSize: listSize, color: theme.colors.projection, valign: 'top', margin: 0, fit: 'none',
      });
    });
  }
  // Why the chapter matters (the template's notes under the chapter heading), then what it covers.
  const why = section.notes.map(notesParagraph).filter(Boolean);
  slide.addNotes([...why, locale.messages.deck.chapterNotes(chapter, section.title, covers)].join('\n\n'));
}

function addContentSlide(pptx: Pptx, planned: PlannedSlide, section: Section, doc: Document, ctx: DrawContext): void {
  const { theme, m } = ctx;
  const slide = pptx.addSlide({ masterName: MASTER.content });
  const title = planned.continued ? ctx.locale.messages.deck.continued(planned.title) : planned.title;
  const titlePara: Para = { runs: [{ text: title, bold: true }], level: 0, bullet: false };
  // The title size or its one step down; only a title too long for both shrinks further.
  const size = fitScale([titlePara], TITLE_BOX, titleSizes(theme), m, ctx.numbers) ?? fitSize([titlePara], TITLE_BOX, theme.deck.minTitleSize - 1, 12, m, ctx.numbers) ?? 12;
  slide.addText(m.keep(title, size, TITLE_BOX.w * PT_PER_IN * WIDTH_SAFETY, true), { ...TITLE_BOX, objectName: TITLE_SHAPE, fontFace: theme.fonts.latin, fontSize: size, bold: true, color: theme.colors.primary, align: 'left', valign: 'bottom', margin: 0, fit: 'none' });
  for (const draw of planned.draw) draw(slide);

  addSourceLine(slide, planned.sources, doc, ctx);
  slide.addNotes(notesText(section, planned, ctx.locale));
}

/** A paragraph of speaker notes: read aloud, so without citation markers. */
const notesParagraph = (runs: Run[]): string => runs.map((r) => r.text).join('').trim();

/** The talk track: the section's notes; a continuation slide says it continues. */
function notesText(section: Section, planned: PlannedSlide, { messages }: Locale): string {
  // A continuation has its own talk track: what this slide adds, point by point.
  if (planned.continued) return messages.deck.continuedNotes(section.title, planned.points);
  const notes = section.notes.map(notesParagraph).filter(Boolean);
  return notes.length ? notes.join('\n\n') : messages.deck.defaultNotes(section.title);
}

