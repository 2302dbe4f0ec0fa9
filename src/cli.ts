// argv → options → build / send / watch / diff; errors → one clear message and an exit code.
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CONFIG_FILE, useProjectConfig } from './config.ts';
import { EXIT, InputError, exitCodeOf, formatError, type Problem } from './errors.ts';
import { displayPath } from './paths.ts';
import { buildSummary } from './summary.ts';

// For the executable (src/bin.cjs), which reports an error that escapes a command the same way.
export { exitCodeOf, formatError };
import type { BuildOptions } from './index.ts';

interface GlobalFlags { quiet?: boolean; verbose?: boolean; debug?: boolean }

/** Progress goes to a terminal; CI logs and pipes stay quiet unless --verbose. */
function reporter(flags: GlobalFlags) {
  const show = flags.verbose || (!flags.quiet && Boolean(process.stderr.isTTY) && !process.env.CI);
  return {
    show,
    stage: (name: string, ms: number) => { if (show) process.stderr.write(`  ${name.padEnd(9)} ${formatMs(ms)}\n`); },
    info: (text: string) => { if (show) process.stderr.write(`${text}\n`); },
    warn: (text: string) => { if (!flags.quiet) process.stderr.write(`warning: ${text}\n`); },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

export function buildOptionsFrom(opts: Record<string, unknown>): Omit<BuildOptions, 'onStage' | 'warn'> {
  return {
    dataDir: path.resolve(String(opts.data)),
    templatesDir: path.resolve(String(opts.templates)),
    outDir: path.resolve(String(opts.out)),
    only: opts.only as BuildOptions['only'],
    html: Boolean(opts.html),
    charts: opts.charts as BuildOptions['charts'],
    // Unset: the theme's report.pageSize.
    pageSize: opts.pageSize === undefined ? undefined : String(opts.pageSize).toUpperCase() === 'LETTER' ? 'LETTER' : 'A4',
    pdfa: Boolean(opts.pdfa),
    attachData: Boolean(opts.attachData),
    citations: opts.citations as BuildOptions['citations'],
    cache: opts.cache !== false,
  };
}

/** Options build, watch and preview share (made afresh for each command). */
const chartsOption = () => new Option('--charts <mode>', 'charts in the deck as images or native PowerPoint charts').choices(['image', 'native']).default('image');
const pageSizeOption = () => new Option('--page-size <size>', "report page size (default: the theme's report.pageSize, A4 as shipped)").choices(['A4', 'a4', 'letter', 'LETTER']);

function withInputOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder with the findings (YAML, JSON, CSV, Excel workbooks)', 'data')
    .option('--templates <dir>', 'folder with story.hbs, partials/ and theme.json', 'templates')
    .option('--out <dir>', 'folder for briefing.pptx, report.pdf and briefing.html', 'out');
}

function withBuildOptions(command: Command): Command {
  return withInputOptions(command)
    .addOption(new Option('--only <output>', 'build only the deck, the report or the web edition').choices(['deck', 'report', 'html']))
    .option('--html', 'also write the web edition, briefing.html')
    .addOption(chartsOption())
    .addOption(pageSizeOption())
    .option('--pdfa', 'make the report PDF/A (archival)')
    .option('--attach-data', 'embed the findings as JSON inside the PDF')
    .addOption(new Option('--citations <style>', 'citations in the report: [n] markers and a sources list, or footnotes on each page').choices(['numbered', 'footnotes']).default('numbered'))
    .option('--no-cache', 'render every chart afresh, ignoring the chart cache')
    .option('--variant <id>', "build one variant's edition (see variants: in the data) into <out>/<id>/")
    .option('--lang <code>', 'build only the edition in this language (one of edition.languages): into --out when it is given, else where a build of every language puts it (<out>/ for the first, <out>/<code>/ for the others)')
    .option('--send', 'after a successful build, email the report (see `briefsmith send --help`)');
}

/**
 * --lang: one language's edition, into --out itself when --out was typed, else where a build of every
 * language puts it.
 */
function languageOption(opts: Record<string, unknown>, command: Command): Pick<BuildOptions, 'language' | 'languageFolder'> {
  const language = opts.lang as string | undefined;
  return language ? { language, languageFolder: command.getOptionValueSource('out') !== 'cli' } : {};
}

function withSendOptions(command: Command): Command {
  return command
    .option('--recipients <file>', 'YAML file with recipients: [{name, address}] (default: <data>/recipients.yaml)')
    .option('--to <addresses...>', 'send to these addresses (with or instead of the recipients file)')
    .option('--with-deck', 'attach briefing.pptx as well as report.pdf')
    .option('--dry-run', 'write one .eml per recipient to <out>/mail/ and send nothing')
    .option('--resend', 'send again to recipients who already have this edition')
    .option('--allow-insecure', 'allow SMTP without TLS (a local relay)')
    .option('--smtp-config <file>', 'YAML/JSON file with SMTP host, port, secure, user, from (never the password)')
    .option('--max-attachment-size <MB>', 'largest attachment total in MB, counted as sent (base64)', parsePositiveNumber, 20)
    .option('--rate <n>', 'send at most n messages a second (the relay\'s limit)', parsePositiveNumber);
}

function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number above 0, e.g. 2');
  return n;
}

