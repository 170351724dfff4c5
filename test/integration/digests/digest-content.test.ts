import { afterEach, describe, expect, test } from 'vitest';
import type { RichMessage } from '../../../src/domain/chat.ts';
import { enqueueDigest } from '../../../src/jobs/cron.ts';
import { engineUnderTest } from '../../helpers/database.ts';
import { waitFor } from '../../helpers/wait.ts';
import { CHANNEL_ID, type Replica, startReplica } from './harness.ts';
import { hoursAgo, seedCheck, seedExecution, seedPullRequest, seedSpec, seedVote } from './seed.ts';

let replica: Replica | undefined;
afterEach(async () => {
  await replica?.dispose();
  replica = undefined;
});

const link = (ts: string) => `https://chat.example/C1/${ts}`;

async function digestRows(r: Replica) {
  return r.store.db.selectFrom('digests').selectAll().where('channel_id', '=', CHANNEL_ID).execute();
}

/** Runs a digest (through `/codecot digest now`, or enqueued for a period) and waits until it has claimed its period. */
async function digest(r: Replica, periodKey?: string): Promise<RichMessage | undefined> {
  const before = (await digestRows(r)).length;
  const postsBefore = r.chat.posts.length;
  if (periodKey) await enqueueDigest(r.queue, { channelId: CHANNEL_ID, periodKey });
  else expect(await r.command('digest', 'now')).toContain('A digest of what happened since the last one');
  await waitFor(async () => {
    const rows = await digestRows(r);
    return rows.length > before && rows.every((d) => d.posted_at || isEmpty(d.content));
  });
  return r.chat.posts.slice(postsBefore)[0]?.message;
}

const isEmpty = (content: Record<string, unknown>) =>
  Object.values(content.sections as Record<string, unknown[]>).every((items) => items.length === 0);

const section = (message: RichMessage | undefined, heading: string) =>
  message?.sections?.find((s) => s.heading === heading)?.items ?? [];

