import { getTasks } from 'node-cron';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { enqueueDueDigests, startDigestCron } from '../../../src/jobs/cron.ts';
import { QUEUES } from '../../../src/jobs/queues.ts';
import { postDigest } from '../../../src/pipeline/post-digest.ts';
import { ensureChannel, updateChannel } from '../../../src/store/repositories/channels.ts';
import { engineUnderTest } from '../../helpers/database.ts';
import { CHANNEL } from '../../helpers/pipeline.ts';
import { waitFor } from '../../helpers/wait.ts';
import { CHANNEL_ID, type Replica, stageFor, startReplica } from './harness.ts';
import { hoursAgo, seedSpec } from './seed.ts';

let replicas: Replica[] = [];
afterEach(async () => {
  // The replica that owns the database goes last.
  for (const r of replicas.reverse()) await r.dispose();
  replicas = [];
});

const silent = pino({ level: 'silent' });
/** 09:00 in Berlin on a Wednesday in winter (UTC+1). */
const NINE_IN_BERLIN = new Date('2026-11-25T08:00:20Z');

/** A channel with news and a weekday 09:00 Berlin schedule, on one replica or on two sharing a database. */
async function replicasWithNews(count: 1 | 2): Promise<Replica[]> {
  const a = await startReplica();
  replicas = [a];
  if (count === 2) replicas.push(await startReplica({ share: a }));
  const channel = await ensureChannel(a.store.db, CHANNEL);
  await updateChannel(a.store.db, channel.id, { digestCron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
  await seedSpec(a.store.db, { title: 'Add dark mode', at: hoursAgo(1) });
  return [...replicas];
}

const allPosts = (rs: Replica[]) => rs.flatMap((r) => r.chat.posts);

describe(`exactly one digest per channel and period (${engineUnderTest()})`, () => {
  test('two schedulers on one database tick for the same slot: one job, one post', async () => {
    const [a, b] = (await replicasWithNews(2)) as [Replica, Replica];
    const [fromA, fromB] = await Promise.all([
      enqueueDueDigests({ db: a.store.db, queue: a.queue, logger: silent }, NINE_IN_BERLIN),
      enqueueDueDigests({ db: b.store.db, queue: b.queue, logger: silent }, NINE_IN_BERLIN),
    ]);
    expect(fromA + fromB).toBe(1);
    // A restarted replica ticking a minute later still sees the slot, and still adds nothing.
    const later = new Date(NINE_IN_BERLIN.getTime() + 60_000);
    expect(await enqueueDueDigests({ db: b.store.db, queue: b.queue, logger: silent }, later)).toBe(0);

    const jobs = await a.queue.boss.findJobs(QUEUES.digest);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data).toEqual({ channelId: CHANNEL_ID, periodKey: '2026-11-25T09:00 Europe/Berlin' });
    await waitFor(async () => (await a.queue.boss.findJobs(QUEUES.digest))[0]?.state === 'completed');
    expect(allPosts([a, b])).toHaveLength(1);
    expect(allPosts([a, b])[0]?.message.sections?.[0]?.items?.[0]).toMatch(/^Add dark mode /);
    const rows = await a.store.db.selectFrom('digests').selectAll().execute();
    expect(rows.map((r) => r.period_key)).toEqual(['2026-11-25T09:00 Europe/Berlin']);
  });

  test('no slot in this minute (another zone, a weekend): nothing is enqueued', async () => {
    const [a] = (await replicasWithNews(1)) as [Replica];
    const deps = { db: a.store.db, queue: a.queue, logger: silent };
    expect(await enqueueDueDigests(deps, new Date('2026-11-25T09:00:20Z'))).toBe(0);
    expect(await enqueueDueDigests(deps, new Date('2026-11-28T08:00:20Z'))).toBe(0);
    expect(await a.queue.boss.findJobs(QUEUES.digest)).toHaveLength(0);
  });

  test('two processes running the digest job for the same period at once: the claim lets one post', async () => {
    const [a, b] = (await replicasWithNews(2)) as [Replica, Replica];
    const job = { channelId: CHANNEL_ID, periodKey: '2026-11-25T09:00 Europe/Berlin' };
    await Promise.all([
      postDigest(stageFor(a), job, { jobId: 'run-on-a' }),
      postDigest(stageFor(b), job, { jobId: 'run-on-b' }),
      postDigest(stageFor(a), job, { jobId: 'run-on-a-again' }),
    ]);
    expect(allPosts([a, b])).toHaveLength(1);
    // The claiming run, retried after the post was recorded, does nothing more.
    const [row] = await a.store.db.selectFrom('digests').selectAll().execute();
    await postDigest(stageFor(a), job, { jobId: row?.claimed_by ?? '' });
    expect(allPosts([a, b])).toHaveLength(1);
  });

  test('a retry of the run that claimed the period but died before posting finishes the post', async () => {
    const [a] = (await replicasWithNews(1)) as [Replica];
    const job = { channelId: CHANNEL_ID, periodKey: 'now:2026-11-25T08:03' };
    await postDigest(stageFor(a), job, { jobId: 'first-run' });
    // Simulate the crash: the post never happened.
    await a.store.db.updateTable('digests').set({ message_id: null, posted_at: null }).execute();
    a.chat.posts.length = 0;
    await postDigest(stageFor(a), job, { jobId: 'someone-else' });
    expect(a.chat.posts).toHaveLength(0);
    await postDigest(stageFor(a), job, { jobId: 'first-run' });
    expect(a.chat.posts).toHaveLength(1);
  });

  test('the cron is one node-cron task per process, gone after stop', async () => {
    const [a] = (await replicasWithNews(1)) as [Replica];
    const before = getTasks().size;
    const cron = startDigestCron({ db: a.store.db, queue: a.queue, logger: silent });
    expect(getTasks().size).toBe(before + 1);
    expect(await cron.tick(NINE_IN_BERLIN)).toBe(1);
    await cron.stop();
    expect(getTasks().size).toBe(before);
  });
});