function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number, e.g. 20');
  return n;
}

/**
 * Sends out/report.pdf (out/<variant>/report.pdf with --variant) to the recipients subscribed to that
 * edition, each in their language (out/<language>/ for each language but the first); the email shows
 * its headline figures.
 */
async function sendReport(opts: Record<string, unknown>, flags: GlobalFlags, command?: Command): Promise<void> {
  const { send, smtpSettingsFromEnv } = await import('./deliver/index.ts');
  const { readRecipientsFile } = await import('./deliver/recipients.ts');
  const { problemsError } = await import('./deliver/check.ts');
  const { editionMailOf, loadFindings, findingsIn, editionLanguages } = await import('./index.ts');
  const log = reporter(flags);
  const dataDir = path.resolve(String(opts.data));
  const variant = opts.variant as string | undefined;
  const outDir = path.resolve(String(opts.out), variant ?? '');
  const recipientsFile = opts.recipients ? path.resolve(String(opts.recipients))
    : opts.to ? undefined : path.join(dataDir, 'recipients.yaml');
  const { findings } = await loadFindings(dataDir);
  // The languages sent: --lang's alone (from --out itself when it was given), or every one of the edition.
  const lang = opts.lang as string | undefined;
  const languages = lang ? [findingsIn(findings, lang).edition.language] : editionLanguages(findings);
  const first = editionLanguages(findings)[0];
  const explicitOut = command?.getOptionValueSource('out') === 'cli';
  const folderOf = (language: string) => (language === first || (lang && explicitOut) ? outDir : path.join(outDir, language));
  const editions = await Promise.all(languages.map(async (language) => {
    const { email, scope } = await editionMailOf(findings, folderOf(language), variant, language);
    return { outDir: folderOf(language), email, scope };
  }));
  const variants = Object.keys(findings.variants ?? {});
  // The readers of this edition: those subscribed to the variant (or to none, without --variant).
  let recipients: Awaited<ReturnType<typeof readRecipientsFile>> | undefined;
  if (recipientsFile) {
    const problems: Problem[] = [];
    const all = await readRecipientsFile(recipientsFile, problems, variants);
    if (problems.length) throw problemsError(problems);
    recipients = all.filter((r) => (r.variant ?? '') === (variant ?? ''));
    const others = all.length - recipients.length;
    if (others) log.warn(`${others} of ${all.length} recipients in ${path.relative(process.cwd(), recipientsFile)} get ${variant ? 'another edition' : "a variant's edition"}: send those with --variant ID, or all at once with briefsmith publish`);
    if (lang) {
      const readers = recipients.filter((r) => (r.language ?? first).split('-')[0].toLowerCase() === lang.split('-')[0].toLowerCase());
      if (readers.length < recipients.length) log.warn(`${recipients.length - readers.length} of ${recipients.length} recipients read another language than ${lang}: send those without --lang`);
      recipients = readers;
    }
    if (!recipients.length && !opts.to) {
      throw new InputError(`no recipient in ${recipientsFile} gets the ${variant ? `"${variant}" edition` : 'edition without a variant'}${lang ? ` in ${lang}` : ''}`, { file: recipientsFile, hint: variant ? `give readers variant: ${variant}` : lang ? `give readers language: ${lang}` : 'pass --variant ID to send a variant\'s edition' });
    }
  }
  const summary = await send({
    outDir: editions[0].outDir,
    recipients,
    to: opts.to as string[] | undefined,
    scope: editions[0].scope,
    editions,
    withDeck: Boolean(opts.withDeck),
    dryRun: Boolean(opts.dryRun),
    resend: Boolean(opts.resend),
    allowInsecure: Boolean(opts.allowInsecure),
    maxAttachmentBytes: Math.round(Number(opts.maxAttachmentSize) * 1024 * 1024),
    rate: opts.rate as number | undefined,
    // A dry run reads the settings too: its .eml files show the real From address.
    smtp: smtpSettingsFromEnv(process.env, opts.smtpConfig ? path.resolve(String(opts.smtpConfig)) : undefined),
    email: editions[0].email,
    templatesDir: path.resolve(String(opts.templates)),
    // The per-recipient summary is the command's result: shown unless --quiet.
    logger: { info: (line) => { if (!flags.quiet) process.stderr.write(`${line}\n`); }, warn: log.warn },
  });
  log.info(`${summary.sent} sent, ${summary.skipped} skipped, ${summary.failed} failed${summary.dryRun ? ' (dry run)' : ''}.`);
}

