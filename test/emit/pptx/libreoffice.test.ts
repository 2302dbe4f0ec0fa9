// A real client nobody here wrote: LibreOffice opens the deck and renders every slide.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pdfPageCount, sofficeToPdf } from '../../helpers/run.ts';
import { sampleDocument } from '../../helpers/sample-document.ts';
import { deck } from './deck-helpers.ts';

describe('LibreOffice', () => {
  it('opens the deck and renders one page per slide, Chinese included', async () => {
    const d = await deck(sampleDocument({ tableRows: 30, bullets: 9 }));
    const pdf = await sofficeToPdf(d.file);
    expect(pdfPageCount(pdf)).toBe(d.slides.length);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('中文标题');
    expect(text).toContain('Sector 30');
    // The CJK text is drawn with the CJK font, not a fallback box.
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJK/);
  });
});
