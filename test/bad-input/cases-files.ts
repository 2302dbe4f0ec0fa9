// Bad inputs of the file system, outputs among the inputs, encodings and recipients.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BadInput, file, lineCount } from './case.ts';
import { buildArgs, lineOf } from './harness.ts';

export const FILE_CASES: BadInput[] = [
  // ---- 1. the user's own file-system mistakes ---------------------------------------------------
  {
    name: 'a dangling symlink among the data files', kind: 'file system', via: 'cli',
    arrange: (p) => symlinkSync(path.join(p.dir, 'gone.yaml'), file(p, 'data/extra.yaml')),
    where: () => 'data/extra.yaml', says: /is a link to .*gone\.yaml, which does not exist/,
  },
  {
    name: 'a symlink loop among the data files', kind: 'file system',
    arrange: (p) => { symlinkSync(file(p, 'data/b.yaml'), file(p, 'data/a.yaml')); symlinkSync(file(p, 'data/a.yaml'), file(p, 'data/b.yaml')); },
    where: () => 'data/a.yaml', says: /symlink loop/,
  },
  {
    name: 'a folder named like a data file', kind: 'file system',
    arrange: (p) => mkdirSync(file(p, 'data/old.yaml')),
    where: () => 'data/old.yaml', says: /is a folder, not a file/,
  },
  {
    name: 'a named pipe named like a data file (no hang)', kind: 'file system',
    arrange: (p) => { execFileSync('mkfifo', [file(p, 'data/pipe.yaml')]); },
    where: () => 'data/pipe.yaml', says: /not a regular file/,
  },
  {
    name: 'a data file that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(file(p, 'data/figures.yaml'), 0o000),
    where: () => 'data/figures.yaml', says: /cannot be read: permission denied/,
  },
  {
    name: 'a partial that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(file(p, 'templates/partials/market.hbs'), 0o000),
    where: () => 'templates/partials/market.hbs', says: /cannot be read: permission denied/,
  },
  {
    name: 'a data folder that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.data, 0o000),
    where: () => 'data', says: /the data folder cannot be read: permission denied/,
  },
  {
    name: 'a templates folder that cannot be read', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.templates, 0o000),
    where: () => 'templates', says: /the templates folder cannot be read: permission denied/,
  },
  {
    name: 'a folder named story.hbs', kind: 'file system',
    arrange: (p) => { rmSync(file(p, 'templates/story.hbs')); mkdirSync(file(p, 'templates/story.hbs')); },
    where: () => 'templates/story.hbs', says: /is a folder, not a file/,
  },
  {
    name: 'a dangling symlink among the partials', kind: 'file system',
    arrange: (p) => symlinkSync('nowhere.hbs', file(p, 'templates/partials/extra.hbs')),
    where: () => 'templates/partials/extra.hbs', says: /is a link to nowhere\.hbs, which does not exist/,
  },
  {
    name: 'a data folder that does not exist', kind: 'file system',
    arrange: (p) => { rmSync(p.data, { recursive: true }); },
    where: () => 'data', says: /the data folder does not exist/,
  },
  {
    name: '--data pointing at a file', kind: 'file system',
    arrange: (p) => buildArgs({ ...p, data: file(p, 'data/figures.yaml') }),
    where: () => 'data/figures.yaml', says: /the data folder is not a folder/,
  },
  {
    name: 'a data folder without data files', kind: 'file system',
    arrange: (p) => { rmSync(p.data, { recursive: true }); mkdirSync(p.data); writeFileSync(file(p, 'data/notes.txt'), 'x'); },
    where: () => 'data', says: /no data files/,
  },
  {
    name: 'a templates folder that does not exist', kind: 'file system', via: 'cli',
    arrange: (p) => { rmSync(p.templates, { recursive: true }); },
    where: () => 'templates', says: /templates folder does not exist/,
  },
  {
    name: 'no story.hbs in the templates', kind: 'file system',
    arrange: (p) => rmSync(file(p, 'templates/story.hbs')),
    where: () => 'templates/story.hbs', says: /no story\.hbs/,
  },
  {
    name: '--out pointing at a file', kind: 'file system', via: 'cli',
    arrange: (p) => { writeFileSync(file(p, 'notes.txt'), 'mine'); return buildArgs({ ...p, out: file(p, 'notes.txt') }); },
    where: () => 'notes.txt', says: /output folder \(--out\) is a file, not a folder/,
  },
  {
    name: '--out below a file', kind: 'file system',
    arrange: (p) => { writeFileSync(file(p, 'notes.txt'), 'mine'); return buildArgs({ ...p, out: file(p, 'notes.txt/out') }); },
    where: () => 'notes.txt/out', says: /notes\.txt is a file, not a folder/,
  },
  {
    name: '--out at a folder that cannot be written', kind: 'file system', via: 'unprivileged',
    arrange: (p) => chmodSync(p.out, 0o555),
    where: () => 'out', says: /cannot be written: permission denied/,
  },
  {
    name: '--out at a new folder inside one that cannot be written', kind: 'file system', via: 'unprivileged',
    arrange: (p) => { chmodSync(p.out, 0o555); return buildArgs({ ...p, out: file(p, 'out/next') }); },
    where: () => 'out', says: /cannot be written: permission denied/,
  },
  {
    name: '--out at the root of the file system', kind: 'file system', via: 'cli',
    arrange: (p) => buildArgs({ ...p, out: '/' }),
    where: () => '/', says: /is the root of the file system/,
  },
  {
    name: 'a folder where an output file belongs', kind: 'file system',
    arrange: (p) => { rmSync(file(p, 'out/report.pdf')); mkdirSync(file(p, 'out/report.pdf')); },
    where: () => 'out/report.pdf', says: /is a folder where Briefsmith writes a file/,
  },

  // ---- 7. self-harm: outputs among the inputs -----------------------------------------------------
  {
    name: '--out equal to --data', kind: 'self-harm', via: 'cli',
    arrange: (p) => buildArgs({ ...p, out: p.data }),
    where: () => 'data', says: /is the data folder itself/,
  },
  {
    name: '--out inside --data', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: file(p, 'data/out') }),
    where: () => 'data/out', says: /inside the data folder/,
  },
  {
    name: '--out equal to --templates', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: p.templates }),
    where: () => 'templates', says: /is the templates folder itself/,
  },
  {
    name: '--out inside --templates', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: file(p, 'templates/partials') }),
    where: () => 'templates/partials', says: /inside the templates folder/,
  },
  {
    name: '--out holding the data folder', kind: 'self-harm',
    arrange: (p) => buildArgs({ ...p, out: p.dir }),
    where: (p) => path.relative(p.dir, p.dir) || '.', says: /holds the data folder/,
  },
  {
    name: '--out through a symlink to the data folder', kind: 'self-harm',
    arrange: (p) => { symlinkSync(p.data, file(p, 'out-link')); return buildArgs({ ...p, out: file(p, 'out-link') }); },
    where: () => 'out-link', says: /is the data folder itself/,
  },

  // ---- 2/8. text that is not UTF-8, and byte-order marks -----------------------------------------
  {
    name: 'Latin-1 bytes in a data file', kind: 'encoding', via: 'cli',
    arrange: (p) => appendFileSync(file(p, 'data/edition.yaml'), Buffer.from('# Caf\xe9 cr\xe8me\n', 'latin1')),
    where: (p) => `data/edition.yaml:${lineCount(file(p, 'data/edition.yaml'))}:6`, says: /is not UTF-8 text: byte 0xE9/,
  },
  {
    name: 'Latin-1 bytes in a partial', kind: 'encoding',
    arrange: (p) => appendFileSync(file(p, 'templates/partials/market.hbs'), Buffer.from('\nCaf\xe9\n', 'latin1')),
    where: (p) => `templates/partials/market.hbs:${lineCount(file(p, 'templates/partials/market.hbs'))}:4`, says: /is not UTF-8 text/,
  },
  {
    name: 'a UTF-16 data file', kind: 'encoding',
    arrange: (p) => writeFileSync(file(p, 'data/extra.yaml'), Buffer.from('\ufeffsources: {}\n', 'utf16le')),
    where: () => 'data/extra.yaml:1:1', says: /UTF-16/,
  },

  // ---- 9. recipients ------------------------------------------------------------------------------
  {
    name: 'an address listed twice in the recipients (send --dry-run)', kind: 'recipients', via: 'cli',
    arrange: (p) => {
      appendFileSync(file(p, 'data/recipients.yaml'), '  - name: Ann again\n    address: Ann.Lee@example.com\n');
      return ['send', '--dry-run', '--data', p.data, '--templates', p.templates, '--out', p.out];
    },
    where: (p) => `data/recipients.yaml:${lineOf(file(p, 'data/recipients.yaml'), 'Ann.Lee@example.com')}:14`,
    says: /Ann\.Lee@example\.com is listed more than once \(first at .*recipients\.yaml:\d+:14\)/,
  },
];