/** Builds every variant's edition into <out>/<variant>/ with a pool of worker processes. */
async function buildAllVariantsCommand(opts: Record<string, unknown>, flags: GlobalFlags): Promise<void> {
  const log = reporter(flags);
  const { loadFindings } = await import('./index.ts');
  const { buildAllVariants } = await import('./batch/index.ts');
  const { progressReporter } = await import('./batch/progress.ts');
  const base = buildOptionsFrom(opts);
  const { findings } = await loadFindings(base.dataDir);
  const variants = Object.keys(findings.variants ?? {});
  if (!variants.length) throw new InputError('the data declares no variants: nothing for --all-variants to build', { file: base.dataDir, hint: 'add a variants: section (see docs/DATA.md), or build without --all-variants' });
  const bar = progressReporter(process.stderr, log.show && !flags.quiet);
  const started = performance.now();
  log.info(`Building ${variants.length} editions, one per variant…`);
  try {
    const result = await buildAllVariants({ build: base, variants, jobs: opts.jobs as number | undefined, onProgress: (p) => { if (!flags.quiet) bar.update(p); } });
    bar.end();
    const rendered = result.done.reduce((n, d) => n + d.charts.misses, 0);
    const cached = result.done.reduce((n, d) => n + d.charts.hits, 0);
    const kept = result.done.filter((d) => d.upToDate).length;
    log.info(`Built ${result.done.length - kept} editions${kept ? ` (${kept} up to date)` : ''} into ${path.relative(process.cwd(), base.outDir) || '.'}/<variant>/ in ${formatMs(performance.now() - started)} (charts: ${rendered} rendered, ${cached} from cache).`);
  } finally {
    bar.end();
  }
}

