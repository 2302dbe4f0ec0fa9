// `briefsmith worker`: takes render and send jobs from Redis (BullMQ) until stopped. A render is the
// CLI's build() into the store; a send is the CLI's send() to one recipient, through a session this
// worker keeps open. Every job may run twice (BullMQ redelivers the job of a worker that died): a
// render finds its outputs up to date, a send finds the ledger's record or a live claim.
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { problemsError } from '../deliver/check.ts';
import { SendFailedError, SmtpSession, deliveryId, openFailure, resolvePassword, send, type RecipientResult, type SmtpSettings } from '../deliver/index.ts';
import { checkConnection, checkFrom, redactor } from '../deliver/preflight.ts';
import { isTransient } from '../deliver/retry.ts';
import type { Problem } from '../errors.ts';
import {
  deliveryKeyOf, RENDER_QUEUE, SEND_ATTEMPTS, SEND_BACKOFF_MS, SEND_QUEUE, sendJobId, redisOptions,
  type DispatchJob, type RenderJob, type RenderResult, type SendJob,
} from './jobs.ts';
import { carryPreviousEdition, keepEdition } from './history.ts';
import { renderKey, runOf, Store } from './store.ts';

export interface WorkerOptions {
  redis: string;
  store: string;
  /** Sends at a time (each over its own SMTP session); renders go one at a time. */
  concurrency: number;
  /** How long a job of a worker that stopped answering stays locked before another takes it. */
  stallTimeoutMs: number;
  smtp: SmtpSettings;
  allowInsecure: boolean;
  log: (text: string) => void;
  warn: (text: string) => void;
}

