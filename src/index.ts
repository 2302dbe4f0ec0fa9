// The programmatic API: build(options) runs load → validate → compose → charts → emit → write.
import path from 'node:path';
import { diffEditions, diffLines, previousSnapshot, snapshotArtifact, snapshotOf, withDiffSection, type EditionDiff } from './diff/index.ts';
import { buildKey, manifestArtifact, manifestPages, upToDateOutputs } from './manifest.ts';
import type { DeliveryScope, EmailContext } from './deliver/index.ts';
import { formatDate, formatFigure } from './format/index.ts';
import { loadDataDir, parseDataFiles, readDataDir } from './load/index.ts';
import { InputError } from './errors.ts';
import { checkThemeFonts, loadLogo, loadTheme, prefetchFonts, themeFonts } from './theme/index.ts';
import type { Artifact, ChartImage, Document, Findings, SourceFile, Variant } from './types.ts';
import type { DeckRecorder } from './emit/pptx/record.ts';
import { own } from './ids.ts';
import { checkOutputFolder, writeArtifacts } from './write.ts';
import { formatProblem } from './errors.ts';
import { codeWorthCaching } from './bundle.cjs';

export type Output = 'deck' | 'report' | 'html';

export interface BuildOptions {
  dataDir: string;
  templatesDir: string;
  outDir: string;
  /** Build only one of the outputs. */
  only?: Output;
  /** Also write the web edition, out/briefing.html (as `only: 'html'` does alone). */
  html?: boolean;
  /** Charts in the deck as images (default) or as native, editable PowerPoint charts. */
  charts?: 'image' | 'native';
  pageSize?: 'A4' | 'LETTER';
  pdfa?: boolean;
  /** Embed the findings (JSON) in the PDF as an attachment. */
  attachData?: boolean;
  /** Citations in the report: "[n]" and the sources list (default), or footnotes on each page. */
  citations?: 'numbered' | 'footnotes';
  /** Use the chart image cache (default true). */
  cache?: boolean;
  /** Where the chart image cache lives (default <outDir>/.cache/charts); variants share one. */
  cacheDir?: string;
  /** Build the edition of this variant (an id under variants: in the data). */
  variant?: string;
  /** Build even when out/ is up to date (the preview needs the slides and the document). */
  force?: boolean;
  /** The deck's drawing, as soon as it is planned, before any file is written (the preview shows it). */
  onDeckDrawn?: (deck: DeckRecorder, document: Document, images: Map<string, ChartImage>) => void;
  /**
   * Draw the charts on a worker thread this process keeps for its next builds (watch, preview, the
   * batch and queue workers, which build again and again); closeChartWorker() stops it.
   */
  keepChartWorker?: boolean;
  /** Called after each stage with its duration. */
  onStage?: (stage: string, ms: number) => void;
  warn?: (message: string) => void;
}

export interface BuildResult {
  files: string[];
  /** The slides of the deck, the pages of the report: one entry per file (undefined if not known). */
  pages: (number | undefined)[];
  /** Nothing changed since the last build into outDir: its files were kept as they are. */
  upToDate: boolean;
  /** Absent when up to date: nothing was composed. */
  document?: Document;
  findings?: Findings;
  inputs: SourceFile[];
  artifacts: Artifact[];
  charts: { hits: number; misses: number };
  timings: Record<string, number>;
  /** What changed since the previous edition, when out/ holds one. */
  diff?: EditionDiff;
}

/** Stops the chart worker that builds with keepChartWorker left running (none: nothing to do). */
export async function closeChartWorker(): Promise<void> {
  const { closeKeptChartWorker } = await import('./charts/index.ts');
  await closeKeptChartWorker();
}

/** Loads and validates the findings in a data folder. */
export async function loadFindings(dataDir: string): Promise<{ findings: Findings; inputs: SourceFile[] }> {
  const inputs = await loadDataDir(dataDir);
  const { validate } = await import('./validate/index.ts');
  return { findings: validate(inputs), inputs };
}