export function createProgram(): Command {
  const program = new Command()
    .name('briefsmith')
    .description('Turns structured market findings into a PowerPoint briefing and a PDF report.')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'print progress even when not on a terminal')
    .option('--debug', 'print stack traces with errors')
    .option('--config <file>', `settings file (default: ${CONFIG_FILE} in this folder or the nearest above it)`)
    .showHelpAfterError('(run briefsmith --help for usage)')
    .exitOverride();
  // Before each command: the project's settings fill every option not given on the command line.
  program.hook('preAction', async (_, command) => {
    const config = await useProjectConfig(program, command);
    if (config) reporter(program.opts<GlobalFlags>()).info(`settings from ${displayPath(config.file)}`);
  });

  withSendOptions(withBuildOptions(program.command('build').description('build out/briefing.pptx and out/report.pdf from the data')))
    .option('--all-variants', "build every variant's edition into <out>/<variant>/, on all cores")
    .option('--jobs <n>', 'worker processes for --all-variants (default: one per core)', parsePositiveInteger)
    .action(async (opts: Record<string, unknown>, command: Command) => {
      const flags = program.opts<GlobalFlags>();
      const log = reporter(flags);
      const started = performance.now();
      if (opts.allVariants) {
        if (opts.send || opts.variant) throw new InputError(`--all-variants goes without ${opts.send ? '--send' : '--variant'}`, { hint: opts.send ? 'send each edition with briefsmith send --variant ID, or deliver them all with briefsmith publish' : 'use one of the two' });
        return buildAllVariantsCommand(opts, flags);
      }
      log.info('Building the briefing and the report…');
      // Loaded on demand: --help and usage errors should not pay for pptxgenjs, pdfkit and canvas.
      const { build } = await import('./index.ts');
      const base = buildOptionsFrom(opts);
      const variant = opts.variant as string | undefined;
      // A variant's edition goes to <out>/<variant>/; every variant shares the chart cache in <out>.
      const where = variant ? { variant, outDir: path.join(base.outDir, variant), cacheDir: path.join(base.outDir, '.cache', 'charts') } : {};
      const result = await build({ ...base, ...where, ...languageOption(opts, command), onStage: log.stage, warn: log.warn });
      for (const file of result.files) log.info(`  ${result.upToDate ? 'kept' : 'wrote'} ${path.relative(process.cwd(), file) || file} (${formatSize(statSync(file).size)})`);
      if (!result.upToDate) log.info(`  charts: ${result.charts.misses} rendered, ${result.charts.hits} from cache`);
      // The result, in one line, even in a pipe (a CI log): unless --quiet.
      if (!flags.quiet) process.stderr.write(`${buildSummary(result, performance.now() - started)}\n`);
      if (opts.send) await sendReport(opts, flags, command);
    });

  withSendOptions(withInputOptions(program.command('send').description('email out/report.pdf to the recipients (SMTP settings from BRIEFSMITH_SMTP_* variables)')))
    .option('--variant <id>', "send a variant's edition (<out>/<id>/report.pdf) to the recipients subscribed to it")
    .option('--lang <code>', 'send only the edition in this language, to the recipients who read it (from --out itself when it is given)')
    .action(async (opts: Record<string, unknown>, command: Command) => sendReport(opts, program.opts<GlobalFlags>(), command));

  withBuildOptions(program.command('watch').description('build, then rebuild whenever data/ or templates/ change (Ctrl-C to stop)'))
    .action(async (opts: Record<string, unknown>, command: Command) => watchCommand(opts, program.opts<GlobalFlags>(), command));

  withInputOptions(program.command('preview').description('serve a live preview of the slides and the report on 127.0.0.1, rebuilt on every change (Ctrl-C to stop)'))
    .addOption(chartsOption())
    .addOption(pageSizeOption())
    .option('--no-cache', 'render every chart afresh, ignoring the chart cache')
    .option('--port <n>', `port on 127.0.0.1 (0: any free port; default ${PREVIEW_PORT}, or the next free one)`, parsePort)
    .option('--open', 'open the preview in the default browser')
    .option('--lang <code>', 'preview the edition in this language (one of edition.languages; default: the first)')
    .action(async (opts: Record<string, unknown>, command: Command) => previewCommand(opts, program.opts<GlobalFlags>(), command));

  withInputOptions(program.command('diff').description('print what changed in the figures since the previous edition built into --out'))
    .action(async (opts: Record<string, unknown>) => {
      const { loadFindings, editionDiff } = await import('./index.ts');
      const { diffLines, diffTitle } = await import('./diff/index.ts');
      const { findings } = await loadFindings(path.resolve(String(opts.data)));
      const diff = await editionDiff(findings, path.resolve(String(opts.out)), reporter(program.opts<GlobalFlags>()).warn);
      if (!diff) {
        process.stdout.write(`No earlier edition in ${String(opts.out)} to compare with (editions are kept in ${String(opts.out)}/.editions/ by each build).\n`);
      } else if (!diff.changes.length) {
        process.stdout.write(`${diffTitle(diff)}: nothing.\n`);
      } else {
        process.stdout.write(`${diffTitle(diff)}:\n${diffLines(diff).map((l) => `  ${l}`).join('\n')}\n`);
      }
    });

  program.command('init').argument('[dir]', 'folder for the new project (made when missing)', '.')
    .description('write a small project that builds at once (never overwrites anything)')
    .option('--example', "the shipped project (China's large-model market) instead of the starter")
    .action(async (dir: string, opts: Record<string, unknown>) => initCommand(dir, opts, program.opts<GlobalFlags>()));

  program.command('worker').description('render and send the jobs that `briefsmith publish` puts on the queue, until stopped (SMTP settings as for send)')
    .option('--redis <url>', 'the Redis server of the queue, e.g. redis://127.0.0.1:6379')
    .option('--store <dir>', 'the folder every worker and the publisher share (outputs, ledger)')
    .option('--concurrency <n>', 'messages sent at a time (one SMTP connection each); renders go one at a time', parsePositiveInteger, 4)
    .option('--stall-timeout <seconds>', "how long a job of a worker that stopped answering waits before another worker takes it", parsePositiveNumber, 30)
    .option('--allow-insecure', 'allow SMTP without TLS (a local relay)')
    .option('--smtp-config <file>', 'YAML/JSON file with SMTP host, port, secure, user, from (never the password)')
    .action(async (opts: Record<string, unknown>) => {
      const { workerCommand } = await import('./queue/commands.ts');
      const flags = program.opts<GlobalFlags>();
      await workerCommand(opts, { ...reporter(flags), quiet: Boolean(flags.quiet) });
    });

  withInputOptions(program.command('publish').description('put the edition on the queue for the workers: one render per variant, one send per recipient; follow it until done'))
    .option('--redis <url>', 'the Redis server of the queue, e.g. redis://127.0.0.1:6379')
    .option('--store <dir>', 'the folder every worker shares (see briefsmith worker)')
    .option('--recipients <file>', 'YAML file with recipients: [{name, address, variant?}] (default: <data>/recipients.yaml)')
    .option('--with-deck', 'attach briefing.pptx as well as report.pdf')
    .option('--rate <n>', 'send at most n messages a second, all workers together', parsePositiveNumber)
    .option('--no-wait', 'return once the work is queued')
    .option('--status', 'show what the last publication (or --publication ID) has rendered, sent, failed and left')
    .option('--publication <id>', 'with --status: which publication')
    .action(async (opts: Record<string, unknown>) => {
      const { publishCommand } = await import('./queue/commands.ts');
      const flags = program.opts<GlobalFlags>();
      await publishCommand(opts, { ...reporter(flags), quiet: Boolean(flags.quiet) });
    });

  // A worker process of the --all-variants pool: builds what the pool sends it over IPC.
  program.command('build-worker', { hidden: true }).action(async () => {
    const { runBuildWorker } = await import('./batch/worker.ts');
    await runBuildWorker();
  });

  return program;
}

