// Turns a standard benchmark workload (../shared/bench/workload-*.json, copied to workloads/) into a
// Briefsmith data folder and templates, so the benchmark runs through the normal CLI and pipeline.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

interface WorkloadSlide {
  kind: 'title' | 'chart' | 'bullets' | 'table';
  title: string;
  subtitle?: string;
  chart?: { type: 'bar' | 'line' | 'doughnut'; labels: string[]; title: string; datasets: { label: string; data: number[] }[] };
  bullets?: string[];
  rows?: string[][];
}

export interface Workload {
  version: number;
  reps: number;
  slides: WorkloadSlide[];
}

/** Writes data/ and templates/ for the workload under dir; returns their paths. */
export function writeWorkloadFixture(workload: Workload, dir: string, themeFile: string): { dataDir: string; templatesDir: string } {
  const dataDir = path.join(dir, 'data');
  const templatesDir = path.join(dir, 'templates');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(templatesDir, { recursive: true });
  copyFileSync(themeFile, path.join(templatesDir, 'theme.json'));

  const figures: Record<string, object> = {};
  const charts: Record<string, object> = {};
  const collections: Record<string, object> = {};
  const story: string[] = [];
  const sources = { bench: { title: 'Synthetic benchmark workload', language: 'en' } };

  workload.slides.forEach((slide, n) => {
    const id = `s${n + 1}`;
    if (slide.kind === 'title') {
      story.push(`# ${slide.title}`, '');
      return;
    }
    story.push(`## ${slide.title}`, '');
    if (slide.kind === 'chart' && slide.chart) {
      const series = slide.chart.datasets.map((set, d) => ({
        name: set.label,
        figures: set.data.map((value, i) => {
          const figureId = `${id}_d${d + 1}_${i + 1}`;
          figures[figureId] = { label: `${set.label}, ${slide.chart!.labels[i]}`, value, unit: 'units', source: 'bench' };
          return figureId;
        }),
      }));
      charts[id] = { type: slide.chart.type, title: slide.chart.title, unit: 'units', labels: slide.chart.labels, series };
      story.push(`{{chart "${id}"}}`, '', '{{#notes}}', `Walk through ${slide.chart.title.toLowerCase()}.`, '{{/notes}}', '');
    } else if (slide.kind === 'bullets' && slide.bullets) {
      collections[id] = { title: slide.title, sources: ['bench'], items: slide.bullets.map((title) => ({ title })) };
      story.push(`{{#each collections.${id}.items}}`, '- {{title}}', '{{/each}}', '', '{{#notes}}', 'Read the points in order.', '{{/notes}}', '');
    } else if (slide.kind === 'table' && slide.rows) {
      const [header, ...rows] = slide.rows;
      const keys = header.map((_, c) => (c === 0 ? 'title' : `c${c}`));
      collections[id] = {
        title: slide.title, sources: ['bench'],
        columns: header.map((label, c) => ({ key: keys[c], label })),
        items: rows.map((row) => ({ title: row[0], fields: Object.fromEntries(row.slice(1).map((cell, c) => [keys[c + 1], cell])) })),
      };
      story.push(`{{table "${id}"}}`, '', '{{#notes}}', 'Point out the largest cell.', '{{/notes}}', '');
    }
  });

  const first = workload.slides.find((s) => s.kind === 'title');
  const edition = { title: first?.title ?? 'Benchmark', subtitle: first?.subtitle, date: '2026-11-22', language: 'en' };
  writeFileSync(path.join(dataDir, 'edition.yaml'), stringify({ edition, sources }));
  writeFileSync(path.join(dataDir, 'figures.yaml'), stringify({ figures }));
  writeFileSync(path.join(dataDir, 'charts.yaml'), stringify({ charts }));
  writeFileSync(path.join(dataDir, 'collections.yaml'), stringify({ collections }));
  writeFileSync(path.join(templatesDir, 'story.hbs'), `${story.join('\n')}\n`);
  return { dataDir, templatesDir };
}
