// Regenerating after data changes, as a user does it: identical bytes, a cache that re-renders only
// what changed, the edition diff, watch mode, and a build killed mid-way.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngOf } from '../helpers/pictures.ts';
import { ROOT, briefsmith, pdfPages, slideText, slideXml, tempDir } from '../helpers/run.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const manifest = (out: string) => JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));

/** A private copy of the shipped data, for tests that edit it. */
function dataCopy(): { dir: string; data: string; figures: string } {
  const dir = tempDir('bs-regen-');
  cpSync(path.join(ROOT, 'data'), path.join(dir, 'data'), { recursive: true });
  return { dir, data: path.join(dir, 'data'), figures: path.join(dir, 'data', 'figures.yaml') };
}

/** Changes the value of one figure in a figures file (the value line right under its id). */
function setValue(file: string, id: string, value: string): void {
  const text = readFileSync(file, 'utf8');
  const re = new RegExp(`(\\n  ${id}:\\n(?:    .*\\n)*?    value: )[^\\n]+`);
  expect(re.test(text), `figure ${id} has a value line`).toBe(true);
  writeFileSync(file, text.replace(re, `$1${value}`));
}

describe('regeneration', () => {
  it('gives byte-identical outputs from the same inputs, in different folders and without the cache', async () => {
    const a = tempDir('bs-det-a-');
    const b = tempDir('bs-det-b-');
    expect((await briefsmith(['build', '--out', a])).status).toBe(0);
    expect((await briefsmith(['build', '--out', b, '--no-cache'])).status).toBe(0);
    for (const name of ['briefing.pptx', 'report.pdf']) expect(sha(path.join(b, name)), name).toBe(sha(path.join(a, name)));
    expect(manifest(a).outputs).toEqual(manifest(b).outputs);
  });

  it('skips a build when nothing changed, and re-renders exactly the one chart whose figure changed', async () => {
    const { dir, data, figures } = dataCopy();
    const out = path.join(dir, 'out');
    expect((await briefsmith(['build', '--data', data, '--out', out])).status).toBe(0);
    const first = manifest(out);
    expect(first.charts.misses).toBeGreaterThanOrEqual(6);
    expect(first.inputs.map((i: { path: string }) => path.basename(i.path))).toContain('figures.yaml');
    expect(first.outputs.map((o: { name: string }) => o.name)).toEqual(['briefing.pptx', 'report.pdf']);

    // Nothing changed: the build stops early and keeps the files (and the manifest) as they are.
    const again = await briefsmith(['build', '--data', data, '--out', out, '--verbose']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('up to date');
    expect(manifest(out)).toEqual(first);

    // The one chart is drawn again in each language of the edition (its words differ), every other comes from the cache.
    const languages = /^ {2}languages: \[(.*)\]$/m.exec(readFileSync(path.join(data, 'edition.yaml'), 'utf8'))?.[1].split(',').length ?? 1;
    setValue(figures, 'training_cost_big', '250');
    expect((await briefsmith(['build', '--data', data, '--out', out])).status).toBe(0);
    expect(manifest(out).charts).toEqual({ hits: first.charts.misses - languages, misses: languages });
  });

  it('builds again when a picture the templates show changes (the theme\'s logo), not only their text', async () => {
    const dir = tempDir('bs-regen-logo-');
    const templates = path.join(dir, 'templates');
    cpSync(path.join(ROOT, 'templates'), templates, { recursive: true });
    const theme = path.join(templates, 'theme.json');
    writeFileSync(theme, readFileSync(theme, 'utf8').replace(/^\{/, '{\n  "logo": "logo.png",'));
    writeFileSync(path.join(templates, 'logo.png'), pngOf(120, 40));
    const out = path.join(dir, 'out');
    const build = () => briefsmith(['build', '--templates', templates, '--out', out, '--lang', 'en', '--only', 'deck', '--verbose']);
    expect((await build()).status).toBe(0);
    expect((await build()).stderr).toContain('up to date');
    writeFileSync(path.join(templates, 'logo.png'), pngOf(120, 40, ['#1F3A5F', '#FFFFFF']));
    const after = await build();
    expect(after.status, after.stderr).toBe(0);
    expect(after.stderr).not.toContain('up to date');
  });

  it('says what changed since the previous edition, in both outputs and in `briefsmith diff`', async () => {
    const { dir, data, figures } = dataCopy();
    const out = path.join(dir, 'out');
    expect((await briefsmith(['build', '--data', data, '--out', out])).status).toBe(0);
    const noDiff = (await slideXml(path.join(out, 'briefing.pptx'))).map(slideText);
    expect(noDiff.join('\n')).not.toContain('What changed');

    // A new edition in which three figures change.
    const edition = path.join(data, 'edition.yaml');
    writeFileSync(edition, readFileSync(edition, 'utf8').replace('date: "2026-11-22"', 'date: "2026-12-15"'));
    setValue(figures, 'models_filed', '320');
    setValue(figures, 'market_2027', '120');
    setValue(figures, 'gpt3_gpus', '12000');
    const diff = await briefsmith(['diff', '--data', data, '--out', out]);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('What changed since 22 November 2026:');
    expect(diff.stdout).toContain('large models filed with the regulator: 309 models (as of November 2024) → 320 models (as of November 2024) [s002]');
    expect(diff.stdout).toContain('CNY 113 billion (2027, projected) → CNY 120 billion (2027, projected)');
    expect(diff.stdout).toContain('at least 10,000 GPUs → at least 12,000 GPUs [s003]');

    expect((await briefsmith(['build', '--data', data, '--out', out])).status).toBe(0);
    const slides = (await slideXml(path.join(out, 'briefing.pptx'))).map(slideText);
    const diffSlide = slides.find((s) => s.includes('What changed since 22 November 2026'));
    expect(diffSlide).toBeDefined();
    expect(diffSlide).toContain('320 models');
    const report = pdfPages(path.join(out, 'report.pdf')).join('\n').replace(/\s+/g, ' ');
    expect(report).toContain('What changed since 22 November 2026');
    expect(report).toContain('at least 12,000 GPUs');

    // Rebuilding the same edition keeps the same comparison.
    expect((await briefsmith(['build', '--data', data, '--out', out])).status).toBe(0);
    expect((await slideXml(path.join(out, 'briefing.pptx'))).map(slideText).some((s) => s.includes('What changed since 22 November 2026'))).toBe(true);
  });

  it('leaves every output whole when a build is killed at any moment', async () => {
    const { dir, data, figures } = dataCopy();
    const out = path.join(dir, 'out');
    expect((await briefsmith(['build', '--data', data, '--out', out, '--no-cache'])).status).toBe(0);
    const old = { deck: sha(path.join(out, 'briefing.pptx')), report: sha(path.join(out, 'report.pdf')) };
    setValue(figures, 'models_filed', '333');
    const fresh = tempDir('bs-kill-fresh-');
    expect((await briefsmith(['build', '--data', data, '--out', fresh, '--no-cache'])).status).toBe(0);
    const next = { deck: sha(path.join(fresh, 'briefing.pptx')), report: sha(path.join(fresh, 'report.pdf')) };
    expect(next.deck).not.toBe(old.deck);

    // Kill builds at moments spread over a whole build; each file must be the old or the new one.
    for (const delay of [150, 400, 700, 1000, 1300, 1600, 1900, 2300, 2800, 3500]) {
      const child = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), 'build', '--data', data, '--out', out, '--no-cache'], { env: { ...process.env, CI: 'true' } });
      // Listen before killing: a build that finished before the kill has already exited.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      expect([old.deck, next.deck], `deck after a kill at ${delay} ms`).toContain(sha(path.join(out, 'briefing.pptx')));
      expect([old.report, next.report], `report after a kill at ${delay} ms`).toContain(sha(path.join(out, 'report.pdf')));
    }
  });
});

