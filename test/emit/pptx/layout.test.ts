// Layout measured at build time: nothing leaves its box or the slide, long content goes on
// continuation slides, and the same holds for the shipped story.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../src/charts/index.ts';
import { composeDocument } from '../../../src/compose/index.ts';
import { loadFindings } from '../../../src/index.ts';
import type { ChartImage, ChartSpec, Document } from '../../../src/types.ts';
import { createMeasurer } from '../../../src/emit/pptx/measure.ts';
import { WIDTH_SAFETY } from '../../../src/emit/pptx/text.ts';
import { ROOT, slideText } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';
import { bodyTextSizes, deck, EMU, expectChartsPlaced, expectShapesOnSlide, expectTablesFit, expectTextFits, expectTypeScale, theme, titleOf, type Deck } from './deck-helpers.ts';

describe('layout of the sample document', () => {
  let d: Deck;
  beforeAll(async () => { d = await deck(sampleDocument()); });

  it('keeps every shape on the slide', () => expectShapesOnSlide(d.slides));
  it('sets body text at the theme\'s body size or its one smaller step, nothing else', () => expectTypeScale(d.slides));
  it('fits the measured text of every text box inside its box', () => expectTextFits(d.slides));
  it('fits every table row to its measured text, above the source line', () => expectTablesFit(d.slides));
  it('keeps the chart picture\'s aspect ratio, above the source line', () => expectChartsPlaced(d.slides, sampleChartImages()));

  it('keeps titles between the theme\'s title sizes and body text at 12 pt or more', () => {
    for (const s of d.slides.slice(1)) {
      const title = /<p:sp>[\s\S]*?<\/p:sp>/.exec(s)![0];
      const size = Number(/sz="(\d+)"/.exec(title)![1]) / 100;
      expect(size).toBeGreaterThanOrEqual(theme.deck.minTitleSize);
      for (const m of s.matchAll(/<a:rPr [^>]*sz="(\d+)"[^>]*>[\s\S]*?<a:t>([^<]*)<\/a:t>/g)) {
        // Source lines (9–11 pt) and citation markers are the only smaller text.
        if (/^Sources?: /.test(m[2]) || /^\u00a0\[\d+\]$/.test(m[2])) continue;
        expect(Number(m[1]) / 100, m[2]).toBeGreaterThanOrEqual(theme.deck.minBodySize);
      }
    }
  });
});

describe('number tiles', () => {
  it('sets every value on one line, at one size, aligned row by row, for two to five tiles of short forms', async () => {
    const values = ['CNY 113 bn', '309 models', 'over 950 projects', '< CNY 0.5/M tokens', '40–45%', 'USD 30–60m', 'over 1.9m GPUs'];
    for (let n = 2; n <= 5; n++) {
      const doc = sampleDocument();
      const tiles = values.slice(0, n).map((value, i) => ({ value, label: `label of tile ${i + 1}, which says what the figure counts`, source: 's002', figureId: `f${i}` }));
      doc.sections[0].blocks = [{ kind: 'tiles', audience: 'both', tiles }];
      const d = await deck(doc);
      const slide = d.slides[1];
      const boxes = (slide.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).filter((sp) => values.some((v) => slideText(sp).replace(/\u00a0/g, ' ') === v));
      expect(boxes.length, `${n} tiles`).toBe(n);
      const m = createMeasurer(theme);
      const placed = boxes.map((sp) => {
        const [, y, cx] = /<a:off x="\d+" y="(\d+)"\/><a:ext cx="(\d+)"/.exec(sp)!.map(Number);
        return { y, width: (cx / EMU) * 72, size: Number(/sz="(\d+)"/.exec(sp)![1]) / 100, text: slideText(sp) };
      });
      for (const p of placed) expect(m.wrap(p.text, p.size, p.width, true).length, `${n} tiles: "${p.text}" at ${p.size} pt`).toBe(1);
      expect(new Set(placed.map((p) => p.size)).size, `${n} tiles: one size`).toBe(1);
      // In rows: a row's values share one baseline (one line each, one size, one top).
      const rows = [...new Set(placed.map((p) => p.y))];
      expect(rows.length, `${n} tiles in rows`).toBeLessThanOrEqual(2);
      expect(placed.filter((p) => p.y === rows[0]).length, `${n} tiles: the first row is full`).toBe(Math.ceil(n / rows.length));
    }
  });
});

