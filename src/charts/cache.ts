// The chart image cache: PNGs on disk, keyed by a hash of everything that changes their pixels.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Theme } from '../theme/index.ts';
import type { ChartSpec } from '../types.ts';
import { opaqueRgbPngProblem } from '../png.ts';
import { chartFontFiles } from './fonts.ts';

/** The code that decides the pixels: a change to the drawing invalidates the cache without anyone bumping a version. */
const DRAWING_CODE = ['config.ts', 'colors.ts', 'marks.ts', 'plan.ts', 'paint.ts', '../format/index.ts', '../format/zh.ts', '../format/locales.ts', '../i18n/en.ts', '../i18n/zh.ts'];

const require = createRequire(import.meta.url);

/** Version of an installed package, found from its entry point (some packages do not export package.json). */
function packageVersion(name: string, from: string): string {
  const req = createRequire(from);
  let dir = path.dirname(req.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? 'unknown';
    }
    const up = path.dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

const environments = new Map<string, unknown>();

/** Library and font identities: the same for every chart of a theme, computed once. */
function renderEnvironment(theme: Theme): unknown {
  const known = environments.get(JSON.stringify(theme.fonts));
  if (known) return known;
  const cjnc = require.resolve('chartjs-node-canvas');
  const canvas = require('canvas') as { version: string; cairoVersion: string; pangoVersion: string; freetypeVersion: string };
  const environment = {
    drawing: DRAWING_CODE.map((f) => createHash('sha256').update(readFileSync(new URL(`./${f}`, import.meta.url))).digest('hex')),
    'chart.js': packageVersion('chart.js', cjnc),
    'chartjs-node-canvas': packageVersion('chartjs-node-canvas', import.meta.url),
    canvas: [canvas.version, canvas.cairoVersion, canvas.pangoVersion, canvas.freetypeVersion],
    // Path, size and modification time stand for the font's bytes (hashing a 20 MB CJK font costs more than a render).
    fonts: chartFontFiles(theme).map((f) => {
      const st = statSync(f.file);
      return [f.family, f.weight, f.file, st.size, Math.round(st.mtimeMs)];
    }),
  };
  environments.set(JSON.stringify(theme.fonts), environment);
  return environment;
}

/**
 * SHA-256 of the spec's drawn content (not its id, figure ids, sources, note or title: the title is
 * text beside the image), the theme, the size, fonts and libraries.
 */
export function chartCacheKey(spec: ChartSpec, theme: Theme): string {
  const drawn = {
    type: spec.type,
    unit: spec.unit,
    labels: spec.labels,
    series: spec.series.map((s) => ({
      name: s.name, values: s.values,
      projected: s.values.map((_, i) => Boolean(s.projected?.[i])),
      qualifiers: s.values.map((_, i) => s.qualifiers?.[i] ?? null),
      derived: s.values.map((_, i) => s.derived?.[i] ?? null),
    })),
    measure: spec.measure ?? null,
    share: Boolean(spec.share),
  };
  const look = { colors: theme.colors, fonts: theme.fonts, chart: theme.chart };
  return createHash('sha256').update(JSON.stringify({ drawn, look, env: renderEnvironment(theme) })).digest('hex');
}

export class ChartCache {
  constructor(
    private readonly dir: string,
    private readonly warn: (msg: string) => void,
  ) {}

  private file(key: string): string {
    return path.join(this.dir, `${key}.png`);
  }

  /**
   * The cached PNG, or null. A damaged or foreign entry is reported and treated as missing. Read
   * synchronously (a ~100 KB file): the misses must reach the chart worker before this thread starts
   * its long synchronous layout, which would hold back any callback until it ends.
   */
  get(key: string, width: number, height: number, label: string): Buffer | null {
    const file = this.file(key);
    let png: Buffer;
    try {
      png = readFileSync(file);
    } catch {
      return null;
    }
    const problem = opaqueRgbPngProblem(png, width, height);
    if (!problem) return png;
    this.warn(`chart cache: ignoring ${path.relative(process.cwd(), file) || file} for chart "${label}" (${problem}); rendering it again`);
    rmSync(file, { force: true });
    return null;
  }

  /** Writes atomically: a temp file in the same folder, then rename, so readers never see half a PNG. */
  async put(key: string, png: Buffer): Promise<void> {
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temp, png);
      await rename(temp, target);
    } catch (cause) {
      await rm(temp, { force: true });
      // A cache that cannot be written costs speed, not correctness.
      this.warn(`chart cache: cannot write ${target}: ${(cause as Error).message}`);
    }
  }
}
