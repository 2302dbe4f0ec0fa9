// Citation markers in the report's text: two in a row stand side by side, "[1] [2]", not a gap apart.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitReport } from '../../../src/emit/pdf/index.ts';
import { loadTheme } from '../../../src/theme/index.ts';
import type { AudienceBlock, Run } from '../../../src/types.ts';
import { ROOT, bytesOf, tempDir } from '../../helpers/run.ts';
import { sampleChartImages, sampleDocument } from '../../helpers/sample-document.ts';

/** Each word of the report, with its page and where it starts and ends (pdftotext -bbox). */
function words(file: string): { page: number; text: string; xMin: number; xMax: number; yMin: number }[] {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return xml.split('<page ').slice(1).flatMap((page, i) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]
    .map((m) => ({ page: i + 1, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] })));
}

describe('citation markers in the report', () => {
  it('sets two markers in a row a space apart, after a paragraph, a bullet and bold text alike', async () => {
    const doc = sampleDocument();
    const [a, b] = doc.sources.map((s) => s.id);
    const claim = (lead: Run[]): Run[] => [...lead, { text: 'costs tens of millions of USD', cite: a }, { text: '', cite: b }, { text: '.' }];
    const blocks: AudienceBlock[] = [
      { kind: 'paragraph', audience: 'both', runs: claim([]) },
      { kind: 'paragraph', audience: 'both', runs: claim([{ text: 'Training is not cheap. ', bold: true }]) },
      { kind: 'bullets', audience: 'both', items: [{ level: 0, runs: claim([]) }] },
    ];
    doc.sections[0].blocks.unshift(...blocks);
    const file = path.join(tempDir('bs-cite-'), 'report.pdf');
    writeFileSync(file, bytesOf(await emitReport(doc, sampleChartImages(), loadTheme(path.join(ROOT, 'templates')), {})));
    const all = words(file);
    // The claim's markers: the first source's number, right after "USD".
    const firsts = all.filter((w, i) => all[i - 1]?.text === 'USD' && /^\[\d+\]$/.test(w.text));
    expect(firsts.length).toBeGreaterThanOrEqual(3);
    for (const first of firsts.slice(0, 3)) {
      const next = all.find((w) => w.page === first.page && w.yMin === first.yMin && w.xMin > first.xMax && /^\[\d+\]/.test(w.text));
      expect(next, 'the second marker on the same line').toBeDefined();
      // A no-break space at 10.5 pt is about 2.7 pt wide.
      expect(next!.xMin - first.xMax).toBeLessThan(5);
    }
  });
});