/** Writes a new project and says what to do next. */
async function initCommand(dir: string, opts: Record<string, unknown>, flags: GlobalFlags): Promise<void> {
  const { initProject } = await import('./init/index.ts');
  const result = initProject({ dir, example: Boolean(opts.example) });
  if (flags.quiet) return;
  const where = path.relative(process.cwd(), result.dir) || '.';
  const next = where === '.' ? 'briefsmith build' : `cd ${where} && briefsmith build`;
  process.stderr.write(`created ${result.files.length} files in ${where}: ${result.files.join(', ')}\nnext: ${next}\n`);
}

const PREVIEW_PORT = 4300;

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/** Serves the preview until interrupted; prints its address once the first build is over. */
async function previewCommand(opts: Record<string, unknown>, flags: GlobalFlags, command: Command): Promise<void> {
  const { startPreview } = await import('./preview/index.ts');
  const say = (text: string) => { if (!flags.quiet) process.stderr.write(`${text}\n`); };
  const explicit = opts.port !== undefined;
  const build = { ...buildOptionsFrom(opts), ...languageOption(opts, command), onStage: reporter(flags).stage, warn: reporter(flags).warn };
  const start = (port: number) => startPreview({ build, port, say, formatError: (e) => formatError(e, flags.debug) });
  let preview: Awaited<ReturnType<typeof start>> | undefined;
  // The default port, or the next free one; a port asked for is that port or an error.
  for (let port = explicit ? Number(opts.port) : PREVIEW_PORT; !preview; port++) {
    try {
      preview = await start(port);
    } catch (error) {
      if (explicit || exitCodeOf(error) !== EXIT.input || port >= PREVIEW_PORT + 20) throw error;
    }
  }
  await preview.ready;
  process.stdout.write(`Preview: ${preview.url}\n`);
  if (opts.open) openInBrowser(preview.url, say);
  await new Promise<void>((resolve) => {
    const stop = () => { void preview!.close().then(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The system's way to open an address in the default browser; a failure only says so. */
function openInBrowser(url: string, say: (text: string) => void): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer.exe' : 'xdg-open';
  const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => say(`could not start ${command}; open ${url} in a browser`));
  child.unref();
}

/** Builds, then rebuilds on every change until interrupted. Each build prints one line. */
async function watchCommand(opts: Record<string, unknown>, flags: GlobalFlags, command: Command): Promise<void> {
  const { build, closeChartWorker } = await import('./index.ts');
  const { watchAndBuild } = await import('./watch/index.ts');
  const options = { ...buildOptionsFrom(opts), ...languageOption(opts, command) };
  const log = reporter(flags);
  // Watch output is the point of the command: one line per build even in a pipe, unless --quiet.
  const say = (text: string) => { if (!flags.quiet) process.stderr.write(`${text}\n`); };
  let count = 0;
  const outDir = options.outDir + path.sep;
  const watcher = watchAndBuild({
    paths: [options.dataDir, options.templatesDir],
    ignored: (file) => file.startsWith(outDir) || file.endsWith('.tmp'),
    build: async (reason) => {
      const started = performance.now();
      const result = await build({ ...options, keepChartWorker: true, onStage: log.stage, warn: log.warn });
      count++;
      const what = result.upToDate ? 'up to date' : `charts: ${result.charts.misses} rendered, ${result.charts.hits} cached`;
      say(`build ${count} ok in ${formatMs(performance.now() - started)} (${reason}; ${what})`);
    },
    onError: (error) => say(`${formatError(error, flags.debug)}\nbuild failed; out/ keeps the last good outputs. Watching for the fix…`),
  });
  await watcher.ready;
  say(`watching ${path.relative(process.cwd(), options.dataDir) || '.'} and ${path.relative(process.cwd(), options.templatesDir) || '.'} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => { void watcher.close().then(closeChartWorker).then(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.input;
    }
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; anything else commander rejects is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.input;
    }
    process.stderr.write(`${formatError(error, program.opts<GlobalFlags>().debug)}\n`);
    return exitCodeOf(error);
  }
}
