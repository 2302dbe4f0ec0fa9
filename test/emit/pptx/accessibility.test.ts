// The deck as PowerPoint's Accessibility Checker and a screen reader meet it: titles in title
// placeholders (the outline view), unique shape ids, alt text, decorative shapes, table headers.
import { describe, expect, it } from 'vitest';
import { flagDecorativeShapes, uniqueShapeIds } from '../../../src/emit/pptx/accessibility.ts';
import { chartAltText } from '../../../src/charts/alt.ts';
import { sampleChart, sampleDocument } from '../../helpers/sample-document.ts';
import { accessibilityProblems, deck, partText } from './deck-helpers.ts';

describe('the deck for assistive technology', () => {
  it('passes every check with chart pictures', async () => {
    const d = await deck(sampleDocument({ tableRows: 40, bullets: 12 }));
    expect(await accessibilityProblems(d)).toEqual([]);
  });

  it('passes every check with native charts, whose alt text reads out the values', async () => {
    const d = await deck(sampleDocument(), 'native');
    expect(await accessibilityProblems(d)).toEqual([]);
    const frame = d.slides.join('').match(/<p:graphicFrame>(?:(?!<\/p:graphicFrame>)[\s\S])*?<c:chart [\s\S]*?<\/p:graphicFrame>/)![0];
    expect(frame).toContain(`descr="${chartAltText(sampleChart)}"`);
  });

  it('keeps shape ids unique on a slide with more than 24 shapes (pptxgenjs gives the slide number id 25)', async () => {
    const doc = sampleDocument();
    // Twelve steps: a box, a bar, a text and an arrow each, 47 shapes.
    doc.sections.push({ id: 'steps', level: 2, title: 'Many steps', notes: [], sources: [], audience: 'both', origin: { file: 't.hbs', line: 1, column: 1 },
      blocks: [{ kind: 'flow', audience: 'both', collectionId: 'steps', sources: [], steps: Array.from({ length: 12 }, (_, i) => ({ title: `S${i + 1}`, text: '' })) }] });
    const d = await deck(doc);
    const crowded = d.slides.find((s) => (s.match(/<p:cNvPr /g) ?? []).length > 25)!;
    expect(crowded).toBeDefined();
    expect(await accessibilityProblems(d)).toEqual([]);
  });

  it('fills the outline: each slide\'s title placeholder holds its title, and the layouts define title and body placeholders', async () => {
    const d = await deck(sampleDocument());
    const layouts = await Promise.all(Object.keys(d.zip.files).filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => partText(d, n)));
    const content = layouts.find((l) => l.includes('name="BS_CONTENT"'))!;
    expect(content).toContain('<p:ph type="title"/>');
    expect(content).toContain('<p:ph type="body" idx="1"/>');
    const master = await partText(d, 'ppt/slideMasters/slideMaster1.xml');
    expect(master).toContain('<p:ph type="title"/>');
    const app = await partText(d, 'docProps/app.xml');
    expect(app).toContain('<vt:lpstr>Market size and growth</vt:lpstr>');
    expect(app).not.toMatch(/<vt:lpstr>Slide \d+<\/vt:lpstr>/);
  });
});

describe('the repairs on their own', () => {
  it('numbers shapes 1…n in order and flags only shapes without text', () => {
    const sp = (id: number, body = '') => `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="S"></p:cNvPr><p:cNvSpPr/><p:nvPr></p:nvPr></p:nvSpPr>${body}</p:sp>`;
    const xml = `<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/></p:nvGrpSpPr>${sp(25)}${sp(25, '<p:txBody><a:p><a:r><a:t>Hi</a:t></a:r></a:p></p:txBody>')}${sp(3)}</p:spTree>`;
    const fixed = flagDecorativeShapes(uniqueShapeIds(xml));
    expect([...fixed.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4']);
    expect(fixed.match(/adec:decorative/g)).toHaveLength(2);
    expect(fixed).toMatch(/<p:cNvPr id="3" name="S"><\/p:cNvPr>/);
  });
});
