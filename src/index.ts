// The programmatic API: build(options) runs load → validate → compose → charts → emit → write.
import path from 'node:path';
import type { EditionDiff } from './diff/index.ts';
import { buildKey, manifestArtifact, manifestLanguages, manifestPages, upToDateOutputs } from './manifest.ts';
import type { DeliveryScope, EmailContext } from './deliver/index.ts';
import { loadDataDir, parseDataFiles, readDataDir } from './load/index.ts';
import { InputError } from './errors.ts';
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
  /**
   * Build only the edition in this language (one of edition.languages), into outDir itself. Without
   * it every language is built: the first into outDir, each other into outDir/<language>/.
   */
  language?: string;
  /**
   * With language: put that edition where a build of every language puts it (outDir for the first
   * language, outDir/<language>/ for the others), not in outDir itself.
   */
  languageFolder?: boolean;
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
  /** Each language's edition as built (none when up to date): its folder, document and files. */
  editions: { language: string; outDir: string; document: Document; artifacts: Artifact[] }[];
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
  const { diffEditions, previousSnapshot, snapshotOf } = await import('./diff/index.ts');
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

/** What the email of an edition says, and the ledger's key for it. */
export interface EditionMail { email: EmailContext; scope: DeliveryScope; variants: string[]; languages: string[] }

/**
 * What the email says of this edition in one of its languages (its title, date, headline figures and
 * what changed), and the delivery ledger's key for it (the edition's date, the variant, the language).
 */
export async function editionMail(dataDir: string, outDir?: string, variantId?: string, language?: string): Promise<EditionMail> {
  const { findings } = await loadFindings(dataDir);
  return editionMailOf(findings, outDir, variantId, language);
}

