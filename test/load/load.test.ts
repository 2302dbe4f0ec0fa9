import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('says what to do when the folder is missing or holds no data', async () => {
    await expect(loadDataDir('/nonexistent/data')).rejects.toThrow(InputError);
    await expect(loadDataDir(dataDir({ 'readme.md': '#' }))).rejects.toThrow(/no data files/);
  });
});
