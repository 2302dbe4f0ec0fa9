// Content slides use their body: no slide of the shipped deck, in English or in Chinese, leaves its
// lower third empty or holds a few lines in a large empty area; and the layouts that make that
// possible (points with lead-ins as rows, a flow and cards sharing a slide, text under a timeline)
// hold on a project that is not ours. Measured from the slide XML: each text box as tall as its
// lines measured with the real fonts, every other shape as its extent (test/helpers/slide-fill.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { slideGeometry } from '../../../src/emit/pptx/geometry.ts';
import { createMeasurer } from '../../../src/emit/pptx/measure.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import { ROOT, briefsmith, slideXml, tempDir } from '../../helpers/run.ts';
import { contentSlideFill, inkOf, type Ink, type SlideFill } from '../../helpers/slide-fill.ts';
import { textShapes } from '../../helpers/slide-shapes.ts';

/** Every content slide covers at least this share of its body… */
const MIN_AREA = 0.4;
/** …and reaches at least this far down it (its lower 30% is never all empty). */
const MIN_REACH = 0.7;

const overlap = (a: Ink, b: Ink) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

/** No text box's measured lines run into another's (a timeline's texts into the bullets under it). */
function expectNoTextOverlaps(slides: string[], theme = loadTheme(path.join(ROOT, 'templates'))): void {
  const m = createMeasurer(theme);
  for (const [i, xml] of slides.entries()) {
    const texts = inkOf(xml, m).filter((b) => b.text);
    for (const [j, a] of texts.entries()) {
      for (const b of texts.slice(j + 1)) expect(overlap(a, b), `slide ${i + 1}: "${a.text!.slice(0, 30)}" and "${b.text!.slice(0, 30)}"`).toBeLessThan(0.01);
    }
  }
}

const describeFill = (f: SlideFill) => `slide ${f.n} "${f.title.slice(0, 50)}": ${Math.round(f.area * 100)}% of the body, down to ${Math.round(f.reach * 100)}%`;

describe('the shipped deck in English and in Chinese', () => {
  const out = tempDir('bs-fill-');
  const decks = { en: path.join(out, 'briefing.pptx'), zh: path.join(out, 'zh/briefing.pptx') };
  const theme = loadTheme(path.join(ROOT, 'templates'));
  beforeAll(async () => {
    const r = await briefsmith(['build', '--out', out, '--only', 'deck']);
    expect(r.status, r.stderr).toBe(0);
  }, 180_000);

  it.each(['en', 'zh'] as const)('fills every content slide\'s body (%s): at least 40% of its area, and down into its lower 30%', async (language) => {
    const fills = await contentSlideFill(readFileSync(decks[language]), theme);
    expect(fills.length).toBeGreaterThanOrEqual(15);
    const thin = fills.filter((f) => f.area < MIN_AREA || f.reach < MIN_REACH).map(describeFill);
    expect(thin).toEqual([]);
  });

  it.each(['en', 'zh'] as const)('lets no text run into other text (%s)', async (language) => {
    expectNoTextOverlaps(await slideXml(decks[language]), theme);
  });
});

describe('a project in another market, with its own theme (test/fixtures/water-reuse)', () => {
  const fixture = path.join(ROOT, 'test/fixtures/water-reuse');
  const out = tempDir('bs-fill-fixture-');
  const theme = loadTheme(path.join(fixture, 'templates'));
  const body = slideGeometry().content;
  let slides: string[];
  let fills: SlideFill[];
  const slideTitled = (start: string) => {
    const i = slides.findIndex((s) => textShapes(s)[0]?.text.startsWith(start));
    expect(i, start).toBeGreaterThanOrEqual(0);
    return slides[i];
  };
  beforeAll(async () => {
    const r = await briefsmith(['build', '--data', path.join(fixture, 'data'), '--templates', path.join(fixture, 'templates'), '--out', out, '--only', 'deck']);
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(path.join(out, 'briefing.pptx'));
    slides = await slideXml(path.join(out, 'briefing.pptx'));
    fills = await contentSlideFill(bytes, theme);
  }, 180_000);

  it('sets points that open with a lead-in, alone on a slide, as rows: each lead-in in a column, its text beside it, at the body size', () => {
    const shapes = textShapes(slideTitled('Reuse is small today')).slice(1).filter((s) => s.y < body.y + body.h);
    const leads = shapes.filter((s) => Math.abs(s.x - body.x) < 0.01);
    const texts = shapes.filter((s) => s.x > body.x + 0.5);
    expect(leads.map((s) => s.text)).toEqual(['Scale', 'Share', 'Price', 'Cost', 'Rules']);
    expect(texts).toHaveLength(5);
    for (const [i, lead] of leads.entries()) {
      expect(texts[i].y, lead.text).toBeCloseTo(lead.y, 5);
      expect(texts[i].x, lead.text).toBeGreaterThan(lead.x + lead.w);
      expect(texts[i].text, lead.text).not.toMatch(/^[:：\s]/);
    }
    const xml = slideTitled('Reuse is small today');
    const inBody = (sp: string) => { const y = Number(/<a:off x="\d+" y="(\d+)"/.exec(sp)?.[1] ?? 0) / 914400; return y >= body.y && y < body.y + body.h && !sp.includes('name="Title"'); };
    const sizes = new Set((xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).filter(inBody).flatMap((sp) => [...sp.matchAll(/<a:rPr[^>]* sz="(\d+)"/g)].map((m) => Number(m[1]) / 100)));
    expect([...sizes]).toEqual([theme.deck.bodySize]);
    // Spread down the body, a rule between rows, not crowded at its top.
    expect(xml.match(/prst="line"/g)).toHaveLength(4);
    expect(fills.find((f) => f.title.startsWith('Reuse is small today'))!.reach).toBeGreaterThan(0.85);
  });

  it('puts a flow and a row of cards on one slide, each under its heading, with the section\'s text below them', () => {
    const shapes = textShapes(slideTitled('A retrofit runs in four stages'));
    const y = (text: string) => shapes.find((s) => s.text === text)!.y;
    expect(y('How a retrofit runs')).toBeLessThan(y('Permit'));
    expect(y('Permit')).toBeLessThan(y('Who pays for it'));
    expect(y('Who pays for it')).toBeLessThan(y('Farms'));
    expect(y('Farms')).toBeLessThan(shapes.find((s) => s.text.startsWith('The operator'))!.y);
    expect(slides.some((s) => textShapes(s)[0]?.text.includes('(cont.)'))).toBe(false);
  });

  it('puts the text under a timeline on the timeline\'s slide, clear of the timeline\'s texts', () => {
    const shapes = textShapes(slideTitled('The rules have settled'));
    expect(shapes.some((s) => s.text.startsWith('Permits'))).toBe(true);
    expectNoTextOverlaps(slides, theme);
  });

  it('fills the body of every content slide but the list of sources', () => {
    const thin = fills.filter((f) => f.title !== 'Sources' && (f.area < MIN_AREA || f.reach < MIN_REACH)).map(describeFill);
    expect(thin).toEqual([]);
  });
});
