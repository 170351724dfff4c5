import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type MessageRef, messageKey } from '../../../src/domain/chat.ts';
import { QUEUES } from '../../../src/jobs/queues.ts';
import { CHANNEL, events, person } from '../../helpers/pipeline.ts';
import { scriptedAgent } from '../../helpers/scripted-agent.ts';
import { waitFor } from '../../helpers/wait.ts';
import { seedCiReport, seedIteration, seedPullRequest } from './seed.ts';
import { type CiWorld, REPO, startCiWorld } from './world.ts';

// Who may iterate and when, on seeded history (no run starts unless a rule lets it).
let world: CiWorld;
let thread = 1_700_000_100;
beforeAll(async () => {
  world = await startCiWorld({ agent: scriptedAgent([{}]), env: { CODECOT_MAX_ITERATIONS: '1' } });
});
afterAll(async () => world?.dispose());

const sha = (n: number) => String(n).repeat(40).slice(0, 40);
const ciMessageRef = (n: number): MessageRef => ({
  channel: CHANNEL,
  messageId: `1800000000.00${n}`,
  threadId: 'x',
});

async function seeded(prState = 'open') {
  thread += 1;
  const ts = `${thread}.000100`;
  const number = thread - 1_700_000_000;
  const ids = await seedPullRequest(world.codecot.store.db, {
    repo: REPO,
    number,
    headSha: sha(2),
    state: prState,
    thread: ts,
  });
  return { ...ids, ts, number };
}
const answered = async (pattern: RegExp) => {
  await waitFor(() => world.chat.texts().some((t) => pattern.test(t)), 15_000);
};
/** Every chat event job so far has finished. */
const chatEventsDone = async () => {
  const { rows } = await sql<{ n: number }>`
    select (select count(*)::int from pgboss.job
      where name = ${QUEUES.chatEvent} and state in ('created', 'retry', 'active'))
      + (select count(*)::int from inbox) as n`.execute(world.codecot.store.db);
  return rows[0]?.n === 0;
};
const iterations = async (versionId: string) =>
  (
    await world.codecot.store.db
      .selectFrom('executions')
      .select('iteration')
      .where('spec_version_id', '=', versionId)
      .execute()
  ).length;

describe('iteration rules', () => {
  test('🔁 once the CI fix limit is reached: refused with what to do instead', async () => {
    const s = await seeded();
    await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 1,
      state: 'failed',
      trigger: 'approval',
      headSha: sha(1),
    });
    const second = await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 2,
      state: 'failed',
      trigger: 'ci-fix',
      headSha: sha(2),
    });
    const ref = ciMessageRef(1);
    await seedCiReport(world.codecot.store.db, {
      executionId: second,
      pullRequestId: s.pullRequestId,
      headSha: sha(2),
      outcome: 'failed',
      messageId: messageKey(ref),
    });
    await world.sink(events.reaction(person('UA'), ref, 'repeat'));
    await answered(/already had 1 fix iterations started with :repeat: \(the limit\)\. Reply in the thread/);
    expect(await iterations(s.versionId)).toBe(2);
  });

  test('🔁 by someone who is neither an approver nor the requester does nothing', async () => {
    const s = await seeded();
    const first = await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 1,
      state: 'failed',
      trigger: 'approval',
      headSha: sha(2),
    });
    const ref = ciMessageRef(2);
    await seedCiReport(world.codecot.store.db, {
      executionId: first,
      pullRequestId: s.pullRequestId,
      headSha: sha(2),
      outcome: 'failed',
      messageId: messageKey(ref),
    });
    const before = world.chat.posts.length;
    await world.sink(events.reaction(person('UNOBODY'), ref, 'repeat'));
    await world.sink(events.reaction(person('UBOT2', { isBot: true }), ref, 'repeat'));
    await waitFor(chatEventsDone, 15_000);
    expect(world.chat.posts.slice(before)).toEqual([]);
    expect(await iterations(s.versionId)).toBe(1);
  });

  test('🔁 on the CI message of an older iteration points to the newest one', async () => {
    const s = await seeded();
    const first = await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 1,
      state: 'failed',
      trigger: 'approval',
      headSha: sha(1),
    });
    await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 2,
      state: 'succeeded',
      trigger: 'reply',
      headSha: sha(2),
    });
    const ref = ciMessageRef(3);
    await seedCiReport(world.codecot.store.db, {
      executionId: first,
      pullRequestId: s.pullRequestId,
      headSha: sha(1),
      outcome: 'failed',
      messageId: messageKey(ref),
    });
    await world.sink(events.reaction(person('UA'), ref, 'repeat'));
    await answered(/That was iteration 1; iteration 2 came after it/);
    expect(await iterations(s.versionId)).toBe(2);
  });

  test('a reply while an iteration runs is asked to wait; a reply after the merge is pointed to a new request', async () => {
    const running = await seeded();
    await seedIteration(world.codecot.store.db, running.versionId, {
      iteration: 1,
      state: 'agent',
      trigger: 'approval',
      headSha: sha(1),
    });
    await world.sink(events.message(person('UB'), 'also handle empty input', { threadId: running.ts }));
    await answered(/Iteration 1 is still running; reply again once it has finished\./);
    expect(await iterations(running.versionId)).toBe(1);

    const merged = await seeded('merged');
    await seedIteration(world.codecot.store.db, merged.versionId, {
      iteration: 1,
      state: 'succeeded',
      trigger: 'approval',
      headSha: sha(2),
    });
    await world.sink(events.message(person('UB'), 'one more thing', { threadId: merged.ts }));
    await answered(
      new RegExp(`Pull request #${merged.number} is already merged\\. Mention me with a new request`),
    );
    expect(await iterations(merged.versionId)).toBe(1);
  });

  test('❌ on the status message of a run waiting for CI stops the wait; the pull request stays open', async () => {
    const s = await seeded();
    const status = ciMessageRef(4);
    const id = await seedIteration(world.codecot.store.db, s.versionId, {
      iteration: 1,
      state: 'ci-pending',
      trigger: 'approval',
      headSha: sha(2),
      statusMessageId: messageKey(status),
    });
    await world.sink(events.reaction(person('UA'), status, 'x'));
    await answered(/Stopped waiting for CI; the pull request stays open\. \(asked by <@UA>\)/);
    const row = await world.codecot.store.db
      .selectFrom('executions')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.state).toBe('cancelled');
  });
});
