import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.ts';
import { duplicateProblems, parseToList, readRecipientsFile } from '../../src/deliver/recipients.ts';
import { tempDir } from '../helpers/run.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('recipients', () => {
  it('reads the shipped example list: example addresses only', async () => {
    const problems: Problem[] = [];
    const list = await readRecipientsFile(path.join(ROOT, 'data/recipients.yaml'), problems);
    expect(problems).toEqual([]);
    expect(list.length).toBeGreaterThan(0);
    for (const r of list) {
      expect(r.name).toBeTruthy();
      expect(r.address).toMatch(/@example\.(com|org)$/);
    }
  });

  it('reads --to forms and refuses what is not one address', () => {
    const problems: Problem[] = [];
    expect(parseToList(['ann@example.com, "Lee, Bob" <bob@example.org>', 'Cai <cai@example.com>'], problems)).toEqual([
      { address: 'ann@example.com' }, { name: 'Lee, Bob', address: 'bob@example.org' }, { name: 'Cai', address: 'cai@example.com' },
    ]);
    expect(problems).toEqual([]);
    parseToList(['ann@', 'bob@example', 'x y@example.com', '<a@example.com> trailing'], problems);
    expect(problems).toHaveLength(4);
  });

  it('names the file and line of an address listed twice, and of the first listing', async () => {
    const file = path.join(tempDir('bs-recipients-'), 'recipients.yaml');
    writeFileSync(file, 'recipients:\n  - name: Ann\n    address: ann@example.com\n  - name: Bob\n    address: bob@example.com\n  - name: Ann again\n    address: ANN@example.com\n');
    const problems: Problem[] = [];
    const list = [...await readRecipientsFile(file, problems), ...parseToList(['bob@example.com'], problems)];
    expect(duplicateProblems(list)).toEqual([
      expect.objectContaining({ file: expect.stringContaining('recipients.yaml'), line: 7, column: 14, message: expect.stringMatching(/^ANN@example\.com is listed more than once \(first at .*recipients\.yaml:3:14\)$/) }),
      expect.objectContaining({ field: '--to', message: expect.stringMatching(/^bob@example\.com is listed more than once \(first at .*recipients\.yaml:5:14\)$/) }),
    ]);
  });

  it('refuses a recipients file that is not UTF-8, naming its line', async () => {
    const file = path.join(tempDir('bs-recipients-'), 'recipients.yaml');
    writeFileSync(file, Buffer.from('recipients:\n  - name: Jos\xe9\n    address: jose@example.com\n', 'latin1'));
    const problems: Problem[] = [];
    await readRecipientsFile(file, problems);
    expect(problems).toEqual([expect.objectContaining({ line: 2, column: 14, message: expect.stringMatching(/^the recipients file is not UTF-8 text/) })]);
  });
});
