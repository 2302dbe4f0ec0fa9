// The report sets runs of ideographs and CJK punctuation without fontkit's shaping (cjk-face.ts). That
// holds only while shaping would give the same glyphs and advances: checked against fontkit's own layout
// on all the Chinese text of the shipped data and of the bilingual fixture, and on every pair of the
// punctuation a Chinese text uses, in both faces.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { cjkFace } from '../../../src/emit/pdf/cjk-face.ts';
import { fontFile } from '../../../src/theme/index.ts';
import { ROOT } from '../../helpers/run.ts';

interface Run { glyphs: { id: number }[]; positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[]; advanceWidth: number }
const summary = (r: Run) => ({
  glyphs: r.glyphs.map((g) => g.id),
  positions: r.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset]),
  advanceWidth: r.advanceWidth,
});

/** Every text file of a project's data and templates, read whole. */
const projectText = (dir: string) => ['data', 'templates', 'templates/partials'].flatMap((sub) => {
  const folder = path.join(dir, sub);
  return readdirSync(folder).filter((f) => /\.(ya?ml|hbs)$/.test(f)).map((f) => readFileSync(path.join(folder, f), 'utf8'));
}).join('\n');

const PUNCTUATION = [...'、。，．：；？！（）《》〈〉「」『』【】〔〕〖〗…—～·“”‘’％＋－／＝'];

describe('Chinese runs set from the character map', () => {
  const text = projectText(ROOT) + projectText(path.join(ROOT, 'test/fixtures/bilingual'));
  // The stretches a report would set without shaping: ideographs and CJK punctuation alone.
  const runs = [...new Set(text.match(/[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+/g) ?? [])];
  const pairs = PUNCTUATION.flatMap((a) => PUNCTUATION.map((b) => a + b)).concat(PUNCTUATION.map((p) => `市场${p}规模`))
    .filter((t) => /^[\u3000-\u303f\uff01-\uff60\u4e00-\u9fff]+$/.test(t));

  for (const weight of ['regular', 'bold'] as const) {
    it(`give the glyphs and advances fontkit's shaping gives (${weight})`, () => {
      const { file, postscriptName } = fontFile('Noto Sans CJK SC', weight);
      const shaped = fontkit.openSync(file, postscriptName);
      const ours = cjkFace(fontkit.openSync(file, postscriptName), file);
      expect(runs.length).toBeGreaterThan(300);
      expect(pairs.length).toBeGreaterThan(200);
      for (const t of [...runs, ...pairs]) expect(summary(ours.layout(t) as Run), t).toEqual(summary(shaped.layout(t) as Run));
    });
  }

  it('still shapes text with letters, and text laid out with features asked for', () => {
    const { file, postscriptName } = fontFile('Noto Sans CJK SC', 'regular');
    const ours = cjkFace(fontkit.openSync(file, postscriptName), file);
    const shaped = fontkit.openSync(file, postscriptName);
    for (const t of ['GPU芯片', 'ffi', '２０２７年']) expect(summary(ours.layout(t) as Run), t).toEqual(summary(shaped.layout(t) as Run));
    expect(summary(ours.layout('（中国）', ['vert']) as Run)).toEqual(summary(shaped.layout('（中国）', ['vert']) as Run));
  });
});
