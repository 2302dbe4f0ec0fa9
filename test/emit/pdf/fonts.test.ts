// The report's Latin faces skip mark positioning where no mark can occur; the glyphs and their
// positions must come out exactly as fontkit's full default shaping would place them.
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { latinFace } from '../../../src/emit/pdf/fonts.ts';
import { fontFile, loadTheme } from '../../../src/theme/index.ts';
import { ROOT } from '../../helpers/run.ts';

const theme = loadTheme(path.join(ROOT, 'templates'));

interface Run { glyphs: { id: number }[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] }
const shape = (run: unknown) => {
  const r = run as Run;
  return r.glyphs.map((g, i) => [g.id, r.positions[i].xAdvance, r.positions[i].xOffset, r.positions[i].yOffset]);
};

describe('the report\'s Latin faces', () => {
  const { file } = fontFile(theme.fonts.latin, 'regular');
  const full = fontkit.openSync(file);
  const face = latinFace(file);

  it.each([
    ['plain text, kerned and with ligatures', 'AVATAR office Toyota 40–45% “quoted” CNY 113 billion'],
    ['a combining accent (mark positioning needed)', 'cafe\u0301 a\u0308 o\u0323\u0302'],
    ['precomposed accented letters', 'café Ångström Việt'],
  ])('shapes %s exactly as full shaping does', (_, text) => {
    expect(shape(face.layout(text))).toEqual(shape(full.layout(text)));
  });

  it('places a combining accent over its letter, not after it', () => {
    const [, accent] = shape(face.layout('e\u0301'));
    expect(accent[1]).toBe(0); // no advance of its own
    expect(accent[2] !== 0 || accent[3] !== 0).toBe(true); // moved onto the e by the mark feature
  });
});
