import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError, ValidationError } from '../../src/errors.ts';
import { loadDataDir, parseDataText } from '../../src/load/index.ts';

function dataDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-load-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('load', () => {
  it('gives the line and column of any value, and of the nearest parent for a missing key', () => {
    const file = parseDataText('figures:\n  - id: a\n    unit: CNY\n  - id: b\n    unit:\n', 'data/figures.yaml');
    expect(file.value).toEqual({ figures: [{ id: 'a', unit: 'CNY' }, { id: 'b', unit: null }] });
    expect(file.positionOf(['figures', 0, 'unit'])).toEqual({ file: 'data/figures.yaml', line: 3, column: 11 });
    expect(file.positionOf(['figures', 1, 'unit'])).toMatchObject({ line: 5, column: 5 });
    expect(file.positionOf(['figures', 1, 'source'])).toMatchObject({ line: 4, column: 5 });
  });

  it('reads JSON too, with positions', () => {
    const file = parseDataText('{\n  "sources": [\n    {"id": "s1"}\n  ]\n}\n', 'data/s.json');
    expect(file.positionOf(['sources', 0, 'id'])).toMatchObject({ line: 3, column: 12 });
  });

  it('reports syntax errors and duplicate keys with file, line and column, every file at once', async () => {
    const dir = dataDir({ 'a.yaml': 'figures:\n  - id: a\n    id: b\n', 'b.yaml': 'x: [1, 2\ny: 3\n', 'notes.txt': 'ignored' });
    const error = await loadDataDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.map((p) => path.basename(p.file!))).toEqual(['a.yaml', 'b.yaml']);
    expect(problems[0]).toMatchObject({ line: 3, hint: expect.stringContaining('once') });
    expect(problems[1].line).toBeGreaterThan(0);
  });

  it('hashes the raw bytes and reads files in name order', async () => {
    const dir = dataDir({ 'b.yaml': 'b: 1\n', 'a.yml': 'a: 1\n' });
    const files = await loadDataDir(dir);
    expect(files.map((f) => path.basename(f.path))).toEqual(['a.yml', 'b.yaml']);
    expect(files[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(files[0].hash).not.toBe(files[1].hash);
  });

  it('reads the same values as the positioned YAML parser, for every shipped and fixture data file', () => {
    // Values come from the fast parser, positions from `yaml` when a problem needs one: the two must agree.
    const dirs = ['data', 'test/fixtures/literal-text/data'].map((d) => path.resolve(import.meta.dirname, '../..', d));
    const files = dirs.flatMap((d) => readdirSync(d).filter((n) => /\.(ya?ml|json)$/.test(n)).map((n) => path.join(d, n)));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(parseDataText(text, file).value, file).toEqual(parseYaml(text));
    }
  });

  it('reads YAML 1.2 scalars as YAML 1.2 does, and anchors through the parser that limits them', () => {
    const text = 'a: ~\nb: True\nc: 0x1F\nd: .inf\ne: 2024-01-01\nf: 1_000\ng: "017"\nh: 017\nlist: &l [1, 2]\nagain: *l\n';
    expect(parseDataText(text, 'x.yaml').value).toEqual(parseYaml(text));
    expect(parseDataText(text, 'x.yaml').value).toMatchObject({ a: null, b: true, c: 31, d: Infinity, e: '2024-01-01', f: '1_000', g: '017', h: 17, again: [1, 2] });
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const error = (() => { try { parseDataText(bomb, 'bomb.yaml'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]).toMatchObject({ file: 'bomb.yaml', message: expect.stringMatching(/alias/i), hint: expect.stringContaining('anchors') });
  });

  it('says what to do when the folder is missing or holds no data', async () => {
    await expect(loadDataDir('/nonexistent/data')).rejects.toThrow(InputError);
    await expect(loadDataDir(dataDir({ 'readme.md': '#' }))).rejects.toThrow(/no data files/);
  });

  it('names every data file that is not a readable regular file, at once, and skips hidden files', async () => {
    const dir = dataDir({ 'a.yaml': 'edition: {}\n' });
    symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));
    symlinkSync(path.join(dir, 'loop2.yaml'), path.join(dir, 'loop1.yaml'));
    symlinkSync(path.join(dir, 'loop1.yaml'), path.join(dir, 'loop2.yaml'));
    mkdirSync(path.join(dir, 'folder.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    symlinkSync('user@host.1234', path.join(dir, '.#a.yaml')); // an editor's lock file
    const error = await loadDataDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems.map((p) => `${path.basename(p.file!)}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^dangling.yaml: is a link to .*nowhere.yaml, which does not exist$/),
      'folder.yaml: is a folder, not a file',
      expect.stringMatching(/^loop1.yaml: is a link that leads back to itself/),
      expect.stringMatching(/^loop2.yaml: is a link that leads back to itself/),
      'pipe.json: is not a regular file (a pipe, socket or device)',
    ]);
  });

  it('refuses bytes that are not UTF-8 at their line and column, and reads a byte-order mark as nothing', async () => {
    const dir = dataDir({ 'a.yaml': '' });
    writeFileSync(path.join(dir, 'a.yaml'), Buffer.concat([Buffer.from('edition:\n  title: Caf'), Buffer.from([0xe9]), Buffer.from(' cr\u00e8me\n')]));
    const error = await loadDataDir(dir).catch((e) => e);
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({
      line: 2, column: 13, message: 'is not UTF-8 text: byte 0xE9 after "  title: Caf"', hint: expect.stringContaining('UTF-8'),
    })]);
    writeFileSync(path.join(dir, 'a.yaml'), Buffer.from('\ufeffedition: {title: "Caf\u00e9"}\n'));
    expect((await loadDataDir(dir))[0].value).toEqual({ edition: { title: 'Caf\u00e9' } });
    writeFileSync(path.join(dir, 'a.yaml'), Buffer.from('\ufeffa: 1\n', 'utf16le'));
    expect(((await loadDataDir(dir).catch((e) => e)) as ValidationError).problems[0].message).toMatch(/UTF-16/);
  });
});
