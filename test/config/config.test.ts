// The project config file: every build, watch and send flag is a setting; defaults < file < flags;
// paths relative to the file; every problem reported with its line, column and a hint.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli.ts';
import { CONFIG_FILE, findConfigFile, settingsOf } from '../../src/config.ts';
import { ValidationError, formatError } from '../../src/errors.ts';
import { initProject } from '../../src/init/index.ts';
import { briefsmith, pdfPages, tempDir } from '../helpers/run.ts';

/** The options `command` would run with, for argv, without running it. */
async function optionsFor(argv: string[]): Promise<{ command: Record<string, unknown>; program: Record<string, unknown> }> {
  const program = createProgram();
  let seen: Record<string, unknown> | undefined;
  for (const command of program.commands) command.action((...args: unknown[]) => { seen = (args[args.length - 1] as Command).opts(); });
  await program.parseAsync(['node', 'briefsmith', ...argv]);
  return { command: seen!, program: program.opts() };
}

function configIn(dir: string, text: string, name = CONFIG_FILE): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function problemsOf(text: string): Promise<string> {
  const file = configIn(tempDir('bs-config-bad-'), text);
  const error = await optionsFor(['--config', file, 'build']).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return formatError(error);
}

describe('settings', () => {
  it('are every option of build, watch, send and diff, except what one run does (--send, --resend)', async () => {
    const program = createProgram();
    const keys = new Set(settingsOf(program).map((s) => s.key));
    for (const name of ['build', 'watch', 'send', 'diff']) {
      const command = program.commands.find((c) => c.name() === name)!;
      for (const option of command.options) {
        const key = option.attributeName();
        if (key === 'send' || key === 'resend') expect(keys.has(key), key).toBe(false);
        else expect(keys.has(key), `${name} ${option.flags}`).toBe(true);
      }
    }
    expect(keys.has('config')).toBe(false);
    expect(settingsOf(program).find((s) => s.key === 'pageSize')).toMatchObject({ kind: 'choice', commands: ['build', 'watch', 'preview'] });
    expect(settingsOf(program).find((s) => s.key === 'out')).toMatchObject({ kind: 'path', default: 'out' });
  });
});

