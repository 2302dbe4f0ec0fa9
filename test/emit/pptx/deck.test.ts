// The deck's story on hand-made Documents, read from the unzipped XML: slides and their order,
// literal text, notes, alt text, slide numbers, fonts and source lines.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudienceBlock, Document, Section } from '../../../src/types.ts';
import { slideText, unescapeXml } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';
import { deck, escapedOnce, partText, theme, titleOf, type Deck } from './deck-helpers.ts';

const MARKUP_TITLE = 'Literal text: *stars* # hash & <b>tags</b> {{x}} 中文标题 🚀';

describe('emitDeck on the sample document', () => {
  let d: Deck;
  beforeAll(async () => { d = await deck(sampleDocument()); });

  it('has the title slide, every section in order, and the sources at the end', () => {
    expect(d.slides.map(titleOf)).toEqual([
      'The large-model market in China', 'Key takeaways', 'The market', 'Market size and growth', MARKUP_TITLE,
      'Evolution', 'Industry chain', 'Sector use cases', 'Sources',
    ]);
    const texts = d.slides.map(slideText);
    expect(texts[0]).toContain('Briefing, November 2026 edition');
    expect(texts[0]).toContain('22 November 2026');
    expect(texts[0]).toContain('Briefsmith Research');
    expect(texts[2]).toContain('The market');
  });

  it('numbers the sources list and cites by those numbers', () => {
    const sources = slideText(d.slides[d.slides.length - 1]);
    expect(sources).toContain('[1] Large models need to balance technology, human resources, and capital elements');
    expect(sources).toContain('Published twice (000 and 001); counted once.');
    expect(sources).toContain('[3] AIGC被ChatGPT带火！底层基础算力有望爆发式增长 (AIGC popularised by ChatGPT: base compute set for explosive growth)');
    // A reference: its date in words, its language, and for one without them, that no publisher or date is given.
    expect(sources).toContain('(AIGC popularised by ChatGPT: base compute set for explosive growth). 1 March 2023. In Chinese.');
    expect(sources).toContain('[2] China large-model market overview. Publisher and date not given.');
    // s002 is the second source: its citations read [2], as a superscript after the text.
    const markup = d.slides[4];
    expect(markup).toMatch(/<a:rPr [^>]*baseline="30000"[^>]*>[\s\S]*?<a:t>\u00a0\[2\]<\/a:t>/);
  });

  it('shows markup, entities, emoji and Chinese literally, never double-escaped', () => {
    const all = d.slides.join('');
    expect(all).toContain(escapedOnce(MARKUP_TITLE));
    expect(all).not.toContain('&amp;amp;');
    expect(all).not.toContain('&amp;lt;');
    expect(d.slides.map(slideText).join('\n')).toContain('AIGC即AI Generated Content，是继UGC、PGC之后的新型内容生产方式。');
    expect(slideText(d.slides[7])).toContain('risk control is slow & costly');
  });

  it('gives every slide speaker notes, and content slides their section\'s talk track', () => {
    d.slides.forEach((_, i) => expect(d.notes.get(i), `notes of slide ${i + 1}`).toBeTruthy());
    // The notes page's first paragraph is the talk track (its slide number follows).
    const notesOf = (title: string) => d.notes.get(d.slides.findIndex((s) => titleOf(s) === title))!.split('\n')[0];
    expect(notesOf('Market size and growth')).toBe('Walk through the bars; the 2027 bar is a projection.');
    expect(notesOf('Key takeaways')).toContain('CNY 113 billion by 2027');
    expect(notesOf('Sector use cases')).toBe('Pick the sector closest to the audience.');
  });

  it('opens a divider\'s notes with why the chapter matters, then what it covers, without markers', async () => {
    const doc = sampleDocument();
    doc.sections[1].notes = [[{ text: 'Size decides everything that follows.', cite: 's002' }]];
    const withWhy = await deck(doc);
    const divider = withWhy.slides.findIndex((s) => slideText(s).includes('The market'));
    const [why, covers] = withWhy.notes.get(divider)!.split('\n');
    expect(why).toBe('Size decides everything that follows.');
    expect(covers).toMatch(/^Chapter 1: The market\. It covers Market size and growth;/);
  });

  it('puts the chart picture on its slide with the chart\'s alt text as its description', () => {
    const withPicture = d.slides.filter((s) => s.includes('<p:pic>'));
    expect(withPicture.map(titleOf)).toEqual(['Market size and growth']);
    for (const s of withPicture) {
      for (const pic of s.match(/<p:pic>[\s\S]*?<\/p:pic>/g)!) {
        const descr = /<p:cNvPr [^>]*descr="([^"]*)"/.exec(pic)?.[1];
        expect(unescapeXml(descr ?? '')).toBe(sampleChartImages().get('market-size')!.alt);
      }
    }
  });

  it('numbers every slide but the title and prints the edition date in the footer (from the master)', async () => {
    d.slides.slice(1).forEach((s, i) => expect(s, `slide ${i + 2}`).toContain('type="slidenum"'));
    // pptxgenjs writes each master's objects into its slide layout: follow slide 2 to its layout.
    const rels = await partText(d, 'ppt/slides/_rels/slide2.xml.rels');
    const layout = /Target="\.\.\/slideLayouts\/(slideLayout\d+\.xml)"/.exec(rels)![1];
    const layoutXml = await partText(d, `ppt/slideLayouts/${layout}`);
    expect(layoutXml).toContain('22 November 2026');
    expect(layoutXml).toContain(theme.deck.logoText);
  });

  it('sets the Latin and East Asian font slots on every run', () => {
    for (const s of d.slides) {
      for (const rPr of s.match(/<a:rPr\b[\s\S]*?<\/a:rPr>/g) ?? []) {
        expect(rPr).toContain(`<a:latin typeface="${theme.fonts.latin}"`);
        expect(rPr).toContain(`<a:ea typeface="${theme.fonts.cjk}"`);
      }
    }
  });

  it('puts a source line under every chart, table, tile row, timeline and flow', () => {
    const visual = /<p:pic>|<a:tbl>|prstGeom prst="ellipse"|prstGeom prst="rightArrow"|<c:chart /;
    const withVisuals = d.slides.filter((s) => visual.test(s) || titleOf(s) === 'Key takeaways');
    expect(withVisuals.length).toBe(5);
    for (const s of withVisuals) expect(slideText(s), titleOf(s)).toMatch(/^Sources?: \[\d\] /m);
    expect(slideText(d.slides[7])).toContain('Source: [2] China large-model market overview');
    expect(slideText(d.slides[6])).toContain('Source: [1] Large models need to balance');
  });
});