/** What changed in the figures since the latest earlier edition built into outDir. */
export async function editionDiff(findings: Findings, outDir: string, warn?: (m: string) => void): Promise<EditionDiff | undefined> {
  const previous = await previousSnapshot(outDir, findings.edition.date, warn);
  return previous ? diffEditions(previous, snapshotOf(findings)) : undefined;
}

/** The variant an id names, or an error listing the variants there are. */
export function variantOf(findings: Findings, id: string | undefined): Variant | undefined {
  if (id === undefined) return undefined;
  const variant = own(findings.variants, id);
  if (variant) return variant;
  const known = Object.keys(findings.variants ?? {});
  throw new InputError(`no variant "${id}" in the data`, {
    field: '--variant',
    hint: known.length ? `variants: ${known.join(', ')}` : 'the data declares no variants: add a variants: section (see docs/DATA.md)',
  });
}

/**
 * What the email says of this edition (its title, date, headline figures and what changed), and the
 * delivery ledger's key for it (the edition's date, the variant, the language).
 */
export async function editionMail(dataDir: string, outDir?: string, variantId?: string): Promise<{ email: EmailContext; scope: DeliveryScope; variants: string[] }> {
  const { findings } = await loadFindings(dataDir);
  return editionMailOf(findings, outDir, variantId);
}