describe('number tiles too long for a line', () => {
  it('sets six long values in two rows of wider tiles, wrapped between words, never inside one', async () => {
    const values = ['USD 125 tn', 'about 2.53 bn users', 'over 34 mn merchants', 'EUR 118 bn', 'USD -1.13 bn', 'USD 41.2 bn'];
    const doc = sampleDocument();
    const tiles = values.map((value, i) => ({ value, label: `label of tile ${i + 1}`, source: 's002', figureId: `f${i}` }));
    doc.sections[0].blocks = [{ kind: 'tiles', audience: 'both', tiles }];
    const slide = (await deck(doc)).slides[1];
    const boxes = (slide.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).filter((sp) => values.some((v) => slideText(sp).replace(/\u00a0/g, ' ') === v));
    expect(boxes.length).toBe(6);
    const m = createMeasurer(theme);
    const placed = boxes.map((sp) => {
      const [, y, cx] = /<a:off x="\d+" y="(\d+)"\/><a:ext cx="(\d+)"/.exec(sp)!.map(Number);
      return { y, width: (cx / EMU) * 72, size: Number(/sz="(\d+)"/.exec(sp)![1]) / 100, text: slideText(sp) };
    });
    expect(new Set(placed.map((p) => p.y)).size, 'two rows').toBe(2);
    for (const p of placed) {
      for (const word of p.text.split(/[\s\u00a0]+/)) expect(m.wrap(word, p.size, p.width, true).length, `"${word}" of "${p.text}" at ${p.size} pt`).toBe(1);
    }
  });
});

