// The fuzz test checks most decks with the cheap XML check of test/helpers/xml.ts: it must agree with
// xmllint (libxml2) on real parts of a deck and on broken copies of them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../helpers/xml.ts';
import { ROOT, tempDir } from '../helpers/run.ts';

const xmllintAccepts = (xml: string, dir: string, n: number): boolean => {
  const file = path.join(dir, `part-${n}.xml`);
  writeFileSync(file, xml);
  return spawnSync('xmllint', ['--noout', '--nonet', file]).status === 0;
};

describe('the cheap XML check', () => {
  it('agrees with xmllint on the parts of a deck, and on broken copies of them', async () => {
    const out = tempDir('bs-xml-');
    execFileSync(process.execPath, [path.join(ROOT, 'src/bin.cjs'), 'build', '--only', 'deck', '--out', out], { cwd: ROOT, env: { ...process.env, CI: 'true' } });
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'briefing.pptx')));
    const parts = await Promise.all(Object.keys(zip.files).filter((n) => /\.(xml|rels)$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(parts.length).toBeGreaterThan(40);
    for (const xml of parts) expect(xmlProblem(xml)).toBeUndefined();

    // Each break a fuzzed input could cause, in real parts.
    const breaks: ((xml: string) => string)[] = [
      (x) => x.replace('<a:t>', '<a:t>\u0000'), (x) => x.replace('<a:t>', '<a:t>\u001b[31m'), (x) => x.replace('<a:t>', '<a:t>a & b'),
      (x) => x.replace('</p:sp>', ''), (x) => x.replace(/<\/a:p>/, '</a:r>'), (x) => x.replace(/ ([a-z]+)="/, ' $1="<'),
      (x) => x.replace(/ ([a-z]+)="([^"]*)"/, ' $1="$2" $1="x"'), (x) => `${x}<extra/>`, (x) => x.replace('<a:t>', '<a:t>&#0;'),
      (x) => x.replace('<a:t>', '<a:t>\uFFFE'), (x) => x.replace('<a:t>', '<a:t>&bogus;'),
      (x) => x.slice(0, Math.floor(x.length / 2)), (x) => x.replace('<a:t>', '<a:t>é 中文 🚀 &amp; &#x1F680;'),
    ];
    const dir = tempDir('bs-xml-');
    const slide = parts.find((p) => p.includes('<a:t>') && p.includes('</p:sp>'))!;
    let n = 0;
    for (const broken of breaks) {
      const xml = broken(slide);
      expect(xmlProblem(xml) === undefined, `${xml.slice(0, 0)}${broken.toString()}`).toBe(xmllintAccepts(xml, dir, n++));
    }
  });
});
