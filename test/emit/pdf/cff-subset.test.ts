// The Chinese faces' subsets come from HarfBuzz (src/emit/pdf/cff-subset.ts), with each glyph's CID
// rewritten to the code pdfkit drew it with. Proof that the right glyphs come out: the same text drawn
// through pdfkit once with HarfBuzz's subset and once with fontkit's (pdfkit's own) renders to the
// same pixels, in Poppler and in Ghostscript, and extracts to the same text.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { cffSubsetFor } from '../../../src/emit/pdf/cff-subset.ts';
import { fontFile } from '../../../src/theme/index.ts';
import { tempDir } from '../../helpers/run.ts';

// Text whose glyphs are first used out of glyph order (as any real text is), with Chinese punctuation,
// digits and Latin letters drawn in the CJK face, and a character used again later.
const TEXT = '中国大模型应用市场预计在2027年达到1130亿元，年均增长约148%（来源：报告）。模型、算力与数据：市场的三个支点。AI GPU';

async function drawn(file: string, faces: { regular: unknown; bold: unknown }): Promise<Buffer> {
  const doc = new PDFDocument({ size: [420, 300], margin: 20, font: null as unknown as string });
  doc.registerFont('cjk', faces.regular as string);
  doc.registerFont('cjk-bold', faces.bold as string);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.font('cjk-bold').fontSize(16).text('中国大模型市场：规模与增长');
  doc.font('cjk').fontSize(11).text(TEXT, { width: 380 });
  doc.end();
  await done;
  const bytes = Buffer.concat(chunks);
  writeFileSync(file, bytes);
  return bytes;
}

const render = (file: string, tool: 'poppler' | 'ghostscript'): Buffer => tool === 'poppler'
  ? execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', file], { maxBuffer: 1 << 26 })
  : execFileSync('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=png16m', '-r110', '-o', '-', file], { maxBuffer: 1 << 26 });

describe('Chinese font subsets made by HarfBuzz', () => {
  const regular = fontFile('Noto Sans CJK SC', 'regular');
  const bold = fontFile('Noto Sans CJK SC', 'bold');
  const withHarfBuzz = (f: { file: string; postscriptName?: string }) => {
    const font = fontkit.openSync(f.file, f.postscriptName);
    const subset = cffSubsetFor(font, f.file);
    expect(subset, `${f.file} is a CID-keyed CFF with CIDs equal to glyph ids`).toBeDefined();
    return Object.assign(font, { createSubset: subset });
  };

  it('draw the same glyphs as fontkit\'s subsets, in a smaller file', async () => {
    const dir = tempDir('bs-cff-');
    const ours = path.join(dir, 'harfbuzz.pdf');
    const theirs = path.join(dir, 'fontkit.pdf');
    const a = await drawn(ours, { regular: withHarfBuzz(regular), bold: withHarfBuzz(bold) });
    const b = await drawn(theirs, { regular: fontkit.openSync(regular.file, regular.postscriptName), bold: fontkit.openSync(bold.file, bold.postscriptName) });

    for (const tool of ['poppler', 'ghostscript'] as const) {
      const picture = render(ours, tool);
      expect(picture.subarray(1, 4).toString(), `${tool} made a picture`).toBe('PNG');
      expect(picture.equals(render(theirs, tool)), `${tool} renders both alike`).toBe(true);
    }
    const text = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text(ours)).toBe(text(theirs));
    expect(text(ours).replace(/\s+/g, '')).toContain(TEXT.replace(/\s+/g, ''));
    // Still a CID-keyed CFF font, embedded and subset, with a ToUnicode map.
    const fonts = execFileSync('pdffonts', [ours], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) expect(line).toMatch(/\+NotoSansCJKsc-(Regular|Bold)\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    execFileSync('qpdf', ['--check', ours]);
    expect(a.length).toBeLessThan(b.length * 0.8);
  });

  it('leave every other font to fontkit', () => {
    const latin = fontFile('Noto Sans', 'regular');
    expect(latin.file).toMatch(/\.ttf$/);
    expect(cffSubsetFor(fontkit.openSync(latin.file), latin.file)).toBeUndefined();
  });
});
