// out/manifest.json: what a build read and wrote, so a user (or CI) can tell what changed and why.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Artifact, Edition, SourceFile } from './types.ts';

export interface ManifestInput {
  edition: Edition;
  inputs: SourceFile[];
  templatesDir: string;
  artifacts: Artifact[];
  charts: { hits: number; misses: number };
  timings: Record<string, number>;
}

export function manifestArtifact(m: ManifestInput): Artifact {
  const manifest = {
    edition: { title: m.edition.title, date: m.edition.date },
    inputs: [
      ...m.inputs.map((f) => ({ path: f.path, sha256: f.hash })),
      ...templateFiles(m.templatesDir).map((file) => ({ path: displayPath(file), sha256: sha256(readFileSync(file)) })),
    ],
    outputs: m.artifacts.map((a) => ({ name: a.name, sha256: sha256(a.bytes), bytes: a.bytes.length })),
    charts: m.charts,
    timingsMs: Object.fromEntries(Object.entries(m.timings).map(([stage, ms]) => [stage, Math.round(ms)])),
    node: process.version,
  };
  return { name: 'manifest.json', bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) };
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(hbs|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
