// The shared store (--store DIR): the one place every worker reads and writes, and the record that
// outlives Redis. Redis holds the work still to do; the store holds what was published, what was
// rendered and the delivery ledger, so a run survives a Redis restart and `publish --status` needs
// no Redis at all.
//
//   inputs/<hash>/data, templates     the publisher's data and templates, as published
//   editions/<hash>/<language>/       an out/ folder per language: the edition, and <variant>/ for each variant
//   history/<language>/<variant>/     every edition's figures (.editions/), what the next one's "what changed" compares with
//   cache/charts/                     the chart cache every render shares
//   ledger/                           sent-<host>.jsonl (one per machine), dead.jsonl, claims/
//   publications/<id>.json            what each publish asked for: its renders and deliveries
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { Ledger } from '../deliver/index.ts';
import type { EmailContext, Recipient } from '../deliver/index.ts';

/** One edition to render: the variant ('' for none) in one language. */
export interface RenderSpec {
  variant: string;
  language: string;
}

export interface DeliverySpec extends RenderSpec {
  recipient: Recipient;
}

export interface Publication {
  id: string;
  /** The edition's date (the ledger key's edition). */
  edition: string;
  title: string;
  /** Hash of the published data and templates: inputs/<hash>, editions/<hash>. */
  inputs: string;
  withDeck: boolean;
  renders: RenderSpec[];
  deliveries: DeliverySpec[];
  /** What each render's email says, by renderKey. */
  email: Record<string, EmailContext>;
  /** When it was first published. */
  time: string;
  /**
   * This run of publish: its jobs' ids and dead letters carry it, so publishing again queues fresh jobs
   * (the ledger skips whoever has the edition) and tries the dead-lettered again.
   */
  run: string;
}

/** What dead letters of a publication's current run are marked with. */
export const runOf = (p: Pick<Publication, 'id' | 'run'>) => `${p.id}/${p.run}`;

export function renderKey(r: RenderSpec): string {
  return `${r.variant || '-'}.${r.language}`;
}

export class Store {
  readonly root: string;
  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  inputsDir(hash: string): { dataDir: string; templatesDir: string } {
    return { dataDir: path.join(this.root, 'inputs', hash, 'data'), templatesDir: path.join(this.root, 'inputs', hash, 'templates') };
  }

  /** The out/ folder of a render: editions/<inputs>/<language>/, with <variant>/ inside for a variant. */
  editionDir(inputs: string, r: RenderSpec): string {
    return path.join(this.root, 'editions', inputs, r.language, r.variant);
  }

  /** An out/ folder of edition snapshots only: every edition of a variant and language rendered so far (see history.ts). */
  historyDir(r: RenderSpec): string {
    return path.join(this.root, 'history', r.language, r.variant);
  }

  chartCacheDir(): string {
    return path.join(this.root, 'cache', 'charts');
  }

  /** The ledger a worker on this machine writes (its own file, so machines never append to one file). */
  ledger(warn?: (text: string) => void): Ledger {
    return new Ledger(path.join(this.root, 'ledger'), `sent-${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`, warn);
  }

  /** Copies the data and templates into inputs/<hash> (once: the same content has the same hash). */
  snapshotInputs(dataDir: string, templatesDir: string): string {
    const hash = createHash('sha256');
    for (const [name, dir] of [['data', dataDir], ['templates', templatesDir]] as const) {
      for (const file of filesUnder(dir)) hash.update(`${name}/${path.relative(dir, file)}\0`).update(readFileSync(file)).update('\0');
    }
    const id = hash.digest('hex').slice(0, 24);
    const target = path.join(this.root, 'inputs', id);
    if (!existsSync(target)) {
      const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      cpSync(dataDir, path.join(temp, 'data'), { recursive: true });
      cpSync(templatesDir, path.join(temp, 'templates'), { recursive: true });
      try {
        renameSync(temp, target);
      } catch (error) {
        // Another publisher put the same inputs there first.
        rmSync(temp, { recursive: true, force: true });
        if (!existsSync(target)) throw error;
      }
    }
    return id;
  }

  writePublication(p: Publication): void {
    const file = path.join(this.root, 'publications', `${p.id}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(p, null, 2)}\n`);
    renameSync(temp, file);
  }

  publication(id: string): Publication | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.root, 'publications', `${id}.json`), 'utf8')) as Publication;
    } catch {
      return undefined;
    }
  }

  /** The publication written last. */
  latestPublication(): Publication | undefined {
    const dir = path.join(this.root, 'publications');
    if (!existsSync(dir)) return undefined;
    const latest = readdirSync(dir).filter((n) => n.endsWith('.json'))
      .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
    return latest && this.publication(latest.n.slice(0, -5));
  }

  /** Whether a render's outputs are in the store (its manifest is written last, with the files). */
  rendered(p: Publication, r: RenderSpec): boolean {
    return existsSync(path.join(this.editionDir(p.inputs, r), 'manifest.json'));
  }

  /** The files a render made, with their SHA-256 (from its manifest). */
  outputs(inputs: string, r: RenderSpec): { name: string; sha256: string }[] {
    const manifest = JSON.parse(readFileSync(path.join(this.editionDir(inputs, r), 'manifest.json'), 'utf8')) as { outputs: { name: string; sha256: string }[] };
    return manifest.outputs.map((o) => ({ name: o.name, sha256: o.sha256 }));
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
