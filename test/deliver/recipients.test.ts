import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/errors.ts';
import { parseToList, readRecipientsFile } from '../../src/deliver/recipients.ts';

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
});