describe('big numbers after a chart', () => {
  const projects: ChartSpec = {
    id: 'projects', type: 'numbers', title: 'Large-model projects bought by state-owned enterprises', unit: 'projects', labels: ['in 2024'],
    series: [{ name: 'Projects', figures: ['projects_2024'], values: [950], projected: [false] }], sources: ['s002'],
  };
  const images = () => {
    const m = sampleChartImages();
    m.set('projects', { ...m.get('market-size')!, id: 'projects', alt: 'Big number: 950 projects in 2024.' });
    return m;
  };
  const withSection = (bullets: number) => {
    const doc = sampleDocument();
    doc.charts.projects = projects;
    const items = Array.from({ length: bullets }, (_, i) => ({ runs: [{ text: `Point ${i + 1}: demand for model services grew in every sector we looked at` }], level: 0 }));
    doc.sections[0].title = 'Demand and projects';
    doc.sections[0].blocks = [
      { kind: 'chart', audience: 'both', chartId: 'market-size' },
      { kind: 'bullets', audience: 'both', items },
      { kind: 'chart', audience: 'both', chartId: 'projects' },
    ];
    return doc;
  };
  const boxOf = (sp: string) => {
    const [, x, y, cx, cy] = /<a:off x="(\d+)" y="(\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"/.exec(sp)!.map(Number);
    return { x, y, cx, cy };
  };

  it('go under the text beside the chart, as a tile under their title, not on a slide of their own', async () => {
    const d = await deck(withSection(2), 'image', images());
    const parts = d.slides.filter((s) => titleOf(s).startsWith('Demand and projects'));
    expect(parts.map(titleOf)).toEqual(['Demand and projects']);
    const [slide] = parts;
    const shapes = slide.match(/<p:(?:sp|pic)>[\s\S]*?<\/p:(?:sp|pic)>/g) ?? [];
    const chart = boxOf(shapes.find((sp) => sp.startsWith('<p:pic>'))!);
    const text = boxOf(shapes.find((sp) => slideText(sp).startsWith('Point 1'))!);
    const title = boxOf(shapes.find((sp) => slideText(sp) === projects.title)!);
    const value = shapes.find((sp) => slideText(sp) === '950 projects')!;
    expect(value, 'the number is on the slide as text').toBeDefined();
    expect(slide).toContain('in 2024');
    // Beside the chart, in the text's column, below the text: the title, then the number.
    for (const b of [title, boxOf(value)]) {
      expect(b.x).toBeGreaterThanOrEqual(chart.x + chart.cx);
      expect(b.x).toBeGreaterThanOrEqual(text.x);
      expect(b.x + b.cx).toBeLessThanOrEqual(text.x + text.cx + 1);
    }
    expect(title.y).toBeGreaterThanOrEqual(text.y + text.cy);
    expect(boxOf(value).y).toBeGreaterThan(title.y);
    expect(slide.match(/<p:pic>/g)).toHaveLength(1);
    expectShapesOnSlide(parts);
    expectTextFits(parts);
    // The text keeps the size it has without the numbers.
    const sizeOfPoints = (xml: string) => /sz="(\d+)"/.exec((xml.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).find((sp) => slideText(sp).startsWith('Point 1'))!)![1];
    const without = withSection(2);
    without.sections[0].blocks = without.sections[0].blocks.slice(0, 2);
    const alone = await deck(without, 'image', images());
    expect(sizeOfPoints(slide)).toBe(sizeOfPoints(alone.slides.find((s) => titleOf(s) === 'Demand and projects')!));
  });

  it('keep a slide of their own when the text beside the chart leaves no room for them', async () => {
    const d = await deck(withSection(6), 'image', images());
    const parts = d.slides.filter((s) => titleOf(s).startsWith('Demand and projects'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(slideText(parts[0])).not.toContain('950 projects');
    expect(parts.slice(1).some((s) => s.includes('<p:pic>'))).toBe(true);
    expectTextFits(parts);
  });
});

describe('continuation slides', () => {
  it('splits many bullets evenly, at most seven a slide, each continuation titled (cont.)', async () => {
    const d = await deck(sampleDocument({ bullets: 20 }));
    const parts = d.slides.filter((s) => titleOf(s).startsWith('Literal text'));
    expect(parts.length).toBe(3);
    const counts = parts.map((s) => (s.match(/<a:buChar/g) ?? []).length);
    for (const n of counts) expect(n).toBeLessThanOrEqual(theme.deck.maxBullets);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(parts.slice(1).every((s) => titleOf(s).endsWith('(cont.)'))).toBe(true);
    expectTextFits(parts);
  });

  it('gives each continuation slide its own talk track, naming what that slide adds', async () => {
    const d = await deck(sampleDocument({ bullets: 20 }));
    const parts = d.slides.map((s, i) => ({ s, i })).filter(({ s }) => titleOf(s).startsWith('Literal text'));
    const notes = parts.map(({ i }) => d.notes.get(i)!.split('\n')[0]);
    expect(new Set(notes).size).toBe(parts.length);
    expect(notes[0]).toBe('Say that the text is shown as written.');
    parts.slice(1).forEach(({ s }, k) => {
      const shown = [...slideText(s).matchAll(/Point (\d+):/g)].map((m) => `Point ${m[1]}`);
      expect(shown.length).toBeGreaterThan(0);
      for (const point of shown) expect(notes[k + 1]).toContain(point);
    });
  });

  it('names a Chinese continuation\'s points by their first clause, not by whole paragraphs', async () => {
    const base = sampleDocument();
    const items = Array.from({ length: 12 }, (_, i) => ({ runs: [{ text: `第${i + 1}条：国有企业采购了超过950个大模型项目，公开招标中标超过1000个项目（2024年），两个数字都是下限。` }], level: 0 }));
    const section = { ...base.sections[3], title: '需求', blocks: [{ kind: 'bullets' as const, audience: 'both' as const, items }] };
    const d = await deck({ ...base, edition: { ...base.edition, language: 'zh' }, sections: [base.sections[1], section] });
    const parts = d.slides.map((s, i) => ({ s, i })).filter(({ s }) => titleOf(s).startsWith('需求'));
    expect(parts.length).toBe(2);
    const notes = d.notes.get(parts[1].i)!.split('\n')[0];
    expect(notes).toMatch(/^接上页“需求”。本页补充第7条、/);
    expect(notes).not.toContain('两个数字都是下限');
    expect(notes).not.toContain('。。');
  });

  it('sets the section\'s text under a table\'s last rows where it fits, and on a slide after where it does not', async () => {
    const withText = (tableRows: number, paragraphs: number) => {
      const doc = sampleDocument({ tableRows });
      const section = doc.sections.find((x) => x.title === 'Sector use cases')!;
      const paras = Array.from({ length: paragraphs }, (_, i) => ({ kind: 'paragraph' as const, audience: 'both' as const, runs: [{ text: `Reading ${i + 1}: every sector in the table buys the same few services, at different prices.` }] }));
      section.blocks = [...section.blocks, ...paras];
      return doc;
    };
    const top = (sp: string) => Number(/<a:off x="\d+" y="(\d+)"/.exec(sp)![1]);
    const bottomOfTable = (xml: string) => {
      const frame = /<p:graphicFrame>[\s\S]*?<\/p:graphicFrame>/.exec(xml)![0];
      return top(frame) + Number(/<a:ext cx="\d+" cy="(\d+)"/.exec(frame)![1]);
    };
    // A short table: its slide holds the text too, below the table.
    const short = await deck(withText(3, 1));
    const parts = short.slides.filter((x) => titleOf(x).startsWith('Sector use cases'));
    expect(parts.map(titleOf)).toEqual(['Sector use cases']);
    const text = (parts[0].match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).find((sp) => slideText(sp).startsWith('Reading 1'))!;
    expect(top(text)).toBeGreaterThan(bottomOfTable(parts[0]));
    expectTextFits(parts);
    expectShapesOnSlide(parts);
    // A table that fills its slides: the text goes on to a slide of its own, none of it lost.
    const long = await deck(withText(30, 3));
    const longParts = long.slides.filter((x) => titleOf(x).startsWith('Sector use cases'));
    const shown = longParts.flatMap((x) => [...slideText(x).matchAll(/Reading (\d+)/g)].map((m) => m[1]));
    expect(shown).toEqual(['1', '2', '3']);
    for (const x of longParts.filter((p) => p.includes('<a:tbl>') && /Reading \d/.test(slideText(p)))) {
      const sp = (x.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).find((y) => /^Reading/.test(slideText(y)))!;
      expect(top(sp)).toBeGreaterThan(bottomOfTable(x));
    }
    expectTextFits(longParts);
  });

  it('splits a long table with its header row on every slide and no row lost', async () => {
    const d = await deck(sampleDocument({ tableRows: 30 }));
    const parts = d.slides.filter((s) => s.includes('<a:tbl>'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map(titleOf)).toEqual(['Sector use cases', ...parts.slice(1).map(() => 'Sector use cases (cont.)')]);
    const sectors: string[] = [];
    for (const s of parts) {
      const rows = s.match(/<a:tr [\s\S]*?<\/a:tr>/g)!;
      expect(slideText(rows[0])).toBe('Sector\nPain points\nAI solutions');
      for (const row of rows.slice(1)) sectors.push(slideText(row).split('\n')[0]);
    }
    expect(sectors).toEqual(Array.from({ length: 30 }, (_, i) => `Sector ${i + 1}`));
    expectTablesFit(parts);
    expectShapesOnSlide(parts);
  });

  it('writes "—" in an empty table cell instead of leaving it empty', async () => {
    const doc = sampleDocument({ tableRows: 2 });
    const table = doc.sections.find((s) => s.id === 'use-cases')!.blocks[0] as Extract<Document['sections'][number]['blocks'][number], { kind: 'table' }>;
    table.rows[1][2] = [];
    const d = await deck(doc);
    const slide = d.slides.find((s) => s.includes('<a:tbl>'))!;
    expect(slideText(slide.match(/<a:tr [\s\S]*?<\/a:tr>/g)![2]).split('\n')).toEqual(['Sector 2', 'Marketing and customer acquisition are hard; risk control is slow & costly', '—']);
  });

  it('lists a long chapter on its divider in two columns, at the size of a short one', async () => {
    const doc = sampleDocument();
    const chapter = doc.sections.findIndex((s) => s.level === 1);
    const extra = Array.from({ length: 6 }, (_, i) => ({
      ...doc.sections[chapter + 1], id: `extra-${i}`, title: `Another slide of the chapter, number ${i + 1}`,
      blocks: [{ kind: 'paragraph' as const, audience: 'both' as const, runs: [{ text: 'Some text.' }] }],
    }));
    doc.sections.splice(chapter + 2, 0, ...extra);
    const covered = doc.sections.slice(chapter + 1).filter((s, i, all) => all.slice(0, i + 1).every((t) => t.level === 2)).map((s) => s.title);
    expect(covered.length).toBeGreaterThan(6);
    const [short, long] = await Promise.all([deck(sampleDocument()), deck(doc)]);
    const divider = (d: Deck) => d.slides.find((x) => slideText(x).includes(doc.sections[chapter].title))!;
    const listSizes = (xml: string) => [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).slice(2).flatMap((sp) => [...sp.matchAll(/sz="(\d+)"/g)].map((m) => Number(m[1])));
    expect(new Set(listSizes(divider(long)))).toEqual(new Set(listSizes(divider(short))));
    for (const title of covered) expect(slideText(divider(long))).toContain(title);
    expect(divider(long).match(/<p:sp>/g)!.length).toBe(divider(short).match(/<p:sp>/g)!.length + 1);
    expectTextFits(long.slides);
  });

  it('shrinks a very long title within the title sizes instead of letting it overflow', async () => {
    const doc = sampleDocument();
    doc.sections[0].title = 'Key takeaways from the whole market, its size, adoption, costs, compute, commercialisation and outlook to 2027, with every caveat the sources give and what they mean for us';
    const d = await deck(doc);
    const title = /<p:sp>[\s\S]*?<\/p:sp>/.exec(d.slides[1])![0];
    expect(Number(/sz="(\d+)"/.exec(title)![1]) / 100).toBeLessThan(theme.deck.titleSize);
    expectTextFits(d.slides);
  });
});

// The shipped story at each slide size: the same checks, whatever the width.
describe.each(['16:9', '16:10', '4:3'] as const)('layout of the shipped story at %s', (slideSize) => {
  let d: Deck;
  let slides: string[];
  let images: Map<string, ChartImage>;
  beforeAll(async () => {
    ({ doc, images } = await shippedStory());
    d = await deck(doc, 'image', images, { ...theme, deck: { ...theme.deck, slideSize } });
    slides = d.slides;
  });
  let doc: Document;

  it('is a deck of that size, 7.5 in tall', () => {
    expect(d.size.cy).toBe(6858000);
    expect(d.size.cx / d.size.cy).toBeCloseTo({ '16:9': 16 / 9, '16:10': 16 / 10, '4:3': 4 / 3 }[slideSize], 2);
  });
  it('has the story\'s 18–30 slides (a narrower slide may continue a few more)', () => {
    expect(slides.length).toBeGreaterThanOrEqual(18);
    expect(slides.length).toBeLessThanOrEqual(slideSize === '16:9' ? 30 : 40);
  });
  it('keeps every shape on its slide', () => expectShapesOnSlide(slides, d.size));
  it('has at most two body sizes across the deck, the theme\'s, and titles at the two title sizes', () => {
    expectTypeScale(slides);
    expect(bodyTextSizes(slides).size).toBeGreaterThan(0);
    for (const s of slides.slice(1)) {
      const title = /<p:sp>[\s\S]*?<\/p:sp>/.exec(s)![0];
      if (/<a:t>\d\d<\/a:t>/.test(s)) continue; // a divider ("01"): its number and chapter title are display type
      const size = Number(/sz="(\d+)"/.exec(title)![1]) / 100;
      // Smaller only when the title does not fit its box at the smaller title size (a long title on a narrow slide).
      if (size < theme.deck.minTitleSize) expect(titleOverflows(title, theme.deck.minTitleSize), titleOf(s)).toBe(true);
      else expect([theme.deck.titleSize, theme.deck.minTitleSize], titleOf(s)).toContain(size);
    }
  });
  it('fits every text box', () => expectTextFits(slides));
  it('fits every table', () => expectTablesFit(slides));
  it('places every chart at its aspect ratio above the source line', () => expectChartsPlaced(slides, images));

  it('places charts large enough to be sharp (>= 150 dpi) and their labels readable (>= 14 pt)', () => {
    for (const s of slides.filter((x) => x.includes('<p:pic>'))) {
      const cx = Number(/<p:pic>[\s\S]*?<a:ext cx="(\d+)"/.exec(s)![1]);
      expect(theme.chart.width / (cx / EMU)).toBeGreaterThanOrEqual(150);
      // Chart labels are drawn at theme.chart.fontSize px on a chart.width px canvas.
      expect((theme.chart.fontSize * (cx / EMU) * 72) / theme.chart.width).toBeGreaterThanOrEqual(14);
    }
  });
  it('splits no word of a timeline across lines', () => {
    for (const s of slides.filter((x) => x.includes('prst="ellipse"'))) {
      for (const sp of s.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []) {
        const [, cx] = /<a:ext cx="(\d+)"/.exec(sp) ?? [];
        const size = Number(/sz="(\d+)"/.exec(sp)?.[1] ?? 1800) / 100;
        for (const word of slideText(sp).split(/\s+|(?<=-)/).filter(Boolean)) expect(measurer.width(word, size), `"${word}" in ${titleOf(s)}`).toBeLessThanOrEqual((Number(cx) / EMU) * 72);
      }
    }
  });
});

const measurer = createMeasurer(theme);

/** Whether a title shape's text would overflow its box at `size`. */
function titleOverflows(shape: string, size: number): boolean {
  const [cx, cy] = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(shape)!.slice(1).map((n) => (Number(n) / EMU) * 72);
  const text = slideText(shape).replace(/\n/g, ' ');
  return measurer.wrap(text, size, cx * WIDTH_SAFETY, true).length * measurer.lineHeight(text, size) > cy;
}

/** The shipped data and story composed, and its charts rendered once for every size. */
let shipped: Promise<{ doc: Document; images: Map<string, ChartImage> }> | undefined;
function shippedStory() {
  shipped ??= (async () => {
    const { findings } = await loadFindings(path.join(ROOT, 'data'));
    const doc = composeDocument(findings, path.join(ROOT, 'templates'));
    const renderer = createChartRenderer(theme);
    const rendering = renderer.render(Object.values(doc.charts));
    await rendering.done;
    await renderer.close();
    return { doc, images: rendering.images };
  })();
  return shipped;
}
