// Briefsmith as a user installs it: `npm pack`, `npm install -g` of the tarball into a prefix of its
// own, then the installed command, run from a folder that is not this repository, by a user who cannot
// write to the installation (a read-only install).
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, pdfPageCount, pdfPages, slideText, slideXml, sofficeToPdf, tempDir } from '../helpers/run.ts';

/** Root runs the installed command as `nobody`, to whom the installation is read-only; others lose write permission. */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

const base = tempDir('bs-install-');
const prefix = path.join(base, 'prefix');
const work = path.join(base, 'work');
const installed = path.join(prefix, 'lib/node_modules/briefsmith');
let tarballFiles: string[] = [];

interface Run { status: number; stdout: string; stderr: string }

/** Runs a command as the user of the installation would: its own PATH, HOME and temp folder. */
function asUser(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const options: SpawnSyncOptions = {
    cwd, encoding: 'utf8', timeout: 120_000,
    env: {
      PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`, HOME: work, TMPDIR: path.join(work, 'tmp'),
      LANG: 'C.UTF-8', CI: 'true', ...env,
    },
    ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  };
  const r = spawnSync(command, args, options);
  return { status: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr ?? r.error ?? '') };
}

beforeAll(() => {
  // Packed from a copy, as a clone would be: `npm pack` writes npm-shrinkwrap.json for a moment (prepack),
  // and the repository's own builds must never see it.
  const clone = path.join(base, 'clone');
  cpSync(ROOT, clone, { recursive: true, filter: (src) => !/^(node_modules|out|\.git)$|\.tgz$/.test(path.relative(ROOT, src)) });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', base], { cwd: clone, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  tarballFiles = packed[0].files.map((f: { path: string }) => f.path);
  const tarball = path.join(base, packed[0].filename);

  // The shrinkwrap pins the dependencies to the lock file's, so they come from npm's cache without the
  // network. Install scripts are skipped: canvas would compile for a minute; the repository's compiled
  // addon of the same version (same lock file) is put in its place below.
  const npmInstall = (...mode: string[]) => spawnSync('npm', ['install', '-g', '--prefix', prefix, ...mode, '--ignore-scripts', '--no-audit', '--no-fund', tarball], { encoding: 'utf8', timeout: 110_000 });
  let install = npmInstall('--offline');
  if (install.status !== 0) install = npmInstall('--prefer-offline');
  if (install.status !== 0) throw new Error(`npm install -g of the tarball failed:\n${install.stderr}`);
  const canvasVersion = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'node_modules/canvas/package.json'), 'utf8')).version;
  if (canvasVersion(installed) === canvasVersion(ROOT)) {
    cpSync(path.join(ROOT, 'node_modules/canvas/build/Release'), path.join(installed, 'node_modules/canvas/build/Release'), {
      recursive: true, filter: (src) => !src.includes(`${path.sep}obj.target`),
    });
  } else {
    execFileSync('npm', ['rebuild', 'canvas', '--prefix', installed], { stdio: 'pipe', timeout: 170_000 });
  }

  mkdirSync(path.join(work, 'tmp'), { recursive: true });
  if (AS_ROOT) {
    // nobody may pass through the temp folders to the installation, and owns its work folder.
    chmodSync(base, 0o755);
    for (const dir of [work, path.join(work, 'tmp')]) chownSync(dir, NOBODY, NOBODY);
  } else {
    execFileSync('chmod', ['-R', 'a-w', prefix]);
  }
}, 170_000);

afterAll(() => {
  if (!AS_ROOT && existsSync(prefix)) execFileSync('chmod', ['-R', 'u+w', prefix]);
});

describe('the packed tarball', () => {
  it('carries the executable, the bundle loader, the sources, templates, data, docs and the shrinkwrap, and no tests', () => {
    for (const file of ['src/bin.cjs', 'src/bundle.cjs', 'src/cli.ts', 'templates/story.hbs', 'templates/theme.json', 'data/edition.yaml', 'docs/DATA.md', 'README.md', 'npm-shrinkwrap.json']) {
      expect(tarballFiles, file).toContain(file);
    }
    expect(tarballFiles.filter((f) => /^(test|out|node_modules)\//.test(f) || f === 'package-lock.json')).toEqual([]);
  });
});

describe('the installed briefsmith, read-only, from a folder that is not the repository', () => {
  it('cannot be written to by its user', () => {
    const probe = asUser('sh', ['-c', `touch ${JSON.stringify(path.join(installed, 'probe'))}`], work);
    expect(probe.status).not.toBe(0);
  });

  it('`briefsmith init demo && cd demo && briefsmith build`: exit 0, a deck LibreOffice opens and a report qpdf accepts', async () => {
    const init = asUser('briefsmith', ['init', 'demo'], work);
    expect(init.status, init.stderr).toBe(0);
    const demo = path.join(work, 'demo');
    const run = asUser('briefsmith', ['build'], demo);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status, run.stderr).toBe(0);
    // In a pipe, one line: what was built.
    expect(run.stderr).toMatch(/^built out\/briefing\.pptx, \d+ slides, and out\/report\.pdf, \d+ pages, in [\d.]+ m?s\n$/);
    const deck = path.join(demo, 'out/briefing.pptx');
    const report = path.join(demo, 'out/report.pdf');
    execFileSync('qpdf', ['--check', report], { stdio: 'pipe' });
    const slides = (await slideXml(deck)).map(slideText);
    expect(slides.join('\n')).toContain('E-bikes in Exampleland');
    expect(pdfPageCount(await sofficeToPdf(deck))).toBe(slides.length);

    // The bundle went to a private folder in the user's temp folder, not into the installation.
    expect(existsSync(path.join(installed, 'node_modules/.cache/briefsmith'))).toBe(false);
    expect(readdirSync(path.join(work, 'tmp')).some((n) => n.startsWith('briefsmith-bundle-'))).toBe(true);
  });

  it('gives the same figures in both outputs when the YAML figures are replaced by an equivalent CSV, or an Excel workbook', async () => {
    const demo = path.join(work, 'demo');
    const figuresYaml = yaml.load(readFileSync(path.join(demo, 'data/figures.yaml'), 'utf8')) as { figures: Record<string, Record<string, unknown>>; derived?: unknown };
    const rows = Object.entries(figuresYaml.figures).map(([id, f]) => {
      const { range, ...rest } = f as { range?: [number, number] };
      return { id, ...rest, ...(range ? { low: range[0], high: range[1] } : {}) } as Record<string, unknown>;
    });
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const outputsOf = async (project: string) => ({
      report: pdfPages(path.join(project, 'out/report.pdf')).join('\f'),
      deck: (await slideXml(path.join(project, 'out/briefing.pptx'))).map(slideText).join('\f'),
    });
    const fromYaml = await outputsOf(demo);
    expect(fromYaml.report).toContain('650 thousand e-bikes (2028, projected)');

    /** The demo with its figures.yaml replaced by `figures` (derived figures stay in YAML), built by the user. */
    const buildWith = (name: string, figures: Record<string, string | Buffer>) => {
      const project = path.join(work, name);
      cpSync(demo, project, { recursive: true, filter: (src) => !src.startsWith(path.join(demo, 'out')) && src !== path.join(demo, 'data/figures.yaml') });
      writeFileSync(path.join(project, 'data/derived.yaml'), yaml.dump({ derived: figuresYaml.derived }));
      for (const [file, content] of Object.entries(figures)) writeFileSync(path.join(project, 'data', file), content);
      if (AS_ROOT) execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, project]);
      const run = asUser('briefsmith', ['build'], project);
      expect(run.status, run.stderr).toBe(0);
      return project;
    };

    const csvCell = (v: unknown) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
    const csv = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n');
    expect(await outputsOf(buildWith('demo-csv', { 'figures.csv': `${csv}\n` }))).toEqual(fromYaml);

    // The workbook an analyst would have: numbers, years typed as numbers, dates as Excel dates, TRUE.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Figures');
    sheet.addRow(columns);
    for (const r of rows) {
      const row = sheet.addRow(columns.map((c) => {
        const v = r[c];
        if (typeof v === 'string' && /^\d{4}$/.test(v)) return Number(v);
        if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) return new Date(`${v}-01T00:00:00Z`);
        return v ?? null;
      }));
      row.eachCell((cell) => { if (cell.value instanceof Date) cell.numFmt = 'mmm yyyy'; });
    }
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await outputsOf(buildWith('demo-xlsx', { 'figures.xlsx': xlsx }))).toEqual(fromYaml);
  });

  it('`briefsmith init --example` copies the shipped project out of the installation', () => {
    const run = asUser('briefsmith', ['init', '--example', 'example'], work);
    expect(run.status, run.stderr).toBe(0);
    for (const file of ['data/figures.yaml', 'templates/story.hbs', 'templates/partials/market.hbs']) {
      expect(readFileSync(path.join(work, 'example', file)).equals(readFileSync(path.join(ROOT, file))), file).toBe(true);
    }
  });

  it('is found by `npx` without asking any registry (--offline) once installed', () => {
    const run = asUser('npx', ['--offline', '--', 'briefsmith', '--help'], work, { NPM_CONFIG_PREFIX: prefix, NPM_CONFIG_CACHE: path.join(work, 'npm-cache') });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Usage: briefsmith/);
  });
});
