// What every drawing function needs: the deck being built, the theme, the slide's geometry, the text measurer, citation
// numbers, and the charts (images or specs for native charts).
import type { Locale } from '../../i18n/index.ts';
import type { Pptx } from './pptxgen.ts';
import type { Theme } from '../../theme/index.ts';
import type { ChartImage, ChartSpec } from '../../types.ts';
import type { Geometry } from './geometry.ts';
import type { Measurer } from './measure.ts';
import type { NativeChart } from './native-chart.ts';

export interface DrawContext {
  pptx: Pptx;
  theme: Theme;
  /** The slide's boxes, for the theme's slide size. */
  geo: Geometry;
  m: Measurer;
  numbers: Map<string, number>;
  /** The charts' images by chart id: size and alt text now, pixels (png) when the package is written. */
  images: Map<string, ChartImage>;
  charts: Record<string, ChartSpec>;
  chartMode: 'image' | 'native';
  /** Native charts drawn so far, by stand-in id, for the package to put in place. */
  nativeCharts: Map<string, NativeChart>;
  /** The edition's language: its built-in words and figures. */
  locale: Locale;
  /** Each SVG picture's fallback PNG, by the SVG's hash: package.ts puts it where pptxgenjs leaves a broken one. */
  svgFallbacks: Map<string, Buffer>;
}

/** The one font face every text box names; package.ts splits it into Latin and East Asian slots. */
export const fontFace = (ctx: DrawContext): string => ctx.theme.fonts.latin;
