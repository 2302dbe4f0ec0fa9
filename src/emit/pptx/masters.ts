// The deck's masters and the boxes of its title slide and dividers, for the theme's slide size: the
// content master's bar, rules and footer (the logo, the edition, the date, the slide number), the
// divider's and title slide's colours, and each layout's placeholders at the same boxes.
import type { Pptx } from './pptxgen.ts';
import { fitInto } from '../../images.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Theme } from '../../theme/index.ts';
import type { Document } from '../../types.ts';
import { MARGIN, type Box, type Geometry } from './geometry.ts';
import type { LayoutPlaceholders } from './placeholders.ts';
import { pictureOptions } from './picture.ts';

export const MASTER = { title: 'BS_TITLE', divider: 'BS_DIVIDER', content: 'BS_CONTENT' } as const;

/** pptxgenjs's layout for each slide size; 16:10 has none of its own. */
export const PPTX_LAYOUT = { '16:9': 'LAYOUT_WIDE', '4:3': 'LAYOUT_4x3', '16:10': 'BRIEFSMITH_16x10' } as const;

export interface CoverBoxes {
  /** The title slide's title and subtitle. */
  title: Box;
  subtitle: Box;
  /** Where the title slide's logo may go (it keeps its aspect, at the box's top left). */
  logo: Box;
  dividerTitle: Box;
  /** The divider's accent rule: clear of the title's descenders (its box ends at the descent line). */
  dividerRule: Box;
  /** The list of the chapter's slides, under the rule. */
  dividerList: { y: number; h: number };
}

export function coverBoxes(geo: Geometry): CoverBoxes {
  const title = { x: MARGIN + 0.2, y: 1.6, w: geo.contentW - 0.4, h: 2.2 };
  const dividerTitle = { x: MARGIN, y: 2.3, w: geo.contentW, h: 1.0 };
  const dividerRule = { x: MARGIN, y: dividerTitle.y + dividerTitle.h + 0.16, w: 1.2, h: 0.1 };
  return {
    title,
    subtitle: { x: title.x, y: 4.1, w: title.w, h: 1.6 },
    logo: { x: title.x, y: 0.55, w: Math.min(3, title.w / 2), h: 0.7 },
    dividerTitle,
    dividerRule,
    dividerList: { y: dividerRule.y + dividerRule.h + 0.3, h: 2.75 },
  };
}

/** The placeholders of each layout: where its slides' titles (and text) go, and how they look. */
export function layoutPlaceholders(theme: Theme, geo: Geometry): Record<string, LayoutPlaceholders> {
  const c = theme.colors;
  const cover = coverBoxes(geo);
  return {
    [MASTER.content]: {
      title: { ...geo.title, size: theme.deck.titleSize, color: c.primary, bold: true, anchor: 'b' },
      body: { ...geo.content, size: theme.deck.bodySize, color: c.text, anchor: 't' },
    },
    [MASTER.divider]: { title: { ...cover.dividerTitle, size: 40, color: 'FFFFFF', bold: true, anchor: 'b' } },
    [MASTER.title]: {
      title: { ...cover.title, size: 44, color: 'FFFFFF', bold: true, anchor: 'b' },
      body: { ...cover.subtitle, size: 22, color: 'FFFFFF', anchor: 't' },
    },
  };
}

/** The footer logo's widest: a word's width, so the edition's name beside it keeps its room. */
const FOOTER_LOGO_MAX_W = 1.4;
const FOOTER_LOGO_GAP = 0.15;
const SLIDE_NUMBER_W = 1.0;

export function defineMasters(pptx: Pptx, doc: Document, theme: Theme, geo: Geometry, svgFallbacks: Map<string, Buffer>, locale: Locale): void {
  const c = theme.colors;
  const { footer, slide } = geo;
  const cover = coverBoxes(geo);
  // The logo, small, where the footer's first word would be; it is decoration there (no alt text):
  // the title slide names what it stands for.
  const logo = doc.logo && fitInto({ ...footer, w: FOOTER_LOGO_MAX_W }, doc.logo);
  const logoAt = logo && { ...logo, x: footer.x };
  const textX = logoAt ? logoAt.x + logoAt.w + FOOTER_LOGO_GAP : footer.x;
  const words = [...(logoAt ? [] : [theme.deck.logoText]), doc.edition.title, locale.format.date(doc.edition.date)].filter((w) => w.trim());
  const footerText = { text: { text: words.join('  ·  '), options: { x: textX, y: footer.y, w: footer.x + footer.w - SLIDE_NUMBER_W - 0.2 - textX, h: footer.h, fontFace: theme.fonts.latin, fontSize: 10, color: c.muted, margin: 0, valign: 'middle' as const } } };
  const slideNumber = { x: slide.w - MARGIN - SLIDE_NUMBER_W, y: footer.y, w: SLIDE_NUMBER_W, h: footer.h, fontFace: theme.fonts.latin, fontSize: 10, color: c.muted, align: 'right' as const };
  pptx.defineSlideMaster({
    title: MASTER.content,
    background: { color: c.background },
    objects: [
      { rect: { x: 0, y: 0, w: slide.w, h: 0.12, fill: { color: c.primary }, line: { color: c.primary } } },
      { line: { x: MARGIN, y: geo.titleRuleY, w: geo.contentW, h: 0, line: { color: c.rule, width: 1 } } },
      { line: { x: MARGIN, y: footer.y - 0.08, w: geo.contentW, h: 0, line: { color: c.rule, width: 0.75 } } },
      ...(logoAt && doc.logo ? [{ image: pictureOptions(doc.logo, logoAt, '', svgFallbacks) }] : []),
      footerText,
    ],
    slideNumber,
  });
  pptx.defineSlideMaster({
    title: MASTER.divider,
    background: { color: c.primary },
    objects: [{ rect: { ...cover.dividerRule, fill: { color: c.accent }, line: { color: c.accent } } }],
    slideNumber: { ...slideNumber, color: 'FFFFFF' },
  });
  pptx.defineSlideMaster({
    title: MASTER.title,
    background: { color: c.primary },
    objects: [{ rect: { x: 0, y: slide.h - 0.5, w: slide.w, h: 0.5, fill: { color: c.accent }, line: { color: c.accent } } }],
  });
}
