// `briefsmith publish`: puts an edition on the queue as flows (per variant and language, a render job
// and, once it is done, a dispatch job that adds one send job per recipient), then follows the run in
// the store until every delivery is sent or dead-lettered. Publishing is idempotent: the same inputs
// and recipients are the same publication, with the same job ids, and the ledger skips whoever has it.
// A Redis that lost its data (restarted without persistence) is given the remaining work again.
import { createHash } from 'node:crypto';
import { FlowProducer, Queue } from 'bullmq';
import { addressKey, problemsError } from '../deliver/check.ts';
import { deliveryId } from '../deliver/index.ts';
import { readRecipientsFile } from '../deliver/recipients.ts';
import { InputError, type Problem } from '../errors.ts';
import { deliveryKeyOf, dispatchJobId, redisOptions, RENDER_ATTEMPTS, RENDER_QUEUE, renderJobId, SEND_QUEUE, type DispatchJob, type RenderJob, type RenderResult } from './jobs.ts';
import { renderKey, runOf, Store, type DeliverySpec, type Publication, type RenderSpec } from './store.ts';

export interface PublishOptions {
  redis: string;
  store: string;
  dataDir: string;
  templatesDir: string;
  recipientsFile: string;
  withDeck: boolean;
  /** Messages a second at most, for the whole queue (every worker together). */
  rate?: number;
  /** Follow the run until it is done (default), or return once it is queued. */
  wait: boolean;
  onStatus?: (status: PublicationStatus) => void;
  warn: (text: string) => void;
}

export interface PublicationStatus {
  publication: Publication;
  rendered: number;
  sent: number;
  pending: number;
  failed: { recipient: string; variant: string; language: string; reason: string }[];
  done: boolean;
}

export async function publish(options: PublishOptions): Promise<PublicationStatus> {
  const store = new Store(options.store);
  const p = await preparePublication(options, store);
  const connection = redisOptions(options.redis);
  const flows = new FlowProducer({ connection });
  const renders = new Queue(RENDER_QUEUE, { connection });
  const sends = new Queue(SEND_QUEUE, { connection });
  // Connection errors are said once in a while by the loop below, not dumped by each client.
  flows.on('error', () => {});
  renders.on('error', () => {});
  sends.on('error', () => {});
  try {
    await reachable(renders, options.redis);
    await seed(p, flows, sends, options.rate);
    let status = await publicationStatus(store, p);
    options.onStatus?.(status);
    let lastCheck = Date.now();
    while (options.wait && !status.done) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await publicationStatus(store, p);
      options.onStatus?.(status);
      if (status.done || Date.now() - lastCheck < 2000) continue;
      lastCheck = Date.now();
      try {
        // Redis without persistence forgets everything when it restarts: give it the rest again.
        if (!(await renders.getJob(dispatchJobId(p, p.renders[0])))) {
          options.warn('the queue no longer holds this publication (was Redis restarted?): publishing what is left again');
          await seed(p, flows, sends, options.rate);
        }
      } catch (error) {
        options.warn(`queue: ${(error as Error).message} (waiting for Redis)`);
      }
    }
    return status;
  } finally {
    await Promise.allSettled([flows.close(), renders.close(), sends.close()]);
  }
}

