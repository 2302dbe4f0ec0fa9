// The title slide (the edition's title, subtitle, date and publisher, and the theme's logo) and each
// chapter's divider (its number, title and the slides it covers), in the boxes of the slide's size.
import type { Pptx } from './pptxgen.ts';
import { fitInto } from '../../images.ts';
import type { Document, Run, Section } from '../../types.ts';
import { keepTogether, logoAlt } from '../common.ts';
import type { DrawContext } from './context.ts';
import { MARGIN, PT_PER_IN } from './geometry.ts';
import { coverBoxes, MASTER } from './masters.ts';
import { pictureOptions } from './picture.ts';
import { TITLE_SHAPE } from './placeholders.ts';
import { bodySizes, fitScale, fitSize, WIDTH_SAFETY, type Para } from './text.ts';

/** Room around the logo on its plate, in inches. */
const LOGO_PAD = 0.12;

export function addTitleSlide(pptx: Pptx, doc: Document, ctx: DrawContext): void {
  const { theme, m } = ctx;
  const boxes = coverBoxes(ctx.geo);
  const slide = pptx.addSlide({ masterName: MASTER.title });
  const box = boxes.title;
  const size = fitSize([{ runs: [{ text: doc.edition.title, bold: true }], level: 0, bullet: false }], box, 44, theme.deck.minTitleSize, m, new Map()) ?? theme.deck.minTitleSize;
  slide.addText(m.keep(doc.edition.title, size, box.w * PT_PER_IN * WIDTH_SAFETY, true), { ...box, objectName: TITLE_SHAPE, fontFace: theme.fonts.latin, fontSize: size, bold: true, color: 'FFFFFF', align: 'left', valign: 'bottom', margin: 0, fit: 'none' });
  const lines = [doc.edition.subtitle, `${ctx.locale.format.date(doc.edition.date)}${doc.edition.publisher ? `  ·  ${doc.edition.publisher}` : ''}`].filter((l): l is string => Boolean(l));
  slide.addText(lines.map((text, i) => ({ text: keepTogether(text), options: { fontSize: i === 0 && lines.length > 1 ? 22 : 16, color: i === 0 && lines.length > 1 ? 'FFFFFF' : theme.colors.projection, breakLine: i < lines.length - 1, paraSpaceAfter: 10 } })), {
    ...boxes.subtitle, fontFace: theme.fonts.latin, valign: 'top', margin: 0, fit: 'none',
  });
  if (doc.logo) {
    // On a plate of the page's colour: a logo is drawn for a light page, and the title slide is dark.
    const inner = { x: boxes.logo.x + LOGO_PAD, y: boxes.logo.y + LOGO_PAD, w: boxes.logo.w - 2 * LOGO_PAD, h: boxes.logo.h - 2 * LOGO_PAD };
    const placed = fitInto(inner, doc.logo);
    const at = { ...placed, x: inner.x, y: inner.y };
    slide.addShape(pptx.ShapeType.roundRect, { x: at.x - LOGO_PAD, y: at.y - LOGO_PAD, w: at.w + 2 * LOGO_PAD, h: at.h + 2 * LOGO_PAD, rectRadius: 0.06, fill: { color: theme.colors.background }, line: { color: theme.colors.background } });
    slide.addImage(pictureOptions(doc.logo, at, logoAlt(doc, theme.deck.logoText), ctx.svgFallbacks));
  }
  slide.addNotes(ctx.locale.messages.deck.titleNotes(doc.edition.title, doc.edition.subtitle, ctx.locale.format.date(doc.edition.date)).replace(/\s+/g, ' ').trim());
}

/** Slide titles a divider lists in one column; more go in two. */
const DIVIDER_LIST_ROWS = 5;

export function addDivider(pptx: Pptx, section: Section, chapter: number, sections: Section[], ctx: DrawContext): void {
  const { theme, m } = ctx;
  const boxes = coverBoxes(ctx.geo);
  const slide = pptx.addSlide({ masterName: MASTER.divider });
  // The title first: a screen reader reads the shapes in the order they are written.
  const box = boxes.dividerTitle;
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
    const w = (ctx.geo.contentW - gap * (columns - 1)) / columns;
    const lists = Array.from({ length: columns }, (_, c) => covers.slice(c * perColumn, (c + 1) * perColumn));
    const paras = (list: string[]): Para[] => list.map((t) => ({ runs: [{ text: t }], level: 0, bullet: false }));
    const listSize = Math.min(...lists.map((list) => fitScale(paras(list), { w, h: boxes.dividerList.h }, bodySizes(theme), m, new Map()) ?? theme.deck.minBodySize));
    lists.forEach((list, c) => {
      slide.addText(list.map((t, i) => ({ text: m.keep(t, listSize, w * PT_PER_IN * WIDTH_SAFETY), options: { breakLine: i < list.length - 1, paraSpaceAfter: Math.round(listSize * 0.35) } })), {
        x: MARGIN + c * (w + gap), y: boxes.dividerList.y, w, h: boxes.dividerList.h, fontFace: theme.fonts.latin, fontSize: listSize, color: theme.colors.projection, valign: 'top', margin: 0, fit: 'none',
      });
    });
  }
  // Why the chapter matters (the template's notes under the chapter heading), then what it covers.
  const why = section.notes.map(notesParagraph).filter(Boolean);
  slide.addNotes([...why, ctx.locale.messages.deck.chapterNotes(chapter, section.title, covers)].join('\n\n'));
}

/** A paragraph of speaker notes: read aloud, so without citation markers. */
export const notesParagraph = (runs: Run[]): string => runs.map((r) => r.text).join('').trim();