describe('briefsmith.config.yaml', () => {
  it('sits between the defaults and the flags, and a command section wins over the top level', async () => {
    const dir = tempDir('bs-config-');
    const file = configIn(dir, 'pageSize: letter\ncharts: native\ncache: false\nmaxAttachmentSize: 5\nbuild:\n  charts: image\nsend:\n  withDeck: true\n  to: [a@example.com, b@example.com]\n');
    const build = (await optionsFor(['--config', file, 'build'])).command;
    expect(build).toMatchObject({ pageSize: 'letter', charts: 'image', cache: false, maxAttachmentSize: 5, out: path.join(dir, 'out') });
    const flags = (await optionsFor(['--config', file, 'build', '--page-size', 'A4', '--max-attachment-size', '7'])).command;
    expect(flags).toMatchObject({ pageSize: 'A4', maxAttachmentSize: 7, charts: 'image' });
    expect((await optionsFor(['--config', file, 'watch'])).command).toMatchObject({ charts: 'native' });
    expect((await optionsFor(['--config', file, 'send'])).command).toMatchObject({ withDeck: true, to: ['a@example.com', 'b@example.com'] });
    const defaults = (await optionsFor(['build'])).command;
    expect(defaults).toMatchObject({ charts: 'image', cache: true, out: 'out' });
    // No page size unless asked for: the theme's report.pageSize decides.
    expect(defaults.pageSize).toBeUndefined();
  });

  it('resolves paths, and the default folders, against its own folder', async () => {
    const dir = tempDir('bs-config-paths-');
    const file = configIn(dir, 'out: ../dist\nsend:\n  recipients: lists/team.yaml\n');
    const { command } = await optionsFor(['--config', file, 'send']);
    expect(command).toMatchObject({ out: path.resolve(dir, '../dist'), recipients: path.join(dir, 'lists/team.yaml'), data: path.join(dir, 'data') });
    // A flag's path stays relative to the working folder, as typed.
    expect((await optionsFor(['--config', file, 'build', '--out', 'here'])).command.out).toBe('here');
  });

  it('is found in the working folder or the nearest folder above it', async () => {
    const dir = tempDir('bs-config-find-');
    const file = configIn(dir, 'out: dist\n');
    mkdirSync(path.join(dir, 'data/deeper'), { recursive: true });
    expect(findConfigFile(path.join(dir, 'data/deeper'))).toBe(file);
    expect(findConfigFile(tempDir('bs-config-none-'))).toBeUndefined();
  });

  it('reports every problem at once, with line, column, the setting and a hint', async () => {
    const text = await problemsOf([
      'pageSize: leter', 'page-size: letter', 'cahce: false', 'out: true', 'resend: true',
      'send:', '  withDeck: yes', '  only: deck', 'build: dist', 'maxAttachmentSize: -3', 'to: [a@example.com, {x: 1}]', 'pdfa:',
    ].join('\n'));
    expect(text).toMatch(/^error: 11 problems/);
    expect(text).toMatch(/briefsmith\.config\.yaml:1:11 pageSize: "leter" is not one of A4, letter/);
    expect(text).toMatch(/:2:\d+ page-size: unknown setting "page-size"\n  hint: settings are the flags in camelCase: write pageSize/);
    expect(text).toMatch(/:3:\d+ cahce: unknown setting "cahce"\n  hint: did you mean cache\?/);
    expect(text).toMatch(/:4:6 out: must be text, not true/);
    expect(text).toMatch(/:5:\d+ resend: "resend" is not a setting: it is what one run does\n  hint: pass --resend on the command line/);
    expect(text).toMatch(/:7:13 send\.withDeck: must be true or false, not "yes"/);
    expect(text).toMatch(/:8:\d+ send\.only: "only" is not a setting of `briefsmith send` \(it is one of build, watch\)/);
    expect(text).toMatch(/:9:8 build: must be a mapping of settings for `briefsmith build`/);
    expect(text).toMatch(/:10:20 maxAttachmentSize: expected a positive number/);
    expect(text).toMatch(/:11:\d+ to: must be text or a list of text/);
    expect(text).toMatch(/:12:\d+ pdfa: has no value/);
  });

  it('reports YAML that does not parse, and a file that is not a mapping', async () => {
    expect(await problemsOf('out: [dist\n')).toMatch(/briefsmith\.config\.yaml:\d+:\d+: not valid YAML/);
    expect(await problemsOf('- out\n')).toMatch(/briefsmith\.config\.yaml:1:1: the settings file must be a mapping/);
  });

  it('drives a real build from a folder inside the project; flags still win', async () => {
    const dir = tempDir('bs-config-e2e-');
    initProject({ dir, today: '2026-02-01' });
    writeFileSync(path.join(dir, CONFIG_FILE), 'out: dist\npageSize: letter\nbuild:\n  only: report\n');
    const run = await briefsmith(['build'], { cwd: path.join(dir, 'templates') });
    expect(run.status, run.stderr).toBe(0);
    expect(pdfPages(path.join(dir, 'dist/report.pdf')).length).toBeGreaterThan(2);
    const sizes = await briefsmith(['build', '--page-size', 'A4', '--out', 'a4'], { cwd: dir });
    expect(sizes.status, sizes.stderr).toBe(0);
    const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info(path.join(dir, 'dist/report.pdf'))).toMatch(/612 x 792 pts \(letter\)/);
    expect(info(path.join(dir, 'a4/report.pdf'))).toMatch(/595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('leaves the page size to the theme when neither a flag nor the file sets it', async () => {
    const dir = tempDir('bs-config-theme-');
    initProject({ dir, today: '2026-02-01' });
    const themeFile = path.join(dir, 'templates/theme.json');
    const theme = JSON.parse(readFileSync(themeFile, 'utf8'));
    writeFileSync(themeFile, JSON.stringify({ ...theme, report: { ...theme.report, pageSize: 'LETTER' } }, null, 2));
    const run = await briefsmith(['build', '--only', 'report'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(execFileSync('pdfinfo', [path.join(dir, 'out/report.pdf')], { encoding: 'utf8' })).toMatch(/612 x 792 pts \(letter\)/);
  });

  it('refuses a password in a URL: a settings file is shared, a password is not', async () => {
    expect(await problemsOf('redis: redis://:s3cret@queue.example.com:6379\n')).toMatch(/:1:8 redis: holds a password/);
  });

  it('of the starter project is valid, and `init` writes it', async () => {
    const dir = tempDir('bs-config-starter-');
    initProject({ dir });
    const { command } = await optionsFor(['--config', path.join(dir, CONFIG_FILE), 'build']);
    expect(command).toMatchObject({ data: path.join(dir, 'data'), out: path.join(dir, 'out') });
  });
});
