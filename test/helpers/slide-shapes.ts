// The text boxes of a slide as the .pptx has them: where each stands (inches) and what it says.
import { unescapeXml } from './run.ts';

export const EMU_PER_IN = 914400;

export interface TextShape { text: string; x: number; y: number; w: number; h: number }

/** Every shape with text on a slide's XML, its paragraphs joined by "\n", in drawing order. */
export function textShapes(slideXml: string): TextShape[] {
  const shapes: TextShape[] = [];
  for (const sp of slideXml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) {
    const pos = /<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(sp[1]);
    const paras = [...sp[1].matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...p[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join(''));
    const text = paras.join('\n');
    if (!pos || !text.trim()) continue;
    const [x, y, w, h] = pos.slice(1).map((v) => Number(v) / EMU_PER_IN);
    shapes.push({ text, x, y, w, h });
  }
  return shapes;
}
