// Variants as data: validated with file:line, applied by compose (parameters, filters, collections,
// sections), and built one by one or all at once into out/<variant>/, as a user runs them.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDocument } from '../../src/compose/index.ts';
import { plainText } from '../../src/compose/index.ts';
import { formatError, ValidationError, type Problem } from '../../src/errors.ts';
import { loadDataDir, parseDataText } from '../../src/load/index.ts';
import type { Document } from '../../src/types.ts';
import { validate } from '../../src/validate/index.ts';
import { startSmtpServer } from '../deliver/smtp-server.ts';
import { briefsmith, pdfPages, ROOT, slideText, slideXml, tempDir } from '../helpers/run.ts';

const FIXTURE = path.join(ROOT, 'test/fixtures/variants');
const DATA = path.join(FIXTURE, 'data');
const TEMPLATES = path.join(FIXTURE, 'templates');

async function findings() {
  return validate(await loadDataDir(DATA));
}

/** The fixture's data with its variants: section replaced by `variants` (YAML text). */
function withVariants(variants: string, editionParams = '  params:\n    focus: all sectors\n    greeting: Hello\n'): Problem[] {
  const text = readFileSync(path.join(DATA, 'findings.yaml'), 'utf8');
  const base = text.slice(0, text.indexOf('\nvariants:')).replace(/  params:\n(    .*\n)+/, editionParams);
  try {
    validate([parseDataText(`${base}\n${variants}`, 'data/findings.yaml')]);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

const titles = (d: Document) => d.sections.map((s) => `${'#'.repeat(s.level)} ${s.title}`);
const tableRows = (d: Document) => d.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.map((r) => plainText(r[0])) : [])));
const prose = (d: Document) => d.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'paragraph' ? [plainText(b.runs)] : []))).join('\n');

