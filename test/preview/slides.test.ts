// The preview's slides come from the deck's own drawing (recorded, then replayed onto pptxgenjs):
// every text box stands where the .pptx has it, and text is grouped into paragraphs as pptxgenjs
// groups it (checked against pptxgenjs itself).
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { emitDeck } from '../../src/emit/pptx/index.ts';
import { PptxGenJS } from '../../src/emit/pptx/pptxgen.ts';
import { DeckRecorder, replay } from '../../src/emit/pptx/record.ts';
import { deckView, paragraphs, plain, type TextView } from '../../src/preview/slides.ts';
import { theme, openDeck } from '../emit/pptx/deck-helpers.ts';
import { bytesOf } from '../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../helpers/sample-document.ts';
import { textShapes } from '../helpers/slide-shapes.ts';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

async function drawnDeck() {
  const images = sampleChartImages();
  let drawn: DeckRecorder | undefined;
  const artifact = await emitDeck(sampleDocument({ tableRows: 14, bullets: 9 }), images, theme, { charts: 'image', onDrawn: (d) => { drawn = d; } });
  const view = deckView(drawn!, images, (image) => `/charts/${image.hash}.png`);
  return { view, pptx: await openDeck(bytesOf(artifact)), images };
}

describe('the preview\'s slides', () => {
  it('are the deck\'s slides: the same count, each text box at the position and size the .pptx gives it', async () => {
    const { view, pptx } = await drawnDeck();
    expect(view.width).toBeCloseTo(13.333, 3);
    expect(view.height).toBe(7.5);
    expect(view.slides.length).toBe(pptx.slides.length);
    let compared = 0;
    view.slides.forEach((slide, i) => {
      const shapes = textShapes(pptx.slides[i]);
      // The slide's own text boxes (the master's footer and number are not in the slide's XML).
      const texts = slide.elements.filter((e): e is TextView => e.kind === 'text').slice(-shapes.length);
      expect(texts.map((t) => squash(plain(t))), `slide ${i + 1}`).toEqual(shapes.map((s) => squash(s.text)));
      texts.forEach((t, j) => {
        for (const k of ['x', 'y', 'w', 'h'] as const) expect(t.box[k], `slide ${i + 1} box ${j} ${k}`).toBeCloseTo(shapes[j][k], 3);
        compared++;
      });
      expect(slide.title, `slide ${i + 1}`).not.toBe('');
      expect(shapes.map((s) => squash(s.text))).toContain(squash(slide.title));
    });
    expect(compared).toBeGreaterThan(view.slides.length * 2);
  });

  it('names each slide by its title, and shows each chart as its picture on the preview server, with its alt text', async () => {
    const { view, images } = await drawnDeck();
    const doc = sampleDocument();
    for (const s of doc.sections.filter((x) => x.level === 2)) expect(view.slides.map((v) => v.title)).toContain(s.title);
    expect(view.slides.find((v) => v.elements.some((e) => e.kind === 'text' && plain(e) === '01'))?.title).toBe('The market');
    const pictures = view.slides.flatMap((s) => s.elements.filter((e) => e.kind === 'image'));
    const chart = images.get('market-size')!;
    expect(pictures).toContainEqual(expect.objectContaining({ src: `/charts/${chart.hash}.png`, alt: chart.alt }));
    // Speaker notes come along with their slide.
    expect(view.slides.find((v) => v.title === 'Market size and growth')?.notes).toContain('the 2027 bar is a projection');
  });

  it.each([
    ['a string with line breaks', 'one\ntwo\nthree', { fontSize: 20 }],
    ['runs ending in breakLine', [{ text: 'a', options: { breakLine: true } }, { text: 'b', options: { bold: true } }, { text: 'c' }], { fontSize: 14, color: '1F3A5F' }],
    ['bullets at two levels', [
      { text: 'first', options: { bullet: { indent: 20 }, indentLevel: 0, paraSpaceAfter: 7 } }, { text: ' [1]', options: { superscript: true, breakLine: true } },
      { text: 'second', options: { bullet: { indent: 20 }, indentLevel: 1, paraSpaceAfter: 7 } }, { text: 'third', options: { bullet: true } },
    ], { fontSize: 18 }],
    ['alignment changes', [{ text: 'left', options: { align: 'left' } }, { text: 'right', options: { align: 'right' } }], {}],
    ['box options inherited by runs', 'Title', { fontSize: 30, bold: true, color: 'FFFFFF', align: 'center', paraSpaceAfter: 5 }],
  ] as const)('group %s into paragraphs as pptxgenjs does', async (_what, text, options) => {
    const pptx = new PptxGenJS();
    pptx.addSlide().addText(text as never, { x: 1, y: 1, w: 4, h: 2, ...options } as never);
    const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
    const xml = await zip.file('ppt/slides/slide1.xml')!.async('string');
    const written = [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => ({
      text: [...p[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''),
      marL: Number(/<a:pPr[^>]*marL="(\d+)"/.exec(p[1])?.[1] ?? 0) / 12700,
      indent: Number(/<a:pPr[^>]*indent="(-?\d+)"/.exec(p[1])?.[1] ?? 0) / 12700,
      after: Number(/<a:spcAft><a:spcPts val="(\d+)"/.exec(p[1])?.[1] ?? 0) / 100,
      align: /<a:pPr[^>]*algn="(\w+)"/.exec(p[1])?.[1] ?? 'l',
      sizes: [...p[1].matchAll(/<a:rPr[^>]*sz="(\d+)"/g)].map((m) => Number(m[1]) / 100),
      bold: [...p[1].matchAll(/<a:rPr[^>]*?( b="1")?[ >/]/g)].length > 0 && / b="1"/.test(p[1]),
    }));
    const ours = paragraphs(text, options as never);
    expect(ours.map((p) => p.runs.map((r) => r.text).join(''))).toEqual(written.map((w) => w.text));
    ours.forEach((p, i) => {
      expect(p.marginLeft, `paragraph ${i} margin`).toBeCloseTo(written[i].marL, 3);
      expect(p.indent, `paragraph ${i} indent`).toBeCloseTo(written[i].indent, 3);
      expect(p.spaceAfter, `paragraph ${i} space after`).toBe(written[i].after);
      expect(p.align.charAt(0), `paragraph ${i} align`).toBe(written[i].align === 'ctr' ? 'c' : written[i].align.charAt(0));
      if (written[i].sizes.length) expect(p.runs.map((r) => r.size)).toEqual(written[i].sizes);
      expect(p.runs.some((r) => r.bold), `paragraph ${i} bold`).toBe(written[i].bold);
    });
  });

  it('record whatever the drawing code does to the deck and its slides, and replay it all onto pptxgenjs', async () => {
    const recorder = new DeckRecorder();
    const deck = recorder.asPptx();
    deck.defineLayout({ name: 'BOARD', width: 12, height: 9 });
    deck.layout = 'BOARD';
    deck.title = 'Recorded';
    const slide = deck.addSlide();
    slide.background = { color: 'FF0000' };
    slide.addText('Hello', { x: 1, y: 1, w: 3, h: 1 }).addShape(deck.ShapeType.ellipse, { x: 2, y: 3, w: 1, h: 1, fill: { color: '00FF00' } });
    expect(deck.layout).toBe('BOARD');
    const view = deckView(recorder, new Map(), () => '');
    expect([view.width, view.height]).toEqual([12, 9]);
    expect(view.slides[0].background).toBe('FF0000');
    expect(view.slides[0].elements.map((e) => e.kind)).toEqual(['text', 'shape']);

    const pptx = new PptxGenJS();
    replay(recorder, pptx);
    const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
    const xml = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(xml).toContain('<a:srgbClr val="FF0000"/>');
    expect(xml).toContain('prst="ellipse"');
    expect(xml).toContain('<a:t>Hello</a:t>');
    expect(await zip.file('ppt/presentation.xml')!.async('string')).toContain(`cx="${12 * 914400}" cy="${9 * 914400}"`);
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('<dc:title>Recorded</dc:title>');
  });
});