describe('emitDeck chooses what goes in the deck', () => {
  const section = (id: string, title: string, blocks: AudienceBlock[], audience: Section['audience'] = 'both', notes: string[] = []): Section => ({
    id, level: 2, title, blocks, notes: notes.map((text) => [{ text }]), sources: [], audience, origin: { file: 't.hbs', line: 1, column: 1 },
  });

  it('skips report-only sections and blocks', async () => {
    const doc: Document = sampleDocument();
    doc.sections.push(section('appendix', 'Methodology appendix', [{ kind: 'paragraph', audience: 'both', runs: [{ text: 'Long method text' }] }], 'report'));
    doc.sections.push(section('mixed', 'Mixed audiences', [
      { kind: 'paragraph', audience: 'deck', runs: [{ text: 'Only on the slide' }] },
      { kind: 'paragraph', audience: 'report', runs: [{ text: 'Only in the report' }] },
    ], 'both', ['Say it briefly.']));
    const d = await deck(doc);
    const text = d.slides.map(slideText).join('\n');
    expect(text).not.toContain('Methodology appendix');
    expect(text).toContain('Only on the slide');
    expect(text).not.toContain('Only in the report');
    // The sample's report-only CAGR paragraph stays out too.
    expect(text).not.toContain('CAGR of 148%');
  });

  it('writes a line from the title where a section has no notes', async () => {
    const doc = sampleDocument();
    doc.sections.push(section('quiet', 'A slide without notes', [{ kind: 'paragraph', audience: 'both', runs: [{ text: 'Body' }] }]));
    const d = await deck(doc);
    const i = d.slides.findIndex((s) => titleOf(s) === 'A slide without notes');
    expect(d.notes.get(i)).toContain('A slide without notes');
  });
});
