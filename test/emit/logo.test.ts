// The theme's logo: on the title slide with its alt text, small and decorative in every content
// slide's footer (in place of the footer word), on the report cover as a tagged Figure; and a logo that
// cannot be read stops the build at its line in theme.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitReport } from '../../src/emit/pdf/index.ts';
import { ValidationError } from '../../src/errors.ts';
import { loadLogo, loadTheme } from '../../src/theme/index.ts';
import type { Document, ImageFile } from '../../src/types.ts';
import { bytesOf, tempDir } from '../helpers/run.ts';
import { PdfObjects, pdfUaProblems, structureTree, type StructNode } from '../helpers/pdf-ua.ts';
import { sampleChartImages, sampleDocument } from '../helpers/sample-document.ts';
import { accessibilityProblems, deck, partText, theme, type Deck } from './pptx/deck-helpers.ts';

const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 80"><rect x="4" y="8" width="64" height="64" rx="14" fill="#E07A1F"/><rect x="80" y="24" width="150" height="32" fill="#1F3A5F"/></svg>';

/** A templates folder whose theme.json names `logo` (on line 3), with the SVG logo in it. */
function templatesWithLogo(logo: string): string {
  const dir = tempDir('bs-logo-');
  mkdirSync(path.join(dir, 'images'));
  writeFileSync(path.join(dir, 'images', 'logo.svg'), LOGO_SVG);
  writeFileSync(path.join(dir, 'theme.json'), `{\n  "deck": { "logoText": "Acme" },\n  "logo": ${JSON.stringify(logo)}\n}\n`);
  return dir;
}

const all = (tree: StructNode[]): StructNode[] => tree.flatMap((n) => [n, ...all(n.children)]);

describe('the theme\'s logo', () => {
  let logo: ImageFile;
  let doc: Document;
  let d: Deck;
  beforeAll(async () => {
    const dir = templatesWithLogo('images/logo.svg');
    const withLogo = loadTheme(dir);
    logo = loadLogo(withLogo, dir)!;
    doc = { ...sampleDocument(), logo };
    d = await deck(doc, 'image', undefined, withLogo);
  });

  it('is read from the templates folder as the story\'s pictures are', () => {
    expect(logo.format).toBe('svg');
    expect(logo.width / logo.height).toBeCloseTo(3, 5);
  });

  it('stands on the title slide with alt text naming what it stands for', () => {
    const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(d.slides[0])?.[0] ?? '';
    expect(pic).toMatch(/descr="Logo of Acme"/);
    // Its aspect ratio kept.
    const [cx, cy] = /<a:ext cx="(\d+)" cy="(\d+)"/.exec(pic)!.slice(1).map(Number);
    expect(cx / cy).toBeCloseTo(3, 2);
  });

  it('is in the content slides\' footer, decorative, in place of the footer word, with a PNG for viewers without SVG', async () => {
    const layouts = await Promise.all(Object.keys(d.zip.files).filter((n) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(n)).map((n) => partText(d, n)));
    const content = layouts.find((x) => x.includes('<p:pic>'))!;
    const pic = /<p:pic>[\s\S]*?<\/p:pic>/.exec(content)![0];
    expect(pic).toMatch(/adec:decorative [^>]*val="1"/);
    expect(pic).not.toMatch(/descr=/);
    expect(content).not.toContain('Acme  ·');
    expect(content).toContain(doc.edition.title);
    const [, y] = /<a:off x="\d+" y="(\d+)"/.exec(pic)!.map(Number);
    expect(y / 914400).toBeGreaterThan(6.9);
    const pngs = Object.keys(d.zip.files).filter((n) => /^ppt\/media\/.*\.png$/.test(n));
    const fallbacks = await Promise.all(pngs.map((n) => d.zip.file(n)!.async('nodebuffer')));
    expect(fallbacks.some((b) => b.length > 200)).toBe(true);
    expect(await accessibilityProblems(d)).toEqual([]);
  });

  it('is on the report cover as a Figure with its alt text, the report still PDF/UA', async () => {
    const file = path.join(tempDir('bs-logo-pdf-'), 'report.pdf');
    writeFileSync(file, bytesOf(await emitReport(doc, sampleChartImages(), theme, {})));
    expect(pdfUaProblems(file).problems).toEqual([]);
    const figures = all(structureTree(new PdfObjects(file))).filter((n) => n.type === 'Figure');
    expect(figures.map((f) => f.alt)).toContain('Logo of Briefsmith');
  });

  it('that is missing stops the build at its line in theme.json, with what is there', () => {
    const dir = templatesWithLogo('images/logo.png');
    const theme = loadTheme(dir);
    let error: unknown;
    try { loadLogo(theme, dir); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    const [problem] = (error as ValidationError).problems;
    expect(problem).toMatchObject({ line: 3, field: 'logo' });
    expect(problem.message).toContain('images/logo.png does not exist');
    expect(problem.hint).toContain('images/logo.svg');
  });

  it('that is not a picture, or not text, is refused with its line', () => {
    const dir = templatesWithLogo('theme.json');
    let error: unknown;
    try { loadLogo(loadTheme(dir), dir); } catch (e) { error = e; }
    expect((error as ValidationError).problems[0]).toMatchObject({ line: 3, field: 'logo' });
    writeFileSync(path.join(dir, 'theme.json'), '{\n  "logo": 42\n}\n');
    try { loadTheme(dir); error = undefined; } catch (e) { error = e; }
    expect((error as ValidationError).problems[0]).toMatchObject({ line: 2 });
  });
});
