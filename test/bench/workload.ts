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

// The two-language workload: every word of the standard workloads in Chinese, so a zh edition has as
// much text, as many charts and as many CJK characters to lay out as a translated briefing would.
const ZH: Record<string, string> = {
  A: '甲', B: '乙', C: '丙', D: '丁', E: '戊', F: '己', Q: '季度', v: '版本',
  Active: '活跃', Briefing: '简报', Chart: '图表', Churn: '流失率', Key: '关键', Latency: '延迟', Margin: '利润率',
  Market: '市场', Orders: '订单', Quarterly: '季度', Region: '地区', Revenue: '收入', Section: '部分', Share: '份额',
  Synthetic: '合成', Tickets: '工单', North: '北部', South: '南部', West: '西部',
  Jan: '1月', Feb: '2月', Mar: '3月', Apr: '4月', May: '5月', Jun: '6月', Jul: '7月', Aug: '8月', Sep: '9月', Oct: '10月', Nov: '11月', Dec: '12月',
  a: '一项', accelerated: '加速增长', because: '原因是', block: '区块', by: '按', changes: '变化', channel: '渠道', contracts: '合同',
  controls: '管控', cost: '成本', data: '数据', declined: '下降', demand: '需求', enterprise: '企业', expansion: '扩张', figures: '数字',
  grew: '增长', held: '持平', improved: '改善的', in: '在', launch: '上线', mainly: '主要', month: '月份', new: '新', of: '的',
  over: '环比', overview: '概览', points: '要点', pricing: '定价', product: '产品', quarter: '季度', recovered: '回升', region: '地区',
  retention: '留存', seasonal: '季节性', steady: '稳定', users: '用户', workload: '工作负载', bar: '柱', line: '线', type: '类型',
  table: '表', walk: '讲解', through: '', read: '依次阅读', the: '', order: '各条', point: '指出', out: '', largest: '最大的', cell: '数值',
};

/** The workload's English in Chinese, word by word: no spaces between Chinese words, numbers kept. */
function zh(text: string): string {
  return text
    .replace(/[A-Za-z]+/g, (word) => ZH[word] ?? ZH[word.toLowerCase()] ?? ZH[word[0].toUpperCase() + word.slice(1)] ?? word)
    .replace(/ {2,}/g, ' ').replace(/ (?=[.,:])/g, '')
    .replace(/(?<=[^\x00-\x7F]) (?=[^\x00-\x7F])/g, '')
    .replace(/, /g, '，').replace(/\.$/, '。').replace(/: /g, '：');
}

/**
 * Writes data/ and templates/ for the workload under dir; returns their paths. With languages
 * [en, zh], every text is written in both and the story has a story.zh.hbs beside it.
 */
export function writeWorkloadFixture(workload: Workload, dir: string, themeFile: string, languages: ('en' | 'zh')[] = ['en']): { dataDir: string; templatesDir: string } {
  const both = languages.includes('zh');
  const words = (text: string) => (both ? { en: text, zh: zh(text) } : text);
  const dataDir = path.join(dir, 'data');
  const templatesDir = path.join(dir, 'templates');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(templatesDir, { recursive: true });
  copyFileSync(themeFile, path.join(templatesDir, 'theme.json'));

  const figures: Record<string, object> = {};
  const charts: Record<string, object> = {};
  const collections: Record<string, object> = {};
  const sources = { bench: { title: 'Synthetic benchmark workload', language: 'en' } };

  const story: { en: string[]; zh: string[] } = { en: [], zh: [] };
  /** Lines of template code, the same in every language's story. */
  const code = (...lines: string[]) => { story.en.push(...lines); story.zh.push(...lines); };
  /** A line of words, in each language's story. */
  const say = (text: string) => { story.en.push(text); story.zh.push(zh(text)); };

  workload.slides.forEach((slide, n) => {
    const id = `s${n + 1}`;
    if (slide.kind === 'title') {
      say(`# ${slide.title}`);
      code('');
      return;
    }
    say(`## ${slide.title}`);
    code('');
    if (slide.kind === 'chart' && slide.chart) {
      const series = slide.chart.datasets.map((set, d) => ({
        name: words(set.label),
        figures: set.data.map((value, i) => {
          const figureId = `${id}_d${d + 1}_${i + 1}`;
          figures[figureId] = { label: words(`${set.label}, ${slide.chart!.labels[i]}`), value, unit: both ? { en: 'units', zh: '个' } : 'units', source: 'bench' };
          return figureId;
        }),
      }));
      charts[id] = { type: slide.chart.type, title: words(slide.chart.title), unit: both ? { en: 'units', zh: '个' } : 'units', labels: slide.chart.labels.map(words), series };
      code(`{{chart "${id}"}}`, '', '{{#notes}}');
      say(`Walk through ${slide.chart.title.toLowerCase()}.`);
      code('{{/notes}}', '');
    } else if (slide.kind === 'bullets' && slide.bullets) {
      collections[id] = { title: words(slide.title), sources: ['bench'], items: slide.bullets.map((title) => ({ title: words(title) })) };
      code(`{{#each collections.${id}.items}}`, '- {{title}}', '{{/each}}', '', '{{#notes}}');
      say('Read the points in order.');
      code('{{/notes}}', '');
    } else if (slide.kind === 'table' && slide.rows) {
      const [header, ...rows] = slide.rows;
      const keys = header.map((_, c) => (c === 0 ? 'title' : `c${c}`));
      collections[id] = {
        title: words(slide.title), sources: ['bench'],
        columns: header.map((label, c) => ({ key: keys[c], label: words(label) })),
        items: rows.map((row) => ({ title: words(row[0]), fields: Object.fromEntries(row.slice(1).map((cell, c) => [keys[c + 1], cell])) })),
      };
      code(`{{table "${id}"}}`, '', '{{#notes}}');
      say('Point out the largest cell.');
      code('{{/notes}}', '');
    }
  });

  const first = workload.slides.find((s) => s.kind === 'title');
  const title = first?.title ?? 'Benchmark';
  const edition = {
    title: words(title), subtitle: first?.subtitle && words(first.subtitle), date: '2026-11-22', language: 'en',
    ...(both ? { languages } : {}),
  };
  writeFileSync(path.join(dataDir, 'edition.yaml'), stringify({ edition, sources }));
  writeFileSync(path.join(dataDir, 'figures.yaml'), stringify({ figures }));
  writeFileSync(path.join(dataDir, 'charts.yaml'), stringify({ charts }));
  writeFileSync(path.join(dataDir, 'collections.yaml'), stringify({ collections }));
  writeFileSync(path.join(templatesDir, 'story.hbs'), `${story.en.join('\n')}\n`);
  if (both) writeFileSync(path.join(templatesDir, 'story.zh.hbs'), `${story.zh.join('\n')}\n`);
  return { dataDir, templatesDir };
}