/** editionMail for findings already loaded (a publication asks it for each of its editions). */
export async function editionMailOf(all: Findings, outDir?: string, variantId?: string, language?: string): Promise<EditionMail> {
  const findings = findingsIn(all, language);
  const variant = variantOf(findings, variantId);
  const { findingsFor } = await import('./compose/variant.ts');
  const edition = findingsFor(findings, variant).edition;
  const headlines = (edition.headlines ?? []).flatMap((id) => own(findings.figures, id) ?? []);
  const diff = outDir ? await editionDiff(findings, outDir) : undefined;
  const [{ localeOf }, { diffLines }] = await Promise.all([import('./i18n/index.ts'), import('./diff/index.ts')]);
  const locale = localeOf(edition.language);
  return {
    email: {
      language: edition.language,
      edition: { title: edition.title, date: locale.format.date(edition.date) },
      headlines: headlines.map((f) => ({ label: f.label, value: locale.format.figure(f) })),
      diff: diff?.changes.length ? diffLines(diff, locale) : undefined,
    },
    scope: { edition: edition.date, variant: variant?.id ?? '', language: edition.language },
    variants: Object.keys(findings.variants ?? {}),
    languages: editionLanguages(all),
  };
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[name] = (timings[name] ?? 0) + performance.now() - start;
    options.onStage?.(name, performance.now() - start);
    return result;
  };
  const wants = (o: Output) => (options.only ? options.only === o : o !== 'html' || Boolean(options.html));

  checkOutputFolder(options.outDir, [{ name: 'data', dir: options.dataDir }, { name: 'templates', dir: options.templatesDir }]);
  // Read, and stop here if nothing changed since the last build; parse only when building (the theme
  // too: its schema would load the validation library, and theme.json is in the build key).
  const raw = await readDataDir(options.dataDir, options.warn);
  const outputs = [...(wants('deck') ? ['briefing.pptx'] : []), ...(wants('report') ? ['report.pdf'] : []), ...(wants('html') ? ['briefing.html'] : [])];
  const { only, charts: chartMode, pageSize, pdfa, attachData, citations, variant: variantId, language: languageAsked } = options;
  const html = wants('html') || undefined;
  const keyFor = (outDir: string) => (date: string | undefined) =>
    buildKey(raw, options.templatesDir, outDir, { only, chartMode, pageSize, pdfa, attachData, citations, variantId, html, language: languageAsked }, date);
  // --no-cache means "do everything afresh". One language in its folder is in outDir or outDir/<language>/.
  const ownFolder = languageAsked && options.languageFolder ? path.join(options.outDir, languageAsked) : undefined;
  const existing = options.cache === false || options.force ? undefined
    : upToDateEditions(options.outDir, keyFor, outputs, !languageAsked) ?? (ownFolder ? upToDateEditions(ownFolder, keyFor, outputs, false) : undefined);
  if (existing) {
    return { files: existing.files, pages: existing.pages, upToDate: true, inputs: [], artifacts: [], charts: { hits: 0, misses: 0 }, timings, editions: [] };
  }
  const { checkThemeFonts, loadLogo, loadTheme, prefetchFonts, themeFonts } = await import('./theme/index.ts');
  const theme = loadTheme(options.templatesDir);
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
    const [{ validate }, { composeDocument }, { emitDeck }, { emitReport }, { emitHtml }, { snapshotArtifact, snapshotOf, withDiffSection }] = await Promise.all([
      import('./validate/index.ts'), import('./compose/index.ts'), import('./emit/pptx/index.ts'), import('./emit/pdf/index.ts'), import('./emit/html/index.ts'),
      import('./diff/index.ts'),
    ]);
    const all = await stage('validate', () => validate(inputs));
    for (const w of all.warnings ?? []) options.warn?.(formatProblem(w));
    const variant = variantOf(all, options.variant);

    // The language asked for, into outDir; or every language of the edition, the first into outDir and
    // each other into outDir/<language>/. All are composed before any is drawn, so the chart worker
    // has every edition's charts to draw while this thread lays them out.
    const languages = languageAsked ? [findingsIn(all, languageAsked).edition.language] : editionLanguages(all);
    const editions: Edition[] = [];
    for (const [i, language] of languages.entries()) {
      const findings = findingsIn(all, language);
      const first = language === editionLanguages(all)[0];
      const place = languageAsked ? (options.languageFolder && !first ? language : '') : i === 0 ? '' : language;
      const outDir = path.join(options.outDir, place);
      const diff = await editionDiff(findings, outDir, options.warn);
      const document = await stage('compose', () => {
        const logo = loadLogo(theme, options.templatesDir);
        const composed = { ...composeDocument(findings, options.templatesDir, variant), ...(logo ? { logo } : {}) };
        return diff ? withDiffSection(composed, diff, findings) : composed;
      });
      editions.push({ language, place, outDir, findings, document, diff, artifacts: [] });
    }

    await fontsFound;
    checkThemeFonts(theme);
    // The charts render while the editions are laid out; each embeds a chart's pixels when they arrive.
    const renderings = editions.map((e) => renderer?.render(Object.values(e.document.charts)) ?? { images: new Map<string, ChartImage>(), done: Promise.resolve({ hits: 0, misses: 0 }) });
    // Every character is drawn with a font that has it, or the build stops here, naming where it was written.
    await stage('fonts', async () => {
      const [{ fontPlan }, { missingGlyphsError }] = await Promise.all([import('./fonts/index.ts'), import('./fonts/missing.ts')]);
      for (const e of editions) {
        const plan = await fontPlan(e.document, theme);
        if (plan.missing.length) {
          for (const r of renderings) r.done.catch(() => {}); // the build stops for the text; a chart's failure is not reported as well
          throw missingGlyphsError(plan.missing, raw, options.templatesDir);
        }
      }
    });
    const emit = (e: Edition, images: Map<string, ChartImage>, first: boolean) => {
      const named = (name: string) => (e.place ? `${name} (${e.language})` : name);
      const attachments = options.attachData
        ? [{ name: 'findings.json', bytes: Buffer.from(JSON.stringify(e.findings, null, 2)), description: 'The findings this report was built from' }]
        : undefined;
      return [
        wants('deck') ? stage(named('deck'), () => emitDeck(e.document, images, theme, {
          charts: options.charts ?? 'image',
          onDrawn: first && options.onDeckDrawn ? (deck) => options.onDeckDrawn!(deck, e.document, images) : undefined,
        })) : null,
        wants('report') ? stage(named('report'), () => emitReport(e.document, images, theme, { pageSize: options.pageSize, pdfa: options.pdfa, attachments, citations })) : null,
        wants('html') ? stage(named('html'), () => emitHtml(e.document, images, theme, { pageSize: options.pageSize })) : null,
      ];
    };
    const [counts, ...emitted] = await Promise.all([
      // The worker leaves as soon as its charts are drawn: its memory is free before the emitters' peak
      // (a kept one stays for the next build).
      stage('charts', () => Promise.all(renderings.map((r) => r.done)).finally(() => renderer?.close())),
      ...editions.flatMap((e, i) => emit(e, renderings[i].images, i === 0)),
    ]);
    const charts = counts.reduce((sum, c) => ({ hits: sum.hits + c.hits, misses: sum.misses + c.misses }), { hits: 0, misses: 0 });
    const perEdition = emitted.length / editions.length;
    editions.forEach((e, i) => { e.artifacts = emitted.slice(i * perEdition, (i + 1) * perEdition).filter((a): a is Artifact => a !== null); });
    // Every edition's files are written together, all or nothing; each folder has its own manifest and snapshots.
    const staged = editions.flatMap((e) => [
      ...e.artifacts,
      snapshotArtifact(snapshotOf(e.findings)),
      manifestArtifact({
        buildKey: keyFor(e.outDir)(e.findings.edition.date), edition: e.document.edition, inputs, templatesDir: options.templatesDir, artifacts: e.artifacts, charts, timings,
        languages: e.place || languageAsked ? undefined : languages.slice(1),
      }),
    ].map((a) => ({ ...a, name: path.join(e.place, a.name) })));
    const written = await stage('write', () => writeArtifacts(options.outDir, staged));
    codeWorthCaching();
    const isOutput = (file: string) => editions.some((e) => e.artifacts.some((a) => path.join(options.outDir, e.place, a.name) === file));
    const artifacts = editions.flatMap((e) => e.artifacts.map((a) => ({ ...a, name: path.join(e.place, a.name) })));
    const [first] = editions;
    return {
      files: written.filter(isOutput), pages: artifacts.map((a) => a.pages), upToDate: false,
      document: first.document, findings: first.findings, inputs, artifacts, charts, timings, diff: first.diff,
      editions: editions.map(({ language, outDir, document, artifacts: files }) => ({ language, outDir, document, artifacts: files })),
    };
  } finally {
    await renderer?.close();
  }
}

