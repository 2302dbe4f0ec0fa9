// Ranges and compounds ("2022–2027", "40–45%", "CNY 113 billion", "GPT-3") never break across lines,
// in the report (pdfkit) nor in the deck as a real viewer lays it out (LibreOffice).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepTogether } from '../../src/emit/common.ts';
import { emitReport } from '../../src/emit/pdf/index.ts';
import type { AudienceBlock, Document } from '../../src/types.ts';
import { bytesOf, sofficeToPdf, tempDir } from '../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../helpers/sample-document.ts';
import { deck, theme } from './pptx/deck-helpers.ts';

const COMPOUNDS = ['(2022–2027)', '40–45%', 'CNY 113 billion', 'GPT-3', 'three-dimensional', 'USD 30–60 million', 'Jan–Jul 2024'];
const FILLER = 'a an the of market models growth large projected'.split(' ');

/** Bullets in which every compound lands at many places along a line: words of varied length before it. */
function compoundsDocument(): Document {
  const doc = sampleDocument();
  let seed = 5;
  const word = () => FILLER[(seed = (seed * 16807) % 2147483647) % FILLER.length];
  const items = Array.from({ length: 14 }, (_, i) => ({
    level: 0,
    runs: [{ text: Array.from({ length: 3 + (i % 7) }, word).join(' ') + ` ${COMPOUNDS[i % COMPOUNDS.length]} ` + Array.from({ length: 4 }, word).join(' ') + ` ${COMPOUNDS[(i + 3) % COMPOUNDS.length]} ${word()}` }],
  }));
  // Beside a chart the column is narrow, so compounds meet the line's end often.
  const blocks: AudienceBlock[] = [{ kind: 'chart', audience: 'both', chartId: 'market-size' }, { kind: 'bullets', audience: 'both', items }];
  doc.sections.splice(2, 0, { ...doc.sections[2], id: 'compounds', title: 'Compounds', blocks });
  return doc;
}

/** The extracted text with each compound's spaces made plain: a compound broken over two lines no longer appears whole. */
const unbroken = (text: string) => text.replace(/\u00a0/g, ' ');

function expectCompoundsWhole(text: string, where: string): void {
  const plain = unbroken(text);
  for (const compound of COMPOUNDS) {
    const whole = plain.split(compound).length - 1;
    const anywhere = plain.replace(/\s+/g, '').split(compound.replace(/\s+/g, '')).length - 1;
    expect(anywhere, `${where}: "${compound}" is there`).toBeGreaterThan(0);
    expect(whole, `${where}: "${compound}" never broken across lines`).toBe(anywhere);
  }
}

describe('keepTogether', () => {
  it('joins ranges and compounds, and nothing else, and is idempotent', () => {
    const text = 'growth (2022–2027) of 40–45%, CNY 113 billion, GPT-3 and a three-dimensional view; a – b';
    const kept = keepTogether(text);
    expect(kept).toBe('growth (2022–\u20602027) of 40–\u206045%, CNY\u00a0113\u00a0billion, GPT-\u20603 and a three-\u2060dimensional view; a – b');
    expect(keepTogether(kept)).toBe(kept);
    expect(kept.replace(/\u2060/g, '').replace(/\u00a0/g, ' ')).toBe(text);
  });
});

describe('keepTogether and web addresses', () => {
  it('leaves an address as written, so that it copies whole, and joins the compounds around it', () => {
    const text = 'Read https://example.org/ehpa-market-report-2024 and www.data-hub.eu/heat-pumps on GPT-3 for 2022–2027.';
    const kept = keepTogether(text);
    expect(kept).toContain('https://example.org/ehpa-market-report-2024');
    expect(kept).toContain('www.data-hub.eu/heat-pumps');
    expect(kept).toContain('GPT-\u20603');
    expect(kept).toContain('2022–\u20602027');
    expect(kept.replaceAll('\u2060', '')).toBe(text);
  });
});

describe('no breaks inside ranges and compounds', () => {
  let doc: Document;
  beforeAll(() => { doc = compoundsDocument(); });

  it('in the report, at every place along a line', async () => {
    const file = path.join(tempDir('bs-nobreak-'), 'report.pdf');
    writeFileSync(file, bytesOf(await emitReport(doc, sampleChartImages(), theme, {})));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expectCompoundsWhole(text, 'report');
    expect(text).not.toContain('\u2060');
  });

  it('in the deck, as LibreOffice lays it out', async () => {
    const d = await deck(doc);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await sofficeToPdf(d.file), '-'], { encoding: 'utf8' });
    expectCompoundsWhole(text.replace(/\u2060/g, ''), 'deck');
  });
});
