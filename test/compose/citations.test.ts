// Citation markers stand at the end of the claim they support, once per source and paragraph.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { placeCitations, type DraftRun } from '../../src/compose/citations.ts';
import type { Findings, Run } from '../../src/types.ts';

/** "text [s1] more" for runs: where each marker stands in the text. */
const shown = (runs: Run[]) => runs.map((r) => r.text + (r.cite ? `[${r.cite}]` : '')).join('');
const fig = (text: string, cite: string): DraftRun[] => [{ text }, { text: '', cite, floats: true }];

describe('placeCitations', () => {
  it('moves a figure\'s marker past the words that follow the number, to the end of the claim', () => {
    expect(shown(placeCitations([{ text: 'Filed in ' }, ...fig('3', 's1'), { text: ' batches under the interim measures' }]))).toBe('Filed in 3 batches under the interim measures[s1]');
    expect(shown(placeCitations([{ text: 'It costs ' }, ...fig('below CNY 0.5', 's1'), { text: ' per million tokens. Training is dear.' }]))).toBe('It costs below CNY 0.5 per million tokens[s1]. Training is dear.');
    expect(shown(placeCitations([{ text: 'Demand rose by ' }, ...fig('1.9 million', 's1'), { text: '; investment runs high' }]))).toBe('Demand rose by 1.9 million[s1]; investment runs high');
  });

  it('cites each source once per paragraph, at its last claim, and keeps different sources apart', () => {
    const runs = placeCitations([
      { text: 'Worth ' }, ...fig('15.7', 's1'), { text: ' and then ' }, ...fig('113', 's1'), { text: ' by the end. It grows ' },
      ...fig('148%', 's1'), { text: ' a year, and training costs ' }, ...fig('USD 30–60 million', 's2'), { text: ' at startups.' },
    ]);
    expect(shown(runs)).toBe('Worth 15.7 and then 113 by the end. It grows 148% a year, and training costs USD 30–60 million at startups[s1][s2].');
    expect(runs.filter((r) => r.cite).map((r) => r.cite)).toEqual(['s1', 's2']);
  });

  it('keeps a {{cite}} where the template put it, before the punctuation it was written after', () => {
    const runs = placeCitations([{ text: 'a study,' }, { text: '', cite: 's1' }, { text: ' an article,' }, { text: '', cite: 's2' }, { text: ' and a post.' }, { text: '', cite: 's3' }]);
    expect(shown(runs)).toBe('a study[s1], an article[s2], and a post[s3].');
  });

  it('ends a claim at Chinese punctuation too: the marker before 。；：！？, not after the sentence', () => {
    expect(shown(placeCitations([{ text: '从业人员' }, ...fig('近17万人', 's1'), { text: '，行业需要更多经过培训的安装工人。' }]))).toBe('从业人员近17万人，行业需要更多经过培训的安装工人[s1]。');
    expect(shown(placeCitations([{ text: '市场规模' }, ...fig('1130亿元', 's1'), { text: '（2027年）；增长很快。' }]))).toBe('市场规模1130亿元（2027年）[s1]；增长很快。');
    const cited = placeCitations([{ text: '一项研究，' }, { text: '', cite: 's1' }, { text: '一篇文章。' }, { text: '', cite: 's2' }]);
    expect(shown(cited)).toBe('一项研究[s1]，一篇文章[s2]。');
  });

  it('keeps bold and italic runs and never loses text', () => {
    const runs = placeCitations([{ text: 'Lead: ', bold: true }, ...fig('72%', 's1'), { text: ' are ' }, { text: 'vertical', italic: true }]);
    expect(runs).toEqual([{ text: 'Lead: ', bold: true }, { text: '72% are ' }, { text: 'vertical', italic: true, cite: 's1' }]);
  });

  it('never leaves a figure\'s marker between a number and a word, whatever the sentence (fuzz)', () => {
    const words = ['models', 'in', 'batches', 'of', 'the', 'market', 'CNY', 'per', 'year'];
    const ends = ['', '.', ';', ':', ',', ' and'];
    let seed = 11;
    const pick = <T>(a: T[]) => a[(seed = (seed * 48271) % 2147483647) % a.length];
    for (let i = 0; i < 300; i++) {
      const draft: DraftRun[] = [];
      for (let c = 0; c < 4; c++) {
        draft.push({ text: `${pick(words)} ${pick(words)} ` }, ...fig(`${(seed % 997) + 1}`, pick(['s1', 's2'])));
        draft.push({ text: ` ${pick(words)}${pick(ends)} ` });
      }
      const runs = placeCitations(draft);
      expect(runs.map((r) => r.text).join('')).toBe(draft.map((r) => r.text).join(''));
      const text = shown(runs);
      expect(text, text).not.toMatch(/\d\[s\d\]\s*[A-Za-z]/);
      for (const source of ['s1', 's2']) expect((text.match(new RegExp(`\\[${source}\\]`, 'g')) ?? []).length).toBeLessThanOrEqual(1);
    }
  });
});

describe('citations in a composed story', () => {
  it('puts figure markers at claim ends in paragraphs and bullets', () => {
    const findings: Findings = {
      edition: { title: 'T', date: '2026-11-22', language: 'en' },
      sources: { s1: { id: 's1', title: 'One', language: 'en' } },
      figures: { batches: { id: 'batches', label: 'batches', value: 3, unit: 'batches', source: 's1' } },
      collections: {}, charts: {},
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-cite-'));
    mkdirSync(path.join(dir, 'partials'));
    writeFileSync(path.join(dir, 'story.hbs'), '## A\n\n- Filed in {{value "batches"}} batches under the measures\n\nFiled in {{value "batches"}} batches. Then more.\n');
    const doc = composeDocument(findings, dir);
    const [bullets, paragraph] = doc.sections[0].blocks;
    expect(bullets.kind === 'bullets' && shown(bullets.items[0].runs)).toBe('Filed in 3 batches under the measures[s1]');
    expect(paragraph.kind === 'paragraph' && shown(paragraph.runs)).toBe('Filed in 3 batches[s1]. Then more.');
  });
});