export async function runWorker(options: WorkerOptions): Promise<void> {
  const store = new Store(options.store);
  const ledger = store.ledger(options.warn);
  const connection = redisOptions(options.redis);
  const smtp = options.smtp;

  // The SMTP settings are checked before the first job, as `send` checks them.
  const problems: Problem[] = [];
  const password = resolvePassword(smtp, problems);
  checkFrom(smtp, false, problems);
  checkConnection(smtp, password, options.allowInsecure, problems, options.warn);
  if (problems.length) throw problemsError(problems);
  const redact = redactor(password, smtp.user);
  const sessions = Array.from({ length: options.concurrency }, () => new SmtpSession({ smtp, password, allowInsecure: options.allowInsecure }));
  try {
    await sessions[0].open();
  } catch (error) {
    const failure = openFailure(error, sessions[0], smtp, redact);
    // A server that is down now may be up for the first send; a refused login or certificate will not mend.
    if (isTransient(error)) options.warn(`${failure.message.replace(/; nothing was sent$/, '')}: sends wait and retry`);
    else throw failure;
  }
  const idle = [...sessions];

  const common = {
    connection,
    lockDuration: options.stallTimeoutMs,
    stalledInterval: Math.max(1000, Math.round(options.stallTimeoutMs / 2)),
    // Jobs are idempotent: one redelivered after a crash is run again, however often that happens.
    maxStalledCount: 20,
  };

  const sends = new Queue<SendJob>(SEND_QUEUE, { connection });
  sends.on('error', () => {}); // the workers below report the same connection's trouble
  const renderWorker = new Worker<RenderJob | DispatchJob, unknown>(RENDER_QUEUE, async (job) => {
    if (job.name === 'render') return render(job as Job<RenderJob>, store, options);
    return dispatch(job as Job<DispatchJob>, store, ledger, sends);
  }, { ...common, concurrency: 1 });

  const sendWorker = new Worker<SendJob, unknown>(SEND_QUEUE, async (job, token) => {
    const session = idle.pop() ?? new SmtpSession({ smtp, password, allowInsecure: options.allowInsecure });
    try {
      return await deliver(job, token, { store, ledger, session, smtp, allowInsecure: options.allowInsecure, log: options.log, warn: options.warn });
    } finally {
      idle.push(session);
    }
  }, { ...common, concurrency: options.concurrency });

  let lastWarning = 0;
  for (const w of [renderWorker, sendWorker]) {
    w.on('error', (error) => {
      // Redis gone: ioredis reconnects by itself; say so once in a while, not on every retry.
      if (Date.now() - lastWarning > 5000) { lastWarning = Date.now(); options.warn(`queue: ${redact(error.message)} (reconnecting)`); }
    });
    w.on('failed', (job, error) => { if (job) options.log(`  failed ${job.name} ${job.id}: ${redact(error.message)}`); });
  }
  options.log(`worker ${process.pid}: renders and sends from ${options.redis.replace(/\/\/[^@]*@/, '//')} into ${store.root} (${options.concurrency} at a time); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  options.log('worker: finishing the jobs in hand…');
  await Promise.all([renderWorker.close(), sendWorker.close()]);
  const { closeChartWorker } = await import('../index.ts');
  await closeChartWorker();
  await sends.close();
  await Promise.all(sessions.map((s) => s.close()));
}

/** Builds one edition into the store with the CLI's build(). */
async function render(job: Job<RenderJob>, store: Store, options: WorkerOptions): Promise<RenderResult> {
  const { build } = await import('../index.ts');
  const { inputs, render: r } = job.data;
  const dir = store.editionDir(inputs, r);
  const date = store.publication(job.data.publication)?.edition;
  const started = performance.now();
  options.log(`  rendering ${r.variant || '(no variant)'}/${r.language}`);
  if (date) await carryPreviousEdition(store.historyDir(r), dir, date, options.warn);
  const result = await build({
    ...store.inputsDir(inputs),
    outDir: dir,
    cacheDir: store.chartCacheDir(),
    // One chart thread for every render of this worker (see keepChartWorker).
    keepChartWorker: true,
    ...(r.variant ? { variant: r.variant } : {}),
    // The render's own language, into its folder of the store.
    language: r.language,
    warn: options.warn,
  });
  if (date) await keepEdition(dir, store.historyDir(r), date);
  options.log(`  rendered ${r.variant || '(no variant)'}/${r.language}: ${result.upToDate ? 'up to date' : `built in ${((performance.now() - started) / 1000).toFixed(2)} s`}`);
  return { dir, outputs: store.outputs(inputs, r) };
}

/** Once its render is done: one send job per recipient of that edition (not those already given up on). */
async function dispatch(job: Job<DispatchJob>, store: Store, ledger: ReturnType<Store['ledger']>, sends: Queue<SendJob>): Promise<number> {
  const p = store.publication(job.data.publication);
  if (p && p.run !== job.data.run) return 0; // a run of publish that a later one replaced
  if (!p) throw new UnrecoverableError(`publication ${job.data.publication} is not in the store ${store.root}`);
  const r = job.data.render;
  const outputs = store.outputs(p.inputs, r);
  const dead = await ledger.deadRecords();
  const jobs = p.deliveries
    .filter((d) => d.variant === r.variant && d.language === r.language)
    .map((d): SendJob => ({ publication: runOf(p), edition: p.edition, inputs: p.inputs, render: r, recipient: d.recipient, withDeck: p.withDeck, email: p.email[renderKey(r)] }))
    .filter((data) => dead.get(deliveryId(deliveryKeyOf(data, outputs)))?.publication !== runOf(p))
    .map((data) => ({ name: 'send', data, opts: { jobId: sendJobId(p, r, data.recipient), attempts: SEND_ATTEMPTS, backoff: { type: 'exponential', delay: SEND_BACKOFF_MS } } }));
  for (let i = 0; i < jobs.length; i += 500) await sends.addBulk(jobs.slice(i, i + 500));
  return jobs.length;
}

interface SendContext {
  store: Store;
  ledger: ReturnType<Store['ledger']>;
  session: SmtpSession;
  smtp: SmtpSettings;
  allowInsecure: boolean;
  log: (text: string) => void;
  warn: (text: string) => void;
}

/** Sends one recipient their edition with the CLI's send(); dead-letters what will never go. */
async function deliver(job: Job<SendJob>, token: string | undefined, c: SendContext): Promise<RecipientResult> {
  const d = job.data;
  const outDir = c.store.editionDir(d.inputs, d.render);
  const key = deliveryKeyOf(d, c.store.outputs(d.inputs, d.render));
  let result: RecipientResult;
  try {
    const summary = await send({
      outDir,
      recipients: [d.recipient],
      scope: { edition: d.edition, variant: d.render.variant, language: d.render.language },
      withDeck: d.withDeck,
      email: d.email,
      templatesDir: c.store.inputsDir(d.inputs).templatesDir,
      smtp: c.smtp,
      allowInsecure: c.allowInsecure,
      ledger: c.ledger,
      session: c.session,
      // BullMQ retries with backoff; one try per attempt here.
      retry: { attempts: 1 },
      logger: { info: () => {}, warn: c.warn },
    });
    result = summary.results[0];
  } catch (error) {
    if (!(error instanceof SendFailedError)) throw error;
    result = error.summary.results[0];
  }
  const who = `${d.recipient.address} (${d.render.variant || 'no variant'}/${d.render.language})`;
  if (result.status === 'sent') { c.log(`  sent ${who}`); return result; }
  if (result.status === 'skipped') {
    if (/being sent by another run/.test(result.reason ?? '')) {
      // Another worker holds the claim (this job was handed out twice): look again shortly.
      await job.moveToDelayed(Date.now() + 2000, token);
      throw new DelayedError();
    }
    return result;
  }
  const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  if (result.permanent || last) {
    await c.ledger.recordDead(key, result.reason ?? 'not delivered', d.publication);
    c.log(`  dead-lettered ${who}: ${result.reason}`);
    throw new UnrecoverableError(result.reason ?? 'not delivered');
  }
  throw new Error(result.reason ?? 'not delivered');
}