describe('briefsmith watch', () => {
  it('rebuilds once per change and recovers from broken data, keeping the last good outputs', async () => {
    const { dir, data, figures } = dataCopy();
    const out = path.join(dir, 'out');
    const child = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), 'watch', '--data', data, '--out', out], { env: { ...process.env, CI: 'true' } });
    let log = '';
    child.stderr.on('data', (chunk) => { log += String(chunk); });
    const builds = () => (log.match(/^build \d+ ok/gm) ?? []).length;
    const waitFor = async (what: () => boolean, label: string, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!what()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${label}; log:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const settle = () => new Promise((r) => setTimeout(r, 2500));
    try {
      await waitFor(() => log.includes('watching'), 'the first build');
      expect(builds()).toBe(1);

      setValue(figures, 'models_filed', '310');
      await waitFor(() => builds() === 2, 'a rebuild after one change');
      await settle();
      expect(builds()).toBe(2);

      const deck = (await slideXml(path.join(out, 'briefing.pptx'))).map(slideText).join('\n');
      expect(deck).toMatch(/\b310\b/);
      expect(deck).not.toMatch(/\b309\b/);

      const good = readFileSync(path.join(out, 'report.pdf'));
      writeFileSync(figures, `${readFileSync(figures, 'utf8')}\n  broken: [\n`);
      await waitFor(() => log.includes('build failed'), 'the error report');
      expect(log).toMatch(/figures\.yaml:\d+:\d+/);
      expect(readFileSync(path.join(out, 'report.pdf')).equals(good)).toBe(true);

      writeFileSync(figures, readFileSync(figures, 'utf8').replace('\n  broken: [\n', ''));
      await waitFor(() => builds() === 3, 'recovery after the fix');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
