import type { Kysely } from 'kysely';
import { type ScheduledTask, schedule } from 'node-cron';
import type { Logger } from '../logger.ts';
import { digestSchedules } from '../store/repositories/digests.ts';
import type { Database } from '../store/tables.ts';
import { firesAt, periodKey, startOfMinute } from './digest-schedule.ts';
import type { JobQueue } from './queue.ts';
import { QUEUES } from './queues.ts';

/** The digest job's payload; its key is `<channelId>:<periodKey>`. */
export interface DigestJob {
  channelId: string;
  periodKey: string;
}

export function enqueueDigest(queue: JobQueue, job: DigestJob, trx?: Kysely<Database>): Promise<boolean> {
  return queue.enqueue(QUEUES.digest, job, {
    key: `${job.channelId}:${job.periodKey}`,
    ...(trx ? { trx } : {}),
  });
}

export interface CronDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
}

export interface DigestCron {
  /** Enqueues the digests due at `at`; returns how many jobs were new. The minute task calls this. */
  tick(at: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * One node-cron task per process, every minute, that only enqueues: each channel's schedule is
 * checked in its own time zone, and the job key (channel and period) lets every replica tick while
 * exactly one job exists per digest.
 */
export function startDigestCron(deps: CronDeps): DigestCron {
  const tick = (at: Date) => enqueueDueDigests(deps, at);
  const task: ScheduledTask = schedule(
    '* * * * *',
    async (context) => {
      await tick(context.date).catch((err: unknown) => deps.logger.error({ err }, 'digest cron tick failed'));
    },
    {
      name: 'codecot-digests',
      noOverlap: true,
      logger: {
        info: (message) => deps.logger.debug(message),
        warn: (message) => deps.logger.warn(message),
        error: (message) => deps.logger.error(String(message)),
        debug: (message) => deps.logger.debug(String(message)),
      },
    },
  );
  return {
    tick,
    async stop() {
      await task.destroy();
    },
  };
}

/**
 * Looks at the current minute and the one before, so a tick that ran late or a restart across a
 * slot still enqueues it; a slot seen twice has the same key and is not enqueued again.
 */
export async function enqueueDueDigests(deps: CronDeps, at: Date): Promise<number> {
  const now = startOfMinute(at);
  const minutes = [new Date(now.getTime() - 60_000), now];
  let fresh = 0;
  for (const channel of await digestSchedules(deps.db)) {
    for (const minute of minutes) {
      let due: boolean;
      try {
        due = firesAt(channel.cron, channel.timezone, minute);
      } catch (err) {
        deps.logger.warn({ err, channelId: channel.channelId }, 'unusable digest schedule');
        break;
      }
      if (!due) continue;
      const job = { channelId: channel.channelId, periodKey: periodKey(minute, channel.timezone) };
      if (await enqueueDigest(deps.queue, job)) fresh += 1;
    }
  }
  return fresh;
}