describe('variants in the data', () => {
  it('are refused with file, line, field and a hint for each problem, all at once', async () => {
    const problems = withVariants([
      'variants:',
      '  finance:',
      '    params: { focus: finance, tone: warm }',
      '    headlines: [no_such_figure]',
      '    collections: [buyers, nope]',
      '    filter:',
      '      buyers: { sector: space }',
      '      providers: { colour: blue }',
      '      missing: { sector: finance }',
      '  Bad.Id:',
      '    title: x',
      '  extra:',
      '    colour: red',
    ].join('\n'));
    const text = problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message} | ${p.hint ?? ''}`).join('\n');
    expect(text).toMatch(/findings\.yaml:\d+ variants\.finance\.params\.tone: parameter "tone" has no default in edition\.params \| add tone: … under edition: params:/);
    expect(text).toMatch(/variants\.finance\.headlines\[0\]: names no figure "no_such_figure"/);
    expect(text).toMatch(/variants\.finance\.collections\[1\]: names no collection "nope" \| known collections: buyers, providers/);
    expect(text).toMatch(/variants\.finance\.filter\.buyers: keeps none of the 5 items of "buyers"/);
    expect(text).toMatch(/variants\.finance\.filter\.providers\.colour: items of "providers" have no field "colour" \| a filter tests one of: title, text, when, source/);
    expect(text).toMatch(/variants\.finance\.filter\.missing: names no collection "missing"/);
    expect(text).toMatch(/variants\.extra: unknown field "colour"/);
    // Every problem names a line of the file.
    for (const p of problems) expect(p.line).toBeGreaterThan(1);
    const tone = problems.find((p) => p.field === 'variants.finance.params.tone')!;
    const lines = readFileSync(path.join(DATA, 'findings.yaml'), 'utf8');
    expect(tone.line).toBeGreaterThan(lines.slice(0, lines.indexOf('\nvariants:')).split('\n').length);
  });

  it('a parameter is declared once, with its default, under edition.params', async () => {
    const problems = withVariants('variants:\n  a:\n    params: { focus: x }\n', '');
    expect(problems.map((p) => p.field)).toEqual(['variants.a.params.focus']);
  });
});

describe('compose applies a variant', () => {
  it('its title, parameters, headline figures and filtered items', async () => {
    const f = await findings();
    const base = composeDocument(f, TEMPLATES);
    const finance = composeDocument(f, TEMPLATES, f.variants!.finance);
    expect(finance.edition.title).toBe('Regional cloud market for finance');
    expect(prose(finance)).toContain('For banks and insurers: the market as seen by finance.');
    expect(prose(base)).toContain('For every reader: the market as seen by all sectors.');
    expect(tableRows(base)).toEqual(['Regional banks', 'Insurers', 'Hospitals', 'Clinics', 'Factories']);
    expect(tableRows(finance)).toEqual(['Regional banks', 'Insurers']);
    expect(titles(finance)).toContain('## Who buys (finance)');
    const health = composeDocument(f, TEMPLATES, f.variants!.health);
    // A parameter the variant does not set keeps its default.
    expect(prose(health)).toContain('For every reader: the market as seen by health care.');
    const tiles = health.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'tiles' ? b.tiles.map((t) => t.figureId) : [])));
    expect(tiles).toEqual(['buyers_share']);
  });

  it('leaves out the collections it does not list, and the slides they leave empty', async () => {
    const f = await findings();
    const industry = composeDocument(f, TEMPLATES, f.variants!.industry);
    expect(titles(industry)).not.toContain('## Providers');
    expect(titles(industry)).toContain('## Who buys (industry)');
    expect(tableRows(industry)).toEqual(['Factories']);
  });

  it('keeps the chapters it names, and says which name matches nothing, at its line', async () => {
    const f = await findings();
    const brief = composeDocument(f, TEMPLATES, f.variants!.briefing);
    expect(titles(brief)).toEqual(['# Market', '## How large the market is']);
    expect(Object.keys(brief.charts)).toEqual(['market']);
    const wrong = { ...f.variants!.briefing, sections: ['Market', 'Outlook'] };
    let error: unknown;
    try { composeDocument(f, TEMPLATES, wrong); } catch (e) { error = e; }
    expect(formatError(error)).toMatch(/findings\.yaml:\d+:\d+ variants\.briefing\.sections\[1\]: variant "briefing": no chapter or slide "Outlook"\n\s+hint: chapters: market, buyers/);
  });
});

describe('briefsmith build with variants', () => {
  const args = (out: string, ...more: string[]) => ['build', '--data', DATA, '--templates', TEMPLATES, '--out', out, ...more];

  it('--variant builds one edition into out/<variant>/; an unknown one exits 2 naming the known ones', async () => {
    const out = tempDir('bs-variant-');
    const r = await briefsmith(args(out, '--variant', 'finance'));
    expect(r.status, r.stderr).toBe(0);
    const pages = pdfPages(path.join(out, 'finance/report.pdf')).join('\n');
    expect(pages).toContain('Regional cloud market for finance');
    expect(pages).toContain('Regional banks');
    expect(pages).not.toContain('Hospitals');
    const slides = (await slideXml(path.join(out, 'finance/briefing.pptx'))).map(slideText).join('\n');
    expect(slides).toContain('For banks and insurers');
    const bad = await briefsmith(args(out, '--variant', 'retail'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--variant: no variant "retail" in the data\n\s+hint: variants: finance, health, industry, briefing/);
  });

  it('--all-variants builds every edition on a pool of workers, drawing shared charts once', async () => {
    const out = tempDir('bs-all-variants-');
    const r = await briefsmith(args(out, '--all-variants', '--verbose'));
    expect(r.status, r.stderr).toBe(0);
    for (const v of ['finance', 'health', 'industry', 'briefing']) {
      const manifest = JSON.parse(readFileSync(path.join(out, v, 'manifest.json'), 'utf8'));
      expect(manifest.edition.title).toMatch(/^Regional cloud market/);
      expect(manifest.outputs.map((o: { name: string }) => o.name)).toEqual(['briefing.pptx', 'report.pdf']);
    }
    // One line per edition in a pipe with --verbose; the chart was drawn once for the four.
    expect(r.stderr.match(/^ {2}\[\d\/4\] \w+: built in [\d.]+ s/gm)).toHaveLength(4);
    expect(r.stderr).toMatch(/Built 4 editions into .*<variant>\/ in [\d.]+ m?s \(charts: 1 rendered, 3 from cache\)/);
    // Nothing changed: all four are up to date.
    const again = await briefsmith(args(out, '--all-variants', '--verbose'));
    expect(again.stderr).toMatch(/Built 0 editions \(4 up to date\)/);
  });

  it('--all-variants reports a failed edition and builds the others; exits 2', async () => {
    const dir = tempDir('bs-all-variants-bad-');
    cpSync(FIXTURE, dir, { recursive: true });
    const story = path.join(dir, 'templates/story.hbs');
    // The briefing variant's edition now fails: a line only it shows (params.broken) has a typo in a helper.
    writeFileSync(story, `${readFileSync(story, 'utf8')}\n{{#if params.broken}}{{fig "markt"}}{{/if}}\n`);
    const data = path.join(dir, 'data/findings.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('    greeting: For every reader\n', '    greeting: For every reader\n    broken: false\n').replace('    sections: [Market]\n', '    sections: [Market]\n    params: { broken: true }\n'));
    const r = await briefsmith(['build', '--data', path.join(dir, 'data'), '--templates', path.join(dir, 'templates'), '--out', path.join(dir, 'out'), '--all-variants']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/1 of 4 editions failed:\n\s+briefing: 1 problem in the input:\n\s+\S*story\.hbs:\d+:\d+: \{\{fig "markt"\}\}: no figure with id "markt"/);
    expect(readFileSync(path.join(dir, 'out/finance/report.pdf')).length).toBeGreaterThan(1000);
  });
});

describe('variants for readers', () => {
  /** Runs the CLI without blocking this process (the SMTP server here must answer it). */
  function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'src/bin.cjs'), ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', ...env } });
      let stderr = '';
      child.stderr.on('data', (c) => { stderr += String(c); });
      child.on('exit', (status) => resolve({ status: status ?? -1, stderr }));
    });
  }

  it('recipients subscribe to a variant: send --variant mails its edition to them only', async () => {
    const server = await startSmtpServer();
    try {
      const dir = tempDir('bs-variant-send-');
      const out = path.join(dir, 'out');
      const recipients = path.join(dir, 'recipients.yaml');
      writeFileSync(recipients, [
        'recipients:',
        '  - { name: Ann Lee, address: ann@example.com, variant: finance }',
        '  - { name: Bo Chen, address: bo@example.com, variant: health }',
        '  - { name: Cy Dee, address: cy@example.com, variant: finance }',
        '  - { name: Di Eng, address: di@example.com }',
        '',
      ].join('\n'));
      const env = { BRIEFSMITH_SMTP_HOST: '127.0.0.1', BRIEFSMITH_SMTP_PORT: String(server.port), BRIEFSMITH_SMTP_SECURE: 'none', BRIEFSMITH_SMTP_FROM: 'desk@example.com' };
      const r = await run(['build', '--data', DATA, '--templates', TEMPLATES, '--out', out, '--variant', 'finance', '--send', '--recipients', recipients, '--allow-insecure'], env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/2 of 4 recipients in .*recipients\.yaml get another edition: send those with --variant ID/);
      await server.settled();
      expect(server.received.map((m) => m.envelopeTo[0]).sort()).toEqual(['ann@example.com', 'cy@example.com']);
      const report = readFileSync(path.join(out, 'finance/report.pdf'));
      for (const { mail } of server.received) {
        expect(mail.subject).toContain('Regional cloud market for finance');
        expect(Buffer.compare(mail.attachments[0].content, report)).toBe(0);
      }
      const ledger = readFileSync(path.join(out, 'finance/mail/sent.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(ledger.map((l) => [l.edition, l.variant, l.language])).toEqual([['2026-05-04', 'finance', 'en'], ['2026-05-04', 'finance', 'en']]);

      writeFileSync(recipients, 'recipients:\n  - name: Ann Lee\n    address: ann@example.com\n    variant: retail\n');
      const bad = await run(['send', '--data', DATA, '--templates', TEMPLATES, '--out', out, '--variant', 'finance', '--recipients', recipients, '--allow-insecure'], env);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/recipients\.yaml:4:\d+ recipients\[0\]\.variant: no variant "retail" in the data\n\s+hint: variants: finance, health, industry, briefing/);
    } finally {
      await server.close();
    }
  });

  it('--all-variants on a terminal shows a progress bar: editions done, what is building, time left', async () => {
    const out = tempDir('bs-all-variants-tty-');
    const command = [process.execPath, path.join(ROOT, 'src/bin.cjs'), 'build', '--data', DATA, '--templates', TEMPLATES, '--out', out, '--all-variants', '--jobs', '2'].map((a) => `'${a}'`).join(' ');
    // util-linux's script runs the command on a pseudo-terminal and records what it drew.
    const r = spawnSync('script', ['-qefc', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, CI: '', COLUMNS: '160' }, timeout: 120_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/\r\[░{24}\] 0\/4 editions · 0:0\d · building finance\x1b\[K/);
    expect(r.stdout).toMatch(/\r\[█+░+\] [123]\/4 editions · 0:\d\d, 0:\d\d left · building \w+/);
    expect(r.stdout).toMatch(/Built 4 editions into/);
  });
});
