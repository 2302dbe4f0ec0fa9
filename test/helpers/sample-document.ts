// A hand-made composed Document and chart images, so the emitters can be tested without the
// rest of the pipeline. It carries the hard cases: Chinese text, markup-like characters, a long
// table, many bullets, and a chart on a slide.
import { createCanvas } from 'canvas';
import type { AudienceBlock, ChartImage, ChartSpec, Document, Section, Tile } from '../../src/types.ts';

const origin = { file: 'templates/story.hbs', line: 1, column: 1 };

function section(id: string, level: 1 | 2, title: string, blocks: AudienceBlock[], notes: string[] = [], sources: string[] = []): Section {
  return { id, level, title, blocks, notes: notes.map((text) => [{ text }]), sources, audience: 'both', origin };
}

export const sampleChart: ChartSpec = {
  id: 'market-size',
  type: 'bar',
  title: 'AI large-model application market, China',
  unit: 'CNY billion',
  labels: ['2022 (implied)', '2024', '2027 (projected)'],
  series: [{ name: 'Market size', figures: ['market_2022', 'market_2024', 'market_2027'], values: [1.2, 15.7, 113], projected: [false, false, true] }],
  sources: ['s002'],
};

/** The headline figures as compose makes them: the short form, the label with its context, the long form. */
const HEADLINES: Tile[] = [
  { value: 'CNY 113 bn', label: 'market size in 2027 (projected)', source: 's002', figureId: 'market_2027', long: 'CNY 113 billion (2027, projected)', name: 'market size in 2027' },
  { value: '309 models', label: 'large models filed (as of November 2024)', source: 's002', figureId: 'models_filed', long: '309 models (as of November 2024)', name: 'large models filed' },
  { value: 'below CNY 0.5 per million tokens', label: 'price of a typical model (end of 2024)', source: 's002', figureId: 'token_price', long: 'below CNY 0.5 per million tokens (end of 2024)', name: 'price of a typical model' },
];

export function sampleDocument(opts: { tableRows?: number; bullets?: number } = {}): Document {
  const rows = Array.from({ length: opts.tableRows ?? 6 }, (_, i) => [
    [{ text: `Sector ${i + 1}` }],
    [{ text: 'Marketing and customer acquisition are hard; risk control is slow & costly' }],
    [{ text: 'Intelligent marketing, risk control, precise customer insight' }],
  ]);
  const bullets = Array.from({ length: opts.bullets ?? 4 }, (_, i) => ({
    runs: [{ text: `Point ${i + 1}: ` , bold: true }, { text: 'central and state-owned enterprises bought over 950 large-model projects', cite: 's002' }],
    level: 0,
  }));
  return {
    headlines: HEADLINES,
    edition: {
      title: 'The large-model market in China',
      subtitle: 'Briefing, November 2026 edition',
      date: '2026-11-22',
      publisher: 'Briefsmith Research',
      author: 'Briefsmith',
      language: 'en',
      keywords: ['large models', 'AI', 'China'],
      headlines: ['market_2027'],
    },
    sections: [
      section('key-takeaways', 2, 'Key takeaways', [
        { kind: 'tiles', audience: 'both', tiles: [
          ...HEADLINES,
        ] },
      ], ['Open with the scale: a market projected at CNY 113 billion by 2027.'], ['s002']),
      section('market', 1, 'The market', []),
      section('market-size', 2, 'Market size and growth', [
        { kind: 'chart', audience: 'both', chartId: 'market-size' },
        { kind: 'paragraph', audience: 'report', runs: [{ text: 'The market grows at a CAGR of 148% (2022–2027).', cite: 's002' }] },
      ], ['Walk through the bars; the 2027 bar is a projection.'], ['s002']),
      section('markup', 2, 'Literal text: *stars* # hash & <b>tags</b> {{x}} 中文标题 🚀', [
        { kind: 'bullets', audience: 'both', items: bullets },
        { kind: 'paragraph', audience: 'both', runs: [{ text: 'AIGC即AI Generated Content，是继UGC、PGC之后的新型内容生产方式。' }] },
      ], ['Say that the text is shown as written.'], ['s002', 's004']),
      section('timeline', 2, 'Evolution', [
        { kind: 'timeline', audience: 'both', collectionId: 'milestones', sources: ['s002'], items: [
          { when: '1956–2006', text: 'Foundations of deep learning and neural networks' },
          { when: '2018', text: 'GPT-1 and BERT: pretrained models become mainstream' },
          { when: 'End of 2022', text: 'ChatGPT starts a global boom' },
          { when: '2023', text: 'The “hundred-model battle” in China' },
          { when: '2024', text: 'Policy speeds up adoption' },
        ] },
      ], ['Four turning points.'], ['s002']),
      section('chain', 2, 'Industry chain', [
        { kind: 'flow', audience: 'both', collectionId: 'chain', sources: ['s000'], steps: [
          { title: 'Data supply', text: 'Collect and pre-process raw data' },
          { title: 'Model development', text: 'Train and customise models' },
          { title: 'Application', text: 'Help users generate content' },
          { title: 'Distribution', text: 'Deliver content through channels' },
        ] },
      ], ['Value flows left to right.'], ['s000']),
      section('use-cases', 2, 'Sector use cases', [
        { kind: 'table', audience: 'both', collectionId: 'sectors', title: 'Pain points and AI solutions', columns: ['Sector', 'Pain points', 'AI solutions'], rows, sources: ['s002'] },
      ], ['Pick the sector closest to the audience.'], ['s002']),
    ],
    sources: [
      { id: 's000', title: 'Large models need to balance technology, human resources, and capital elements', language: 'en', note: 'Published twice (000 and 001); counted once.' },
      { id: 's002', title: 'China large-model market overview', language: 'en' },
      { id: 's004', title: 'AIGC被ChatGPT带火！底层基础算力有望爆发式增长', titleEn: 'AIGC popularised by ChatGPT: base compute set for explosive growth', language: 'zh', date: '2023-03-01' },
    ],
    charts: { 'market-size': sampleChart },
  };
}

/** An opaque PNG of the chart's size, standing in for a rendered chart in emitter tests. */
export function sampleChartImages(width = 1600, height = 900): Map<string, ChartImage> {
  const canvas = createCanvas(width, height);
  // Opaque RGB, as the chart stage renders them (the report embeds nothing else).
  const ctx = canvas.getContext('2d', { pixelFormat: 'RGB24' });
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1f3a5f';
  [0.1, 0.3, 0.9].forEach((h, i) => ctx.fillRect(200 + i * 450, height * (1 - h) - 50, 300, height * h));
  const png = canvas.toBuffer('image/png');
  return new Map([[sampleChart.id, {
    id: sampleChart.id, png: Promise.resolve(png), width, height, hash: 'sample',
    alt: 'Bar chart: market size, CNY 1.2 billion in 2022 (implied) to CNY 113 billion projected for 2027.',
  }]]);
}