describe(`digest content from a seeded database (${engineUnderTest()})`, () => {
  test('each section lists what happened since the last digest, with the link to its thread or PR', async () => {
    replica = await startReplica();
    const db = replica.store.db;
    // Discussed and waiting: a new request with its spec still awaiting approval.
    const darkMode = await seedSpec(db, { title: 'Add dark mode', at: hoursAgo(5) });
    // Decided: one approved (and shipped: PR opened, CI red), one rejected, one decided long ago.
    const retries = await seedSpec(db, {
      title: 'Retry uploads',
      at: hoursAgo(72),
      state: 'approved',
      decidedAt: hoursAgo(3),
    });
    await seedVote(db, retries.versionId, 'slack:UA', 'white_check_mark');
    await seedVote(db, retries.versionId, 'slack:UB', 'white_check_mark');
    const ie11 = await seedSpec(db, {
      title: 'Drop IE11',
      at: hoursAgo(72),
      state: 'rejected',
      decidedAt: hoursAgo(2),
    });
    await seedVote(db, ie11.versionId, 'slack:UB', 'x');
    const old = await seedSpec(db, {
      title: 'Old cleanup',
      at: hoursAgo(90),
      state: 'approved',
      decidedAt: hoursAgo(80),
    });
    await seedExecution(db, retries.versionId, {
      state: 'ci-pending',
      at: hoursAgo(1),
      validationOutcome: 'passed',
    });
    const pr12 = await seedPullRequest(db, retries.versionId, {
      number: 12,
      state: 'open',
      openedAt: hoursAgo(1),
    });
    await seedCheck(db, pr12, { name: 'lint', conclusion: 'failure' });
    await seedCheck(db, pr12, { name: 'unit', conclusion: 'success' });
    await seedCheck(db, pr12, { name: 'stale', conclusion: 'failure', headSha: 'older-head' });
    // Shipped: merged in the window although opened before it.
    await seedExecution(db, old.versionId, { state: 'succeeded', at: hoursAgo(1) });
    await seedPullRequest(db, old.versionId, {
      number: 7,
      state: 'merged',
      openedAt: hoursAgo(70),
      updatedAt: hoursAgo(1),
    });
    // Failing: a failed run; not failing: an old failure, and a failure fixed by a later run.
    const search = await seedSpec(db, { title: 'Speed up search', at: hoursAgo(72), state: 'approved' });
    await seedExecution(db, search.versionId, {
      state: 'failed',
      at: hoursAgo(2),
      error: 'agent timed out\nstack…',
    });
    const ancient = await seedSpec(db, { title: 'Ancient failure', at: hoursAgo(900), state: 'approved' });
    await seedExecution(db, ancient.versionId, { state: 'failed', at: hoursAgo(500), error: 'gone' });
    const fixed = await seedSpec(db, { title: 'Fixed later', at: hoursAgo(72), state: 'approved' });
    await seedExecution(db, fixed.versionId, { state: 'failed', at: hoursAgo(6), error: 'flaky' });
    await seedExecution(db, fixed.versionId, {
      state: 'succeeded',
      at: hoursAgo(4),
      iteration: 2,
      createdAt: hoursAgo(5),
    });
    // Waiting: a run that has not moved for three hours.
    const stuck = await seedSpec(db, { title: 'Rename config', at: hoursAgo(72), state: 'approved' });
    await seedExecution(db, stuck.versionId, { state: 'queued', at: hoursAgo(3) });

    const posted = await digest(replica);
    expect(replica.chat.posts).toHaveLength(1);
    expect(replica.chat.posts[0]?.replyTo).toBeUndefined();
    expect(posted?.sections?.map((s) => s.heading)).toEqual([
      'Discussed',
      'Decided',
      'Shipped',
      'Failing',
      'Waiting',
    ]);
    expect(section(posted, 'Discussed')).toEqual([`Add dark mode (${link(darkMode.requestTs)})`]);
    expect(section(posted, 'Decided')).toEqual([
      `Approved: Retry uploads (v1) by <@UA>, <@UB> (${link(retries.specMessageTs)})`,
      `Rejected: Drop IE11 (v1) by <@UB> (${link(ie11.specMessageTs)})`,
    ]);
    expect(section(posted, 'Shipped')).toEqual([
      'Merged acme/widgets#7: Old cleanup (https://github.test/acme/widgets/pull/7)',
      'Opened acme/widgets#12: Retry uploads (https://github.test/acme/widgets/pull/12)',
    ]);
    expect(section(posted, 'Failing')).toEqual([
      `Speed up search: run failed (agent timed out) (${link(search.specMessageTs)})`,
      'Retry uploads: CI failing (lint) (https://github.test/acme/widgets/pull/12)',
    ]);
    expect(section(posted, 'Waiting')).toEqual([
      `Add dark mode (v1): awaiting approval for 5h (${link(darkMode.specMessageTs)})`,
      `Rename config: run stuck in queued for 3h (${link(stuck.specMessageTs)})`,
    ]);
    expect(posted?.text).toBe('Codecot digest: 1 discussed, 2 decided, 2 shipped, 2 failing, 2 waiting.');
    const [row] = await digestRows(replica);
    expect(row?.message_id).toBe(`${CHANNEL_ID}:${replica.chat.posts[0]?.ref.messageId}`);
    expect(row?.posted_at).not.toBeNull();
  });

  test('nothing happened: nothing is posted, and the period is still recorded', async () => {
    replica = await startReplica();
    const db = replica.store.db;
    // Everything here happened before the window and is settled.
    const done = await seedSpec(db, {
      title: 'Shipped long ago',
      at: hoursAgo(100),
      state: 'approved',
      decidedAt: hoursAgo(99),
    });
    await seedExecution(db, done.versionId, { state: 'succeeded', at: hoursAgo(98) });
    await seedPullRequest(db, done.versionId, {
      number: 3,
      state: 'merged',
      openedAt: hoursAgo(98),
      updatedAt: hoursAgo(97),
    });
    await seedSpec(db, {
      title: 'Rejected long ago',
      at: hoursAgo(100),
      state: 'rejected',
      decidedAt: hoursAgo(99),
    });

    expect(await digest(replica)).toBeUndefined();
    expect(replica.chat.posts).toHaveLength(0);
    const [row] = await digestRows(replica);
    expect(row).toMatchObject({ message_id: null, posted_at: null });
  });

  test('the next digest covers only what happened after the previous one', async () => {
    replica = await startReplica();
    const db = replica.store.db;
    await seedSpec(db, {
      title: 'First request',
      at: hoursAgo(2),
      state: 'rejected',
      decidedAt: hoursAgo(1),
    });
    const first = await digest(replica, '2026-11-24T09:00 UTC');
    expect(section(first, 'Discussed')).toHaveLength(1);
    expect(section(first, 'Decided')).toHaveLength(1);
    expect(await digest(replica, '2026-11-25T09:00 UTC')).toBeUndefined();
    await seedSpec(db, { title: 'Second request', at: new Date() });
    const third = await digest(replica, '2026-11-26T09:00 UTC');
    expect(section(third, 'Discussed')).toEqual([expect.stringMatching(/^Second request /)]);
    expect(section(third, 'Decided')).toEqual([]);
    expect(replica.chat.posts).toHaveLength(2);
  });
});
