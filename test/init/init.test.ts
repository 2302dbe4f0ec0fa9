// `briefsmith init`: the starter builds at once and shows every helper; nothing is ever overwritten.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { build } from '../../src/index.ts';
import { initProject } from '../../src/init/index.ts';
import { ROOT, briefsmith, pdfPages, slideText, slideXml, tempDir } from '../helpers/run.ts';

/** Every file under dir, relative, sorted. */
const tree = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

describe('briefsmith init', () => {
  it('writes a starter whose findings have a range, a qualifier, a projection, a derived figure, a chart and a collection, and which builds at once', async () => {
    const dir = path.join(tempDir('bs-init-'), 'demo');
    const result = initProject({ dir, today: '2026-03-04' });
    expect(result.files).toEqual(tree(dir));
    expect(result.files).toEqual(expect.arrayContaining(['.gitignore', 'README.md', 'data/edition.yaml', 'data/recipients.yaml', 'templates/story.hbs', 'templates/theme.json']));

    // The Handlebars instance the story is rendered with, to see which helpers it has.
    const create = vi.spyOn(Handlebars, 'create');
    const built = await build({ dataDir: path.join(dir, 'data'), templatesDir: path.join(dir, 'templates'), outDir: path.join(dir, 'out') });
    const hb = create.mock.results[0].value as typeof Handlebars;
    create.mockRestore();

    const { figures, charts, collections, edition } = built.findings!;
    expect(edition.date).toBe('2026-03-04');
    const all = Object.values(figures);
    expect(all.some((f) => f.range)).toBe(true);
    expect(all.some((f) => f.qualifier)).toBe(true);
    expect(all.some((f) => f.projection)).toBe(true);
    expect(all.some((f) => f.derived)).toBe(true);
    expect(Object.keys(charts)).toHaveLength(1);
    expect(Object.keys(collections)).toHaveLength(1);

    // Every helper Briefsmith registers is used in the starter's story (comments do not count).
    const builtIn = new Set(Object.keys(Handlebars.create().helpers));
    const ours = Object.keys(hb.helpers).filter((h) => !builtIn.has(h));
    expect(ours.length).toBeGreaterThan(10);
    const story = readFileSync(path.join(dir, 'templates/story.hbs'), 'utf8').replace(/\{\{!--[\s\S]*?--\}\}/g, '');
    for (const helper of ours) expect(story, `{{${helper}}} in the starter`).toMatch(new RegExp(`\\{\\{[#/]?${helper}[\\s}]`));

    // Both outputs carry the figures, formatted.
    const deck = (await slideXml(path.join(dir, 'out/briefing.pptx'))).map(slideText).join('\n');
    const report = pdfPages(path.join(dir, 'out/report.pdf')).join('\n').replace(/\s+/g, ' ');
    expect(deck).toContain('E-bikes in Exampleland');
    for (const text of ['410 thousand e-bikes (2025)', '40–45%', '650 thousand e-bikes (2028, projected)', 'over 1,200']) {
      expect(report).toContain(text);
    }

    // Its sections are numbered once each: "Key figures", ahead of the first chapter, has no number
    // (numbered "1", it clashed with chapter 1), and the chapters count from 1.
    const headings = built.document!.sections.filter((s) => s.audience !== 'deck');
    const numbered = pdfPages(path.join(dir, 'out/report.pdf')).slice(2).join('\n').split('\n').map((l) => l.trim()).filter((l) => /^\d+(\.\d+)?\s+\S/.test(l) && headings.some((h) => l.endsWith(h.title)));
    const numbers = numbered.map((l) => l.split(/\s+/)[0]);
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    expect(new Set(numbers).size, numbered.join('\n')).toBe(numbers.length);
    expect(numbered.some((l) => l.endsWith('Key figures'))).toBe(false);
  });

  it('refuses to overwrite anything: exit 2, names what is in the way, writes nothing', async () => {
    const dir = tempDir('bs-init-clash-');
    writeFileSync(path.join(dir, 'README.md'), 'my own notes\n');
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data/other.yaml'), 'figures: {}\n');
    const before = tree(dir);

    const run = await briefsmith(['init', dir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/already has README\.md, data\/: nothing was written/);
    expect(run.stderr).toMatch(/hint: init never overwrites/);
    expect(tree(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('my own notes\n');

    expect(() => initProject({ dir: path.join(dir, 'README.md') })).toThrow(InputError);
  });

  it('writes into an empty or new folder, and into one that holds other things', async () => {
    const dir = tempDir('bs-init-other-');
    writeFileSync(path.join(dir, 'notes.txt'), 'kept\n');
    expect(initProject({ dir }).files).toContain('data/figures.yaml');
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('kept\n');
  });

  it('--example copies the shipped project as it is', async () => {
    const dir = path.join(tempDir('bs-init-example-'), 'example');
    const run = await briefsmith(['init', '--example', dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/next: cd .*example && briefsmith build/);
    for (const folder of ['data', 'templates']) {
      const shipped = tree(path.join(ROOT, folder));
      expect(tree(path.join(dir, folder))).toEqual(shipped);
      for (const file of shipped) expect(readFileSync(path.join(dir, folder, file)).equals(readFileSync(path.join(ROOT, folder, file))), file).toBe(true);
    }
  });
});
