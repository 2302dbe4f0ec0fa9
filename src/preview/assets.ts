// The preview page's own files: its HTML, stylesheet and script (the TypeScript in client/, bundled by
// esbuild when the preview starts), the theme's Latin fonts (the faces the deck was measured with),
// and pdf.js from the pdfjs-dist package. Each has a fixed name; nothing else is served from disk.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fontFile, type Theme } from '../theme/index.ts';
import type { Resource } from './server.ts';

const CLIENT = path.join(import.meta.dirname, 'client');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.icc': 'application/vnd.iccprofile',
  '.bcmap': 'application/octet-stream', '.pfb': 'application/octet-stream', '.ttf': 'font/ttf', '.otf': 'font/otf',
  '.png': 'image/png', '.pdf': 'application/pdf', '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export const typeOf = (name: string): string => TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';

/** The page's script: client/main.ts and what it imports, as one ES module. */
async function clientScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(CLIENT, 'main.ts')], bundle: true, format: 'esm', target: 'chrome110', write: false,
    minifyWhitespace: true, legalComments: 'none', logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** pdf.js and the data files it may ask for (wasm decoders, colour profiles, standard fonts, CMaps). */
function pdfjsFiles(): Map<string, string> {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const files = new Map<string, string>([
    ['/assets/pdf.mjs', path.join(root, 'build/pdf.min.mjs')],
    ['/assets/pdf.worker.mjs', path.join(root, 'build/pdf.worker.min.mjs')],
  ]);
  for (const folder of ['wasm', 'iccs', 'standard_fonts', 'cmaps']) {
    for (const name of readdirSync(path.join(root, folder))) files.set(`/assets/pdfjs/${folder}/${name}`, path.join(root, folder, name));
  }
  return files;
}

export interface Assets {
  resource(path: string, theme: Theme | undefined): Resource | undefined;
}

export async function loadAssets(): Promise<Assets> {
  const fixed = new Map<string, Resource>([
    ['/', { type: TYPES['.html'], body: readFileSync(path.join(CLIENT, 'index.html')) }],
    ['/assets/preview.css', { type: TYPES['.css'], body: readFileSync(path.join(CLIENT, 'preview.css')) }],
    ['/assets/preview.js', { type: TYPES['.js'], body: await clientScript() }],
  ]);
  const files = pdfjsFiles();
  return {
    resource(p, theme) {
      const found = fixed.get(p);
      if (found) return found;
      const file = files.get(p);
      if (file) return { type: typeOf(file), body: readFileSync(file), immutable: true };
      if (p === '/assets/fonts.css') return { type: TYPES['.css'], body: fontsCss(theme) };
      const face = /^\/assets\/fonts\/(regular|bold|italic)\.(ttf|otf)$/.exec(p);
      const font = face && theme ? latinFace(theme, face[1] as 'regular' | 'bold' | 'italic') : undefined;
      if (font && font.endsWith(`.${face![2]}`)) return { type: typeOf(font), body: readFileSync(font) };
      return undefined;
    },
  };
}

/** The theme's Latin face of a weight, when it is a font file a browser loads (not a collection). */
function latinFace(theme: Theme, weight: 'regular' | 'bold' | 'italic'): string | undefined {
  try {
    const { file } = fontFile(theme.fonts.latin, weight);
    return /\.(ttf|otf)$/i.test(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** @font-face rules for the theme's Latin faces, so the slides are set in the files they were measured with. */
function fontsCss(theme: Theme | undefined): string {
  if (!theme) return '';
  const family = theme.fonts.latin.replace(/[^\p{L}\p{N} _.-]/gu, '');
  return (['regular', 'bold', 'italic'] as const).map((weight) => {
    const file = latinFace(theme, weight);
    if (!file) return '';
    const style = weight === 'bold' ? 'font-weight: bold;' : weight === 'italic' ? 'font-style: italic;' : '';
    return `@font-face { font-family: "${family}"; src: url("/assets/fonts/${weight}${path.extname(file).toLowerCase()}"); ${style} font-display: block; }\n`;
  }).join('');
}