/** editionMail for findings already loaded (a publication asks it for each of its editions). */
export async function editionMailOf(findings: Findings, outDir?: string, variantId?: string): Promise<{ email: EmailContext; scope: DeliveryScope; variants: string[] }> {
  const variant = variantOf(findings, variantId);
  const { findingsFor } = await import('./compose/variant.ts');
  const edition = findingsFor(findings, variant).edition;
  const headlines = (edition.headlines ?? []).flatMap((id) => own(findings.figures, id) ?? []);
  const diff = outDir ? await editionDiff(findings, outDir) : undefined;
  return {
    email: {
      edition: { title: edition.title, date: formatDate(edition.date) },
      headlines: headlines.map((f) => ({ label: f.label, value: formatFigure(f) })),
      diff: diff?.changes.length ? diffLines(diff) : undefined,
    },
    scope: { edition: edition.date, variant: variant?.id ?? '', language: edition.language },
    variants: Object.keys(findings.variants ?? {}),
  };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[name] = performance.now() - start;
    options.onStage?.(name, timings[name]);
    return result;
  };
  const wants = (o: Output) => (options.only ? options.only === o : o !== 'html' || Boolean(options.html));

  checkOutputFolder(options.outDir, [{ name: 'data', dir: options.dataDir }, { name: 'templates', dir: options.templatesDir }]);
  const theme = loadTheme(options.templatesDir);
  // Read, and stop here if nothing changed since the last build; parse only when building.
  const raw = await readDataDir(options.dataDir, options.warn);
  const outputs = [...(wants('deck') ? ['briefing.pptx'] : []), ...(wants('report') ? ['report.pdf'] : []), ...(wants('html') ? ['briefing.html'] : [])];
  const { only, charts: chartMode, pageSize, pdfa, attachData, citations, variant: variantId } = options;
  const html = wants('html') || undefined;
  const keyFor = (date: string | undefined) => buildKey(raw, options.templatesDir, options.outDir, { only, chartMode, pageSize, pdfa, attachData, citations, variantId, html }, date);
  // --no-cache means "do everything afresh".
  const existing = options.cache === false || options.force ? undefined : upToDateOutputs(options.outDir, keyFor, outputs);
  if (existing) {
    const pages = manifestPages(options.outDir);
    return { files: existing, pages: existing.map((f) => pages[path.basename(f)]), upToDate: true, inputs: [], artifacts: [], charts: { hits: 0, misses: 0 }, timings };
  }
  // Charts are drawn on a worker thread, started now so that it loads while this thread works.
  const needImages = wants('report') || wants('html') || (wants('deck') && options.charts !== 'native');
  const { createChartRenderer } = await import('./charts/index.ts');
  const renderer = needImages ? createChartRenderer(theme, {
    cacheDir: options.cache === false ? null : options.cacheDir ?? path.join(options.outDir, '.cache', 'charts'),
    warn: options.warn,
    keepWorker: options.keepChartWorker,
  }) : null;
  const fontsFound = prefetchFonts(themeFonts(theme));
  try {
    const inputs = await stage('load', () => parseDataFiles(raw, options.warn));
    // Loaded here, not at the top: an up-to-date build never pays for Handlebars, pptxgenjs or pdfkit.
    const [{ validate }, { composeDocument }, { emitDeck }, { emitReport }, { emitHtml }] = await Promise.all([
      import('./validate/index.ts'), import('./compose/index.ts'), import('./emit/pptx/index.ts'), import('./emit/pdf/index.ts'), import('./emit/html/index.ts'),
    ]);
    const findings = await stage('validate', () => validate(inputs));
    for (const w of findings.warnings ?? []) options.warn?.(formatProblem(w));
    const variant = variantOf(findings, options.variant);
    const diff = await editionDiff(findings, options.outDir, options.warn);
    const document = await stage('compose', () => {
      const logo = loadLogo(theme, options.templatesDir);
      const composed = { ...composeDocument(findings, options.templatesDir, variant), ...(logo ? { logo } : {}) };
      return diff ? withDiffSection(composed, diff, findings) : composed;
    });

    await fontsFound;
    checkThemeFonts(theme);
    // The charts render while both editions are laid out; each embeds a chart's pixels when they arrive.
    const rendering = renderer?.render(Object.values(document.charts)) ?? { images: new Map(), done: Promise.resolve({ hits: 0, misses: 0 }) };
    // Every character is drawn with a font that has it, or the build stops here, naming where it was written.
    await stage('fonts', async () => {
      const [{ fontPlan }, { missingGlyphsError }] = await Promise.all([import('./fonts/index.ts'), import('./fonts/missing.ts')]);
      const plan = await fontPlan(document, theme);
      if (plan.missing.length) {
        rendering.done.catch(() => {}); // the build stops for the text; a chart's failure is not reported as well
        throw missingGlyphsError(plan.missing, raw, options.templatesDir);
      }
    });
    const attachments = options.attachData
      ? [{ name: 'findings.json', bytes: Buffer.from(JSON.stringify(findings, null, 2)), description: 'The findings this report was built from' }]
      : undefined;
    const [charts, ...emitted] = await Promise.all([
      // The worker leaves as soon as its charts are drawn: its memory is free before the emitters' peak
      // (a kept one stays for the next build).
      stage('charts', () => rendering.done.finally(() => renderer?.close())),
      wants('deck') ? stage('deck', () => emitDeck(document, rendering.images, theme, {
        charts: options.charts ?? 'image',
        onDrawn: options.onDeckDrawn && ((deck) => options.onDeckDrawn!(deck, document, rendering.images)),
      })) : null,
      wants('report') ? stage('report', () => emitReport(document, rendering.images, theme, { pageSize: options.pageSize, pdfa: options.pdfa, attachments, citations })) : null,
      wants('html') ? stage('html', () => emitHtml(document, rendering.images, theme, { pageSize: options.pageSize })) : null,
    ]);
    const artifacts = emitted.filter((a): a is Artifact => a !== null);
    const bookkeeping = [
      snapshotArtifact(snapshotOf(findings)),
      manifestArtifact({ buildKey: keyFor(findings.edition.date), edition: document.edition, inputs, templatesDir: options.templatesDir, artifacts, charts, timings }),
    ];
    const files = await stage('write', () => writeArtifacts(options.outDir, [...artifacts, ...bookkeeping]));
    codeWorthCaching();
    return { files: files.slice(0, artifacts.length), pages: artifacts.map((a) => a.pages), upToDate: false, document, findings, inputs, artifacts, charts, timings, diff };
  } finally {
    await renderer?.close();
  }
}
