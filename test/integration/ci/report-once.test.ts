import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { jobIdFor } from '../../../src/jobs/job-key.ts';
import { QUEUES } from '../../../src/jobs/queues.ts';
import { ciWatchKey, type WatchPayload } from '../../../src/pipeline/follow-ci.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import {
  ciMessage,
  ciMessagesAbout,
  firstChange,
  iterationIn,
  passCi,
  type Run,
  repoFiles,
  requestAndApprove,
} from './scenario.ts';
import { type CiWorld, REPO, startCiWorld } from './world.ts';

// A CI report is claimed once per head; these are the ways a second evaluation of the same head (a
// poll, a second webhook, a retried job) meets a report that is claimed but not posted yet.
let world: CiWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

async function pendingRun(): Promise<{ w: CiWorld; run: Run }> {
  world = await startCiWorld({ agent: scriptedAgent([{ files: firstChange }]), files: repoFiles });
  await requestAndApprove(world, 'add a mul function');
  return { w: world, run: await iterationIn(world, 1, 'ci-pending') };
}

/** Runs one extra CI poll of the run now, as a poll job left over from before would, and waits for it. */
async function pollOnce(w: CiWorld, run: Run, key: string) {
  const payload: WatchPayload = {
    executionId: run.id,
    sha: run.head_sha as string,
    since: new Date().toISOString(),
    poll: 40,
  };
  await w.codecot.queue.enqueue(QUEUES.watchCi, payload, { key });
  const id = jobIdFor(QUEUES.watchCi, key);
  await waitFor(async () => {
    const { rows } = await sql<{ state: string }>`select state from pgboss.job where id = ${id}`.execute(
      w.codecot.store.db,
    );
    return rows[0]?.state === 'completed';
  }, 15_000);
}

const report = (w: CiWorld) =>
  w.codecot.store.db
    .selectFrom('ci_reports')
    .select(['message_id', 'delivering_until'])
    .executeTakeFirstOrThrow();

describe('one CI message per head, whoever evaluates it', { timeout: 120_000 }, () => {
  test('a poll while the claimer is still posting posts nothing and looks again after the hold', async () => {
    const { w, run } = await pendingRun();
    const hold = w.chat.holdNextPost(/CI check/);
    passCi(w, run);
    await hold.arrived;
    await pollOnce(w, run, 'second-look');
    const next = jobIdFor(QUEUES.watchCi, `${ciWatchKey(REPO, 1, run.head_sha as string)}/poll-41`);
    const { rows } = await sql<{ wait: number }>`
      select extract(epoch from start_after - now())::float as wait from pgboss.job where id = ${next}`.execute(
      w.codecot.store.db,
    );
    expect(rows[0]?.wait).toBeGreaterThan(30);
    hold.release();
    await ciMessage(w, /^CI passed on pull request #1$/);
    await waitFor(async () => (await report(w)).message_id !== null, 10_000);
    expect(ciMessagesAbout(w)).toHaveLength(1);
    expect(await report(w)).toMatchObject({ delivering_until: null });
  });

  test('a report whose poster died before posting is posted by the next poll once the hold ran out', async () => {
    const { w, run } = await pendingRun();
    const hold = w.chat.holdNextPost(/CI check/);
    passCi(w, run);
    await hold.arrived;
    // The poster "dies": its post never returns, and its hold is over.
    await w.codecot.store.db
      .updateTable('ci_reports')
      .set({ delivering_until: sql<Date>`now() - interval '1 second'` })
      .execute();
    await pollOnce(w, run, 'after-the-death');
    await ciMessage(w, /^CI passed on pull request #1$/);
    expect(ciMessagesAbout(w)).toHaveLength(1);
    expect((await report(w)).message_id).not.toBeNull();
  });

  test('a failed post gives the delivery back at once: the next poll posts it', async () => {
    const { w, run } = await pendingRun();
    w.chat.failNextPost(/CI check/);
    passCi(w, run);
    await waitFor(async () => {
      const r = await w.codecot.store.db
        .selectFrom('ci_reports')
        .select('delivering_until')
        .executeTakeFirst();
      return r !== undefined && r.delivering_until === null;
    }, 30_000);
    expect(ciMessagesAbout(w)).toHaveLength(0);
    await pollOnce(w, run, 'after-the-failure');
    await ciMessage(w, /^CI passed on pull request #1$/);
    expect(ciMessagesAbout(w)).toHaveLength(1);
  });
});
