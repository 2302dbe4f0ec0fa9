// The programmatic API: build(options) runs load → validate → compose → charts → emit → write.
import path from 'node:path';
import { createChartRenderer } from './charts/index.ts';
import { composeDocument } from './compose/index.ts';
import { emitReport } from './emit/pdf/index.ts';
import { emitDeck } from './emit/pptx/index.ts';
import type { EmailContext } from './deliver/index.ts';
import { formatDate, formatFigure } from './format/index.ts';
import { loadDataDir } from './load/index.ts';
import { loadTheme } from './theme/index.ts';
import type { Artifact, Document, Findings, SourceFile } from './types.ts';
import { validate } from './validate/index.ts';
import { writeArtifacts } from './write.ts';

export type Output = 'deck' | 'report';

export interface BuildOptions {
  dataDir: string;
  templatesDir: string;
  outDir: string;
  /** Build only one of the two outputs. */
  only?: Output;
  /** Charts in the deck as images (default) or as native, editable PowerPoint charts. */
  charts?: 'image' | 'native';
  pageSize?: 'A4' | 'LETTER';
  pdfa?: boolean;
  /** Embed the findings (JSON) in the PDF as an attachment. */
  attachData?: boolean;
  /** Use the chart image cache under out/.cache (default true). */
  cache?: boolean;
  /** Called after each stage with its duration. */
  onStage?: (stage: string, ms: number) => void;
  warn?: (message: string) => void;
}

export interface BuildResult {
  files: string[];
  document: Document;
  findings: Findings;
  inputs: SourceFile[];
  artifacts: Artifact[];
  charts: { hits: number; misses: number };
  timings: Record<string, number>;
}

/** Loads and validates the findings in a data folder. */
export async function loadFindings(dataDir: string): Promise<{ findings: Findings; inputs: SourceFile[] }> {
  const inputs = await loadDataDir(dataDir);
  return { findings: validate(inputs), inputs };
}

/** What the email says of this edition: its title, date and headline figures, formatted. */
export async function emailContext(dataDir: string): Promise<EmailContext> {
  const { findings } = await loadFindings(dataDir);
  const headlines = (findings.edition.headlines ?? []).map((id) => findings.figures[id]);
  return {
    edition: { title: findings.edition.title, date: formatDate(findings.edition.date) },
    headlines: headlines.map((f) => ({ label: f.label, value: formatFigure(f) })),
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
  const wants = (o: Output) => !options.only || options.only === o;

  const theme = loadTheme(options.templatesDir);
  const inputs = await stage('load', () => loadDataDir(options.dataDir));
  const findings = await stage('validate', () => validate(inputs));
  const document = await stage('compose', () => composeDocument(findings, options.templatesDir));

  const needImages = wants('report') || options.charts !== 'native';
  const renderer = createChartRenderer(theme, {
    cacheDir: options.cache === false ? null : path.join(options.outDir, '.cache', 'charts'),
    warn: options.warn,
  });
  let rendered;
  try {
    rendered = await stage('charts', () => renderer.render(needImages ? Object.values(document.charts) : []));
  } finally {
    await renderer.close();
  }

  const artifacts: Artifact[] = [];
  if (wants('deck')) {
    artifacts.push(await stage('deck', () => emitDeck(document, rendered.images, theme, { charts: options.charts ?? 'image' })));
  }
  if (wants('report')) {
    const attachments = options.attachData
      ? [{ name: 'findings.json', bytes: Buffer.from(JSON.stringify(findings, null, 2)), description: 'The findings this report was built from' }]
      : undefined;
    artifacts.push(await stage('report', () => emitReport(document, rendered.images, theme, { pageSize: options.pageSize, pdfa: options.pdfa, attachments })));
  }
  const files = await stage('write', () => writeArtifacts(options.outDir, artifacts));
  return { files, document, findings, inputs, artifacts, charts: { hits: rendered.hits, misses: rendered.misses }, timings };
}