/** Fails clearly when Redis does not answer (rather than waiting for it for ever). */
async function reachable(queue: Queue, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InputError(`cannot reach Redis at ${url.replace(/\/\/[^@]*@/, '//')}: nothing was published`, { field: '--redis', hint: 'check that redis-server runs there and that --redis names it, e.g. redis://127.0.0.1:6379' })), 10_000);
  });
  try {
    await Promise.race([queue.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads and checks the findings and recipients, snapshots the inputs and writes the publication. */
async function preparePublication(options: PublishOptions, store: Store): Promise<Publication> {
  const { loadFindings, editionMailOf, editionLanguages } = await import('../index.ts');
  const { findings } = await loadFindings(options.dataDir);
  const variants = Object.keys(findings.variants ?? {});
  const problems: Problem[] = [];
  const recipients = await readRecipientsFile(options.recipientsFile, problems, variants);
  if (problems.length) throw problemsError(problems);
  if (!recipients.length) throw new InputError('the recipients list is empty: nothing to publish', { file: options.recipientsFile, hint: 'add entries under recipients:' });
  const seen = new Set<string>();
  for (const r of recipients) {
    if (seen.has(addressKey(r.address))) throw new InputError(`${r.address} is listed more than once`, { file: options.recipientsFile, hint: 'list each address once' });
    seen.add(addressKey(r.address));
  }
  // Each reader gets the edition in their language (the first when they name none); a language the
  // edition is not built in stops the publication before anything is queued.
  const languages = editionLanguages(findings);
  const primary = (l: string) => l.split('-')[0].toLowerCase();
  const languageOf = (r: (typeof recipients)[number]) => (r.language
    ? languages.find((l) => l.toLowerCase() === r.language!.toLowerCase()) ?? languages.find((l) => primary(l) === primary(r.language!))
    : languages[0]);
  const unread = recipients.filter((r) => !languageOf(r));
  if (unread.length) {
    throw problemsError(unread.map((r) => ({
      message: `${r.name} <${r.address}> reads ${r.language}, and the edition has no ${r.language} language (it is built in ${languages.join(', ')}); nothing was published`,
      file: options.recipientsFile, field: 'language',
      hint: `add ${r.language} to edition.languages in the data (with its texts and templates), or give this reader language: ${languages[0]}`,
    })));
  }
  const deliveries: DeliverySpec[] = recipients.map((recipient) => ({ recipient, variant: recipient.variant ?? '', language: languageOf(recipient)! }));
  const renders: RenderSpec[] = [];
  for (const d of deliveries) if (!renders.some((r) => r.variant === d.variant && r.language === d.language)) renders.push({ variant: d.variant, language: d.language });
  const email: Publication['email'] = {};
  // Its "what changed" is since the edition of its variant published before (see history.ts).
  for (const r of renders) email[renderKey(r)] = (await editionMailOf(findings, store.historyDir(r), r.variant || undefined, r.language)).email;
  const inputs = store.snapshotInputs(options.dataDir, options.templatesDir);
  const id = `${findings.edition.date}-${createHash('sha256').update(JSON.stringify([inputs, deliveries, options.withDeck])).digest('hex').slice(0, 12)}`;
  const publication: Publication = {
    id, edition: findings.edition.date, title: findings.edition.title, inputs, withDeck: options.withDeck,
    renders, deliveries, email, time: store.publication(id)?.time ?? new Date().toISOString(),
    run: Date.now().toString(36),
  };
  store.writePublication(publication);
  return publication;
}

/** Adds the publication's flows (again: jobs that exist are left as they are). */
async function seed(p: Publication, flows: FlowProducer, sends: Queue, rate: number | undefined): Promise<void> {
  if (rate) await sends.setGlobalRateLimit(Math.max(1, Math.round(rate)), rate >= 1 ? 1000 : Math.round(1000 / rate));
  await flows.addBulk(p.renders.map((r) => ({
    name: 'dispatch',
    queueName: RENDER_QUEUE,
    data: { publication: p.id, run: p.run, render: r } satisfies DispatchJob,
    opts: { jobId: dispatchJobId(p, r), attempts: RENDER_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 } },
    children: [{
      name: 'render',
      queueName: RENDER_QUEUE,
      data: { publication: p.id, inputs: p.inputs, render: r } satisfies RenderJob,
      opts: { jobId: renderJobId(p, r), attempts: RENDER_ATTEMPTS, backoff: { type: 'exponential', delay: 2000 } },
    }],
  })));
}

const renderedOutputs = new Map<string, RenderResult['outputs']>();

/** Rendered, sent, failed and pending, from the store alone (no Redis needed). */
export async function publicationStatus(store: Store, p: Publication): Promise<PublicationStatus> {
  const ledger = store.ledger();
  const [sentRecords, dead] = await Promise.all([ledger.sentRecords(), ledger.deadRecords()]);
  const outputs = new Map<string, RenderResult['outputs'] | undefined>();
  for (const r of p.renders) {
    // A finished render's outputs do not change: read each manifest once, not at every look.
    const dir = store.editionDir(p.inputs, r);
    if (!renderedOutputs.has(dir) && store.rendered(p, r)) renderedOutputs.set(dir, store.outputs(p.inputs, r));
    outputs.set(renderKey(r), renderedOutputs.get(dir));
  }
  let sent = 0;
  let pending = 0;
  const failed: PublicationStatus['failed'] = [];
  for (const d of p.deliveries) {
    const out = outputs.get(renderKey(d));
    const id = out && deliveryId(deliveryKeyOf({ edition: p.edition, render: d, recipient: d.recipient, withDeck: p.withDeck }, out));
    const deadRecord = id ? dead.get(id) : undefined;
    if (id && sentRecords.has(id)) sent++;
    else if (deadRecord && deadRecord.publication === runOf(p)) failed.push({ recipient: d.recipient.address, variant: d.variant, language: d.language, reason: deadRecord.reason });
    else pending++;
  }
  const rendered = [...outputs.values()].filter(Boolean).length;
  return { publication: p, rendered, sent, pending, failed, done: pending === 0 };
}
