// Chinese line breaking in both emitters: breaks between ideographs, never before closing punctuation
// or after opening punctuation, and Latin words and numbers kept whole. Every punctuation mark lands
// at every place along a line (bullets and table cells shifted one ideograph at a time), and the lines
// are read back as a reader sees them: the report with poppler, the deck as LibreOffice lays it out,
// and the deck's own measuring (which decides how many lines a text takes) at many widths.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitReport } from '../../src/emit/pdf/index.ts';
import { createMeasurer } from '../../src/emit/pptx/measure.ts';
import type { AudienceBlock, Document } from '../../src/types.ts';
import { CLOSING, OPENING, cutWords, pdfLines, punctuationBreaks } from '../helpers/cjk-lines.ts';
import { bytesOf, sofficeToPdf, tempDir } from '../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../helpers/sample-document.ts';
import { deck, theme } from './pptx/deck-helpers.ts';

const LEAD = '江苏储能市场正在从示范项目走向规模化运营运营商普遍认为电芯价格降到一定水平以后独立储能电站已能自负盈亏';
/** Every closing and opening mark, each after or before Latin text and ideographs. */
const SENTENCE = '装机超过12.4 GWh，其中磷酸铁锂（LFP）电芯占85%；价格低于0.35元/Wh。能否盈利？要看《通知》和「先并网」：补偿、调频、利用率！另见『附表』与【注释】。';
const LATIN = ['12.4', 'GWh', 'LFP', '85%', '0.35', 'Wh'];

const lines = (n: number) => Array.from({ length: n }, (_, i) => LEAD.slice(0, i) + SENTENCE);

function chineseDocument(): Document {
  const doc = sampleDocument();
  doc.edition = { ...doc.edition, title: '中文断行', subtitle: '标点与拉丁文字', language: 'zh', keywords: [] };
  const bullets: AudienceBlock = { kind: 'bullets', audience: 'both', items: lines(48).map((text) => ({ level: 0, runs: [{ text }] })) };
  const table: AudienceBlock = {
    kind: 'table', audience: 'both', collectionId: 'cells', title: '表格中的断行', columns: ['项目', '说明', '备注'], sources: [],
    rows: lines(12).map((text, i) => [[{ text: `第${i + 1}项` }], [{ text }], [{ text: SENTENCE.slice(0, 20 + i).replace(/[（《「『【]+$/, '') }]]),
  };
  const origin = { file: 'templates/story.zh.hbs', line: 1, column: 1 };
  doc.sections = [
    { id: 'bullets', level: 2, title: '标点落在行的每个位置', blocks: [bullets], notes: [], sources: [], audience: 'both', origin },
    { id: 'table', level: 2, title: '表格', blocks: [table], notes: [], sources: [], audience: 'both', origin },
  ];
  return doc;
}

function expectChineseBreaks(pages: string[][], where: string): void {
  const all = pages.flat();
  // The text is there (each bullet and cell, over its lines).
  expect(all.join('').replace(/\s+/g, ''), where).toContain(SENTENCE.replace(/\s+/g, ''));
  expect(punctuationBreaks(all), where).toEqual([]);
  expect(cutWords(all, LATIN), where).toEqual([]);
}

describe('Chinese line breaking', () => {
  let doc: Document;
  beforeAll(() => { doc = chineseDocument(); });

  it('in the report, as poppler reads its lines', async () => {
    const file = path.join(tempDir('bs-cjk-breaks-'), 'report.pdf');
    writeFileSync(file, bytesOf(await emitReport(doc, sampleChartImages(), theme, {})));
    expectChineseBreaks(pdfLines(file), 'report');
  });

  it('in the deck, as LibreOffice lays it out', async () => {
    const d = await deck(doc);
    expectChineseBreaks(pdfLines(await sofficeToPdf(d.file)), 'deck');
  });

  it('in the deck\'s own measuring, at every width from 4 to 40 ideographs', () => {
    const m = createMeasurer(theme);
    const size = 20;
    const em = m.width('中', size);
    for (const text of lines(12)) {
      for (let n = 4; n <= 40; n++) {
        const wrapped = m.wrap(text, size, n * em + 1);
        const where = `${n} ideographs wide: ${wrapped.join(' | ')}`;
        expect(wrapped.join('').replace(/[\s\u00a0\u2060]+/g, ''), where).toBe(text.replace(/\s+/g, ''));
        expect(punctuationBreaks(wrapped), where).toEqual([]);
        expect(cutWords(wrapped.map((l) => l.replace(/\u00a0/g, ' ')), LATIN), where).toEqual([]);
        // Every line fits, but one piece no rule lets break ("（LFP）" with LibreOffice's spacing, in 4 ideographs).
        for (const line of wrapped) if (m.widestPiece(line, size) < m.width(line, size) - 0.01) expect(m.width(line, size), where).toBeLessThanOrEqual(n * em + 1);
      }
    }
  });

  it('keeps Chinese tile values that mix digits and ideographs on one line inside their tiles, as LibreOffice sets them (a quarter em between the two)', async () => {
    const values = ['1万～1.5万欧元', '约14亿欧元', '近17万人', '低于80%', '26万台', '超过24万'];
    const tiles = values.map((value, i) => ({ value, label: `说明${i + 1}`, source: 's002', figureId: `f${i}` }));
    const tileDoc: Document = { ...doc, sections: [{ ...doc.sections[0], id: 'tiles', title: '关键数字', blocks: [{ kind: 'tiles', audience: 'both', tiles }] }] };
    const d = await deck(tileDoc);
    const slide = d.slides[1];
    const boxes = (slide.match(/<p:sp>[\s\S]*?<\/p:sp>/g) ?? []).filter((sp) => values.some((v) => sp.includes(`<a:t>${v}`)));
    expect(boxes).toHaveLength(values.length);
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '2', '-l', '2', await sofficeToPdf(d.file), '-'], { encoding: 'utf8' });
    // The values' words: set large, unlike the labels under them.
    const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), xMax: Number(m[3]), text: m[5], h: Number(m[4]) - Number(m[2]) }))
      .filter((w) => w.h > 20);
    for (const sp of boxes) {
      const value = values.find((v) => sp.includes(`<a:t>${v}`))!;
      const [x, cx] = /<a:off x="(\d+)" y="\d+"\/><a:ext cx="(\d+)"/.exec(sp)!.slice(1).map((n) => Number(n) / 12700);
      // The value's words as drawn: the first holds its first characters; all on that word's line, inside the box.
      const first = words.find((w) => value.startsWith(w.text) && w.text.length >= 1 && w.x >= x - 1 && w.x <= x + cx)!;
      expect(first, value).toBeDefined();
      const own = words.filter((w) => Math.abs(w.y - first.y) < 2 && w.x >= x - 1 && w.x <= x + cx + 1);
      expect(own.map((w) => w.text).join(''), `${value} on one line`).toBe(value);
      for (const w of own) expect(w.xMax, `${value} inside its tile`).toBeLessThanOrEqual(x + cx + 1);
    }
  });

  it('the rules are the ones the issue names', () => {
    expect([...CLOSING]).toEqual([...'。，、；：？！）》」』】']);
    expect([...OPENING]).toEqual([...'（《「『【']);
  });
});
