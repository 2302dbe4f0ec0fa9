// The font files charts are drawn with: registered with the canvas and part of the cache key.
import { fontFile, prefetchFonts, type FontWeight, type Theme } from '../theme/index.ts';

export interface ChartFont {
  file: string;
  family: string;
  weight: 'normal' | 'bold';
}

function chartFaces(theme: Theme): [string, FontWeight][] {
  return [theme.fonts.latin, theme.fonts.cjk].flatMap((family) => (['regular', 'bold'] as const).map((w): [string, FontWeight] => [family, w]));
}

export function chartFontFiles(theme: Theme): ChartFont[] {
  return chartFaces(theme).map(([family, w]) => ({ file: fontFile(family, w).file, family, weight: w === 'bold' ? 'bold' : 'normal' }));
}

/** Looks the chart fonts up in parallel (see prefetchFonts). */
export function prefetchChartFonts(theme: Theme): Promise<void> {
  return prefetchFonts(chartFaces(theme));
}
