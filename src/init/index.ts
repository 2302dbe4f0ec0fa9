// `briefsmith init [dir]`: writes a small project that builds at once (the starter in ./starter/), or,
// with --example, the shipped large-model project. It never overwrites anything: when a file it would
// write exists, it writes nothing and names what is in the way.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { displayPath } from '../paths.ts';

/** Briefsmith's own folder: the shipped project's data/ and templates/ are in it. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const STARTER = path.join(import.meta.dirname, 'starter');

/** The words init says, in one place (for the message catalogue of later editions). */
const TEXT = {
  exists: (names: string[]) => `already has ${names.join(', ')}: nothing was written`,
  existsHint: 'init never overwrites: choose a new folder (briefsmith init my-briefing), or move those away',
  notAFolder: (dir: string) => `${dir} exists and is not a folder`,
  exampleTitle: "China's large-model market",
  starterTitle: 'E-bikes in Exampleland',
} as const;

export interface InitOptions {
  /** The project folder; made when missing. */
  dir: string;
  /** The shipped large-model project instead of the starter. */
  example?: boolean;
  /** The edition date of the starter (YYYY-MM-DD); today by default. */
  today?: string;
}

export interface InitResult {
  dir: string;
  /** The files written, relative to dir, sorted. */
  files: string[];
}

/** Writes a new project into options.dir; throws InputError, having written nothing, if anything is in the way. */
export function initProject(options: InitOptions): InitResult {
  const dir = path.resolve(options.dir);
  const files = options.example ? exampleFiles() : starterFiles(options.today ?? new Date().toISOString().slice(0, 10));
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(TEXT.notAFolder(displayPath(dir)), { file: displayPath(dir), hint: TEXT.existsHint });

  // The folders too: a data/ of other findings would mix with the new ones (duplicate ids, two editions).
  const inTheWay = new Set<string>();
  for (const name of Object.keys(files)) {
    const top = name.split('/')[0];
    const folder = name.includes('/') ? path.join(dir, top) : undefined;
    if (folder && existsSync(folder) && (!statSync(folder).isDirectory() || readdirSync(folder).length > 0)) inTheWay.add(`${top}/`);
    else if (existsSync(path.join(dir, name))) inTheWay.add(name);
  }
  if (inTheWay.size) throw new InputError(TEXT.exists([...inTheWay].sort()), { file: displayPath(dir), hint: TEXT.existsHint });

  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    // wx: fails rather than overwrite, should a file appear after the check.
    writeFileSync(file, content, { flag: 'wx' });
  }
  return { dir, files: Object.keys(files).sort() };
}

type ProjectFiles = Record<string, string | Buffer>;

/** The starter: a handful of figures, one chart, one collection, a story that uses every helper. */
function starterFiles(today: string): ProjectFiles {
  const files = readTree(STARTER);
  files['data/edition.yaml'] = String(files['data/edition.yaml']).replace('{today}', today);
  files['README.md'] = String(files['README.md']).replace('{title}', TEXT.starterTitle);
  // The shipped theme, not a second copy of it to keep in step.
  files['templates/theme.json'] = readFileSync(path.join(ROOT, 'templates/theme.json'));
  return withDotFiles(files);
}

/** The shipped project: its data and templates, with the starter's README and settings file. */
function exampleFiles(): ProjectFiles {
  const files: ProjectFiles = {};
  for (const folder of ['data', 'templates']) {
    for (const [name, content] of Object.entries(readTree(path.join(ROOT, folder)))) files[`${folder}/${name}`] = content;
  }
  const starter = readTree(STARTER);
  files['README.md'] = String(starter['README.md']).replace('{title}', TEXT.exampleTitle);
  files.gitignore = starter.gitignore;
  files['briefsmith.config.yaml'] = starter['briefsmith.config.yaml'];
  return withDotFiles(files);
}

/** npm leaves .gitignore files out of a package, so the starter keeps it as `gitignore`. */
function withDotFiles(files: ProjectFiles): ProjectFiles {
  const { gitignore, ...rest } = files;
  return gitignore === undefined ? rest : { ...rest, '.gitignore': gitignore };
}

/** Every file under dir, by its path relative to dir (with / as separator). */
function readTree(dir: string): ProjectFiles {
  const files: ProjectFiles = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, file).split(path.sep).join('/')] = readFileSync(file);
  }
  return files;
}
