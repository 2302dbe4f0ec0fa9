// The font files charts are drawn with: registered with the canvas and part of the cache key.
import { fontFile, type Theme } from '../theme/index.ts';

export interface ChartFont {
  file: string;
  family: string;
  weight: 'normal' | 'bold';
}

export function chartFontFiles(theme: Theme): ChartFont[] {
  return [theme.fonts.latin, theme.fonts.cjk].flatMap((family) =>
    (['regular', 'bold'] as const).map((w) => ({ file: fontFile(family, w).file, family, weight: w === 'bold' ? ('bold' as const) : ('normal' as const) })));
}
