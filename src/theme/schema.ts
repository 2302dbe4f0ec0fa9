// The theme's shape: every key, its default (the built-in theme, used whole when there is no
// theme.json) and the values that can be drawn. A key that is not here is refused with the nearest
// known one, so a misspelt "titelSize" is never silently ignored; a new key of the theme needs its
// line here, with its default.
import { z } from 'zod';

/** The built-in theme: what a project without templates/theme.json gets, key by key. */
export const DEFAULT_THEME = {
  name: 'Briefsmith default',
  colors: {
    primary: '1F3A5F', accent: 'E07A1F', text: '1E2530', muted: '5B6675', background: 'FFFFFF',
    panel: 'F2F5F9', rule: 'C9D2DE', projection: '9DB4CF',
    series: ['1F3A5F', 'E07A1F', '3C8D7B', '8C5BA8', 'C9463D', '6B8E23', '4A90C2', 'B8860B'],
  },
  fonts: { latin: 'Noto Sans', cjk: 'Noto Sans CJK SC' },
  deck: { titleSize: 26, minTitleSize: 22, bodySize: 18, minBodySize: 14, noteSize: 11, maxBullets: 7, logoText: 'Briefsmith', slideSize: '16:9' as '16:9' | '16:10' | '4:3' },
  report: { pageSize: 'A4' as 'A4' | 'LETTER', bodySize: 10.5, h1Size: 20, h2Size: 14, captionSize: 9, margin: 56 },
  chart: { width: 1600, height: 900, fontSize: 40, titleSize: 46 },
};

const SAY = {
  hex: 'must be a colour as six hex digits, e.g. "1F3A5F"',
  size: (min: number, max: number, unit: string) => `must be a number from ${min} to ${max} (${unit})`,
  whole: 'must be a whole number',
  text: 'must be text',
  notEmpty: 'must not be empty',
  pageSize: 'must be "A4" or "letter"',
  slideSize: 'must be "16:9", "16:10" or "4:3"',
  logo: 'must be the path of a PNG or SVG picture in the templates folder, e.g. "images/logo.png"',
  atMost: (other: string) => `must not be larger than ${other}`,
  section: 'must be an object of keys, e.g. { "titleSize": 30 }',
  theme: 'theme.json must hold one object of sections: colors, fonts, deck, report, chart',
} as const;

/** "1F3A5F", "#1f3a5f" → "1F3A5F": PowerPoint wants hex digits (named colours make it repair the file). */
const colour = z.string(SAY.hex).transform((s) => s.replace(/^#/, '')).pipe(z.string().regex(/^[0-9A-Fa-f]{6}$/, SAY.hex)).transform((s) => s.toUpperCase());
const size = (min: number, max: number, unit = 'points') => z.number(SAY.size(min, max, unit)).min(min, SAY.size(min, max, unit)).max(max, SAY.size(min, max, unit));
const name = z.string(SAY.text).trim().min(1, SAY.notEmpty);

const d = DEFAULT_THEME;

export const themeSchema = z.strictObject({
  name: z.string(SAY.text).default(d.name),
  /** A picture on the title slide, the report cover and the slide footer; read and checked by theme/logo.ts. */
  logo: z.string(SAY.logo).trim().min(1, SAY.logo).optional(),
  colors: z.strictObject({
    primary: colour.default(d.colors.primary),
    accent: colour.default(d.colors.accent),
    text: colour.default(d.colors.text),
    muted: colour.default(d.colors.muted),
    background: colour.default(d.colors.background),
    panel: colour.default(d.colors.panel),
    rule: colour.default(d.colors.rule),
    projection: colour.default(d.colors.projection),
    series: z.array(colour).min(1, 'must list at least one colour').max(24, 'may list at most 24 colours').default(d.colors.series),
  }, SAY.section).prefault({}),
  fonts: z.strictObject({
    latin: name.default(d.fonts.latin),
    cjk: name.default(d.fonts.cjk),
  }, SAY.section).prefault({}),
  deck: z.strictObject({
    titleSize: size(12, 80).default(d.deck.titleSize),
    minTitleSize: size(8, 80).default(d.deck.minTitleSize),
    bodySize: size(8, 48).default(d.deck.bodySize),
    minBodySize: size(6, 48).default(d.deck.minBodySize),
    noteSize: size(6, 36).default(d.deck.noteSize),
    // At least one bullet a slide: 0 would put every bullet on a slide of its own.
    maxBullets: size(1, 20, 'bullets a slide').int(SAY.whole).default(d.deck.maxBullets),
    logoText: z.string(SAY.text).max(60, 'must be at most 60 characters').default(d.deck.logoText),
    slideSize: z.enum(['16:9', '16:10', '4:3'], SAY.slideSize).default(d.deck.slideSize),
  }, SAY.section).prefault({}),
  report: z.strictObject({
    pageSize: z.string(SAY.pageSize).transform((s) => s.toUpperCase()).pipe(z.enum(['A4', 'LETTER'], SAY.pageSize)).default(d.report.pageSize),
    bodySize: size(6, 24).default(d.report.bodySize),
    h1Size: size(8, 48).default(d.report.h1Size),
    h2Size: size(8, 36).default(d.report.h2Size),
    captionSize: size(5, 24).default(d.report.captionSize),
    margin: size(18, 144).default(d.report.margin),
  }, SAY.section).prefault({}),
  chart: z.strictObject({
    width: size(400, 4000, 'pixels').int(SAY.whole).default(d.chart.width),
    height: size(225, 4000, 'pixels').int(SAY.whole).default(d.chart.height),
    fontSize: size(8, 120, 'pixels').default(d.chart.fontSize),
    titleSize: size(8, 160, 'pixels').default(d.chart.titleSize),
  }, SAY.section).prefault({}),
}, SAY.theme).superRefine((t, ctx) => {
  // A smallest size above the size itself would make text grow as it shrinks to fit.
  if (t.deck.minTitleSize > t.deck.titleSize) ctx.addIssue({ code: 'custom', path: ['deck', 'minTitleSize'], message: SAY.atMost(`deck.titleSize (${t.deck.titleSize})`) });
  if (t.deck.minBodySize > t.deck.bodySize) ctx.addIssue({ code: 'custom', path: ['deck', 'minBodySize'], message: SAY.atMost(`deck.bodySize (${t.deck.bodySize})`) });
});

export type Theme = z.output<typeof themeSchema>;
