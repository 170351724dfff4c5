import type { Kysely } from 'kysely';
import { fromKysely, fromPglite, type Job, PgBoss } from 'pg-boss';
import { CodecotError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/database.ts';
import type { Database } from '../store/tables.ts';
import { jobIdFor } from './job-key.ts';

/** A job handler: small, idempotent, awaits all its work; throwing makes the queue retry it. */
export type JobHandler<P> = (payload: P, context: { jobId: string; attempt: number }) => Promise<void>;

export interface EnqueueOptions {
  /** What the job works on; the same queue and key never run twice. */
  key: string;
  /** Enqueue inside this transaction, so the job exists exactly when the rows that need it do. */
  trx?: Kysely<Database>;
  startAfterSeconds?: number;
  /** Jobs of one group (a repository) share the worker's per-group concurrency limit. */
  group?: string;
}

export interface QueueDefaults {
  /** How often expired (interrupted) jobs are looked for; a crash is noticed within about this long. */
  maintenanceSeconds: number;
  /** How long a job may run before it counts as interrupted and is retried. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
  /** When set, a running job that stops sending heartbeats this long counts as interrupted. */
  heartbeatSeconds?: number;
}

export type WorkSettings = {
  concurrency?: number;
  /** At most this many jobs of one group at once, across every process on the database. */
  groupConcurrency?: number;
  pollSeconds?: number;
};

export interface JobQueue {
  /**
   * Starts pg-boss and creates the queues (a name, or a name with its own settings), so enqueueing
   * inside a transaction needs no DDL.
   */
  start(queues: readonly (string | { name: string; settings: Partial<QueueDefaults> })[]): Promise<void>;
  /** Returns true when the job was new, false when a job with that key already existed. */
  enqueue<P extends object>(queue: string, payload: P, options: EnqueueOptions): Promise<boolean>;
  /** Many jobs of one queue in one statement, inside `trx`; a key that already has a job is skipped. */
  enqueueMany<P extends object>(
    queue: string,
    jobs: readonly { payload: P; key: string; group?: string }[],
    trx: Kysely<Database>,
  ): Promise<void>;
  /** Starts working a queue with a handler; the queue is created on first use. */
  work<P extends object>(queue: string, handler: JobHandler<P>, options?: WorkSettings): Promise<void>;
  /** Runs pg-boss's maintenance now: expired (interrupted) jobs go back to retry. */
  supervise(): Promise<void>;
  /** Stops fetching, waits up to `timeoutMs` for running jobs, then closes. */
  stop(timeoutMs: number): Promise<void>;
  readonly boss: PgBoss;
  /** How many times a job runs before it is failed for good (first run plus retries). */
  readonly maxAttempts: number;
}

const DEFAULTS: QueueDefaults = {
  maintenanceSeconds: 10,
  expireInSeconds: 15 * 60,
  retryLimit: 5,
  retryDelaySeconds: 5,
};

export function createJobQueue(
  store: Store,
  logger: Logger,
  defaults: Partial<QueueDefaults> = {},
): JobQueue {
  const settings = { ...DEFAULTS, ...defaults };
  const maintenance = {
    superviseIntervalSeconds: settings.maintenanceSeconds,
    monitorIntervalSeconds: settings.maintenanceSeconds,
  };
  const boss = store.pglite
    ? new PgBoss({ db: fromPglite(store.pglite), backend: 'pglite', ...maintenance })
    : new PgBoss({ connectionString: store.url ?? '', max: 4, useListenNotify: true, ...maintenance });
  // On PostgreSQL a committed job wakes its workers at once (NOTIFY), instead of after up to a poll
  // interval per hop (approval -> execution -> ...); polling stays as it was, as the fallback.
  const notify = !store.pglite;
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  const created = new Set<string>();

  async function ensureQueue(name: string, options: Partial<QueueDefaults> = {}): Promise<void> {
    if (created.has(name)) return;
    const merged = { ...settings, ...options };
    await boss.createQueue(name, {
      expireInSeconds: merged.expireInSeconds,
      retryLimit: merged.retryLimit,
      retryDelay: merged.retryDelaySeconds,
      retryBackoff: true,
      ...(merged.heartbeatSeconds ? { heartbeatSeconds: merged.heartbeatSeconds } : {}),
      ...(notify ? { notify } : {}),
    });
    if (notify) await boss.updateQueue(name, { notify });
    // createQueue leaves an existing queue as it was: a database from before a heartbeat gets it here.
    if (merged.heartbeatSeconds) await boss.updateQueue(name, { heartbeatSeconds: merged.heartbeatSeconds });
    created.add(name);
  }

  return {
    boss,
    maxAttempts: settings.retryLimit + 1,

    async start(queues) {
      await boss.start();
      for (const queue of queues) {
        if (typeof queue === 'string') await ensureQueue(queue);
        else await ensureQueue(queue.name, queue.settings);
      }
    },
    async enqueue(queue, payload, options) {
      if (!created.has(queue)) {
        // On the embedded engine a transaction holds the only connection: creating the queue now would wait forever.
        if (options.trx) throw new CodecotError('bad_input', `job queue ${queue} was not declared at start`);
        await ensureQueue(queue);
      }
      const id = await boss.send(queue, payload, {
        id: jobIdFor(queue, options.key),
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.group ? { group: { id: options.group } } : {}),
        ...(options.trx ? { db: fromKysely(options.trx) } : {}),
      });
      return id !== null;
    },
    async enqueueMany(queue, jobs, trx) {
      if (jobs.length === 0) return;
      if (!created.has(queue))
        throw new CodecotError('bad_input', `job queue ${queue} was not declared at start`);
      const seen = new Set<string>();
      const rows = [];
      for (const job of jobs) {
        const id = jobIdFor(queue, job.key);
        if (seen.has(id)) continue;
        seen.add(id);
        rows.push({ id, data: job.payload, ...(job.group ? { group: { id: job.group } } : {}) });
      }
      await boss.insert(queue, rows, { db: fromKysely(trx) });
    },
    async work(queue, handler, options = {}) {
      await ensureQueue(queue);
      await boss.work(
        queue,
        {
          localConcurrency: options.concurrency ?? 1,
          pollingIntervalSeconds: options.pollSeconds ?? 1,
          notifyPollingIntervalSeconds: options.pollSeconds ?? 1,
          ...(options.groupConcurrency ? { groupConcurrency: options.groupConcurrency } : {}),
        },
        async (jobs: Job<object>[]) => {
          for (const job of jobs) {
            await handler(job.data as never, { jobId: job.id, attempt: job.retryCount + 1 });
          }
        },
      );
    },
    async supervise() {
      await boss.supervise();
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