/** One language's edition while it is built. */
interface Edition {
  language: string;
  /** Its folder under outDir: '' for the first language (or the one asked for), else the language. */
  place: string;
  outDir: string;
  findings: Findings;
  document: Document;
  diff?: EditionDiff;
  artifacts: Artifact[];
}

/** The languages an edition is built in, the first the one out/ holds. */
export function editionLanguages(findings: Findings): string[] {
  return findings.edition.languages ?? [findings.edition.language];
}

/**
 * The findings in one of the edition's languages (every text in it), or an error naming those there
 * are. Without a language: the first.
 */
export function findingsIn(findings: Findings, language?: string): Findings {
  const languages = editionLanguages(findings);
  const wanted = language ?? languages[0];
  const found = languages.find((l) => l === wanted) ?? languages.find((l) => l.toLowerCase() === wanted.toLowerCase());
  if (!found) {
    throw new InputError(`the edition has no "${wanted}" language`, {
      field: '--lang', hint: `its languages (edition.languages in the data) are ${languages.join(', ')}`,
    });
  }
  const { languages: _all, ...own } = findings.languages?.[found] ?? findings;
  return own;
}

/**
 * The files of the last build into outDir when it is up to date: its own (manifestPages) and, for a
 * build of every language, those of the other languages' folders its manifest names.
 */
function upToDateEditions(outDir: string, keyFor: (dir: string) => (date: string | undefined) => string, outputs: string[], everyLanguage: boolean): { files: string[]; pages: (number | undefined)[] } | undefined {
  const dirs = [outDir, ...(everyLanguage ? manifestLanguages(outDir).map((l) => path.join(outDir, l)) : [])];
  const files: string[] = [];
  const pages: (number | undefined)[] = [];
  for (const dir of dirs) {
    const kept = upToDateOutputs(dir, keyFor(dir), outputs);
    if (!kept) return undefined;
    const counts = manifestPages(dir);
    files.push(...kept);
    pages.push(...kept.map((f) => counts[path.basename(f)]));
  }
  return { files, pages };
}
