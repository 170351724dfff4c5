import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jobIdFor } from '../../src/jobs/job-key.ts';
import { QUEUES } from '../../src/jobs/queues.ts';
import {
  checkRunCompleted,
  checkSuiteCompleted,
  deploymentStatus,
  pullRequestClosed,
  statusEvent,
} from '../fakes/github/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { seedIteration, seedPullRequest } from '../integration/ci/seed.ts';
import { type CiWorld, REPO, SECRET, startCiWorld } from '../integration/ci/world.ts';

// GitHub redelivers a webhook with the same X-GitHub-Delivery (a "Redeliver" click, a retry after a
// timeout), and redeliveries can overlap. Two pull requests wait for CI side by side: #1 gets every
// delivery once, #2 gets each delivery twice at the same time and a third time once the first was worked.
let world: CiWorld;
const answers = new Map<string, { status: number; duplicate: boolean }[]>();
const head = (n: number) => String(n).repeat(40);
const branch = (n: number) => `codecot/0000000${n}-add-mul`;

beforeAll(async () => {
  // Polls come ten minutes late: every CI result below arrives through a webhook.
  world = await startCiWorld({ env: { CODECOT_CI_POLL_SECONDS: '600' } });
  for (const n of [1, 2]) {
    const seeded = await seedPullRequest(world.codecot.store.db, {
      repo: REPO,
      number: n,
      headSha: head(n),
      thread: `170000000${n}.000100`,
    });
    await seedIteration(world.codecot.store.db, seeded.versionId, {
      iteration: 1,
      state: 'ci-pending',
      trigger: 'approval',
      headSha: head(n),
    });
    world.github.setCheckRuns(REPO, head(n), [{ name: 'test', conclusion: 'success' }]);
  }
});
afterAll(async () => world?.dispose());

/** What GitHub sends about pull request `n`, in the order it happens: CI, a preview, the merge. */
function deliveriesFor(n: number): [string, unknown][] {
  const about = { repo: REPO, headSha: head(n), headBranch: branch(n), conclusion: 'success' as const };
  const pullRequests = [{ number: n, headRef: branch(n), headSha: head(n) }];
  return [
    ['check_run', checkRunCompleted({ ...about, name: 'test', pullRequests })],
    ['check_suite', checkSuiteCompleted({ ...about, pullRequests })],
    ['status', statusEvent({ repo: REPO, sha: head(n), state: 'success', context: 'ci/external' })],
    [
      'deployment_status',
      deploymentStatus({
        repo: REPO,
        sha: head(n),
        ref: branch(n),
        state: 'success',
        environment_url: `https://pr-${n}.preview.example`,
      }),
    ],
    [
      'pull_request',
      pullRequestClosed({
        repo: REPO,
        number: n,
        merged: true,
        headRef: branch(n),
        headSha: head(n),
        sender: 'mona',
      }),
    ],
  ];
}

async function send(event: string, payload: unknown, deliveryId: string): Promise<void> {
  const response = await world.webhook(event, payload, { secret: SECRET, deliveryId });
  const seen = answers.get(deliveryId) ?? [];
  seen.push({ status: response.status, duplicate: Boolean(JSON.parse(response.body).duplicate) });
  answers.set(deliveryId, seen);
}

/** Every code host event job so far has finished. */
const worked = () =>
  waitFor(async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job
      where name = ${QUEUES.codeHostEvent} and state in ('created', 'retry', 'active')`.execute(
      world.codecot.store.db,
    );
    return rows[0]?.n === 0;
  }, 20_000);

/** The posts about pull request `n`, with its number, head and preview masked so two compare. */
const postsAbout = (n: number) =>
  world.chat
    .texts()
    .filter((text) => text.includes(`#${n}`))
    .map((text) =>
      text
        .replaceAll(`#${n}`, '#N')
        .replaceAll(`pr-${n}.`, 'pr-N.')
        .replaceAll(`/pull/${n}`, '/pull/N')
        .replaceAll(head(n).slice(0, 7), 'sha'),
    );

const perPullRequest = async (table: 'ci_reports' | 'executions', n: number) => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(table)} t
    join pull_requests p on p.head_sha = ${head(n)} and p.number = ${n}
    where ${table === 'ci_reports' ? sql`t.pull_request_id = p.id` : sql`t.spec_version_id = p.spec_version_id`}`.execute(
    world.codecot.store.db,
  );
  return rows[0]?.n;
};

describe('GitHub redeliveries', { timeout: 90_000 }, () => {
  test('#1: every delivery once', async () => {
    for (const [event, payload] of deliveriesFor(1)) {
      await send(event, payload, `once-${event}`);
      await worked();
    }
    expect(postsAbout(1).map((text) => text.trim().split('\n')[0])).toEqual([
      'CI passed on pull request #N',
      'Spec v1: Add mul',
      'Preview deployed (Preview) for pull request #N: https://pr-N.preview.example',
      'Merged: Add mul',
    ]);
  });

  test('#2: every delivery three times, two of them at once, leaves what one delivery left', async () => {
    for (const [event, payload] of deliveriesFor(2)) {
      const id = `thrice-${event}`;
      await Promise.all([send(event, payload, id), send(event, payload, id)]);
      await worked();
      await send(event, payload, id);
      await worked();
    }
    expect(postsAbout(2)).toEqual(postsAbout(1));
    for (const table of ['ci_reports', 'executions'] as const)
      expect(await perPullRequest(table, 2)).toBe(await perPullRequest(table, 1));
    const db = world.codecot.store.db;
    const prs = await db.selectFrom('pull_requests').select(['number', 'state']).orderBy('number').execute();
    expect(prs).toEqual([
      { number: 1, state: 'merged' },
      { number: 2, state: 'merged' },
    ]);
    const memory = await db.selectFrom('memory_items').select('source').orderBy('source').execute();
    expect(memory.map((m) => m.source)).toEqual([`pull_request:${REPO}#1`, `pull_request:${REPO}#2`]);
  });

  test('each delivery id is stored once, queued once, and answered as a duplicate after the first', async () => {
    const ids = [...answers.keys()].sort();
    expect(ids).toHaveLength(10);
    const stored = await world.codecot.store.db
      .selectFrom('inbound_events')
      .select('id')
      .where('id', 'like', 'github:%')
      .execute();
    expect(stored.map((row) => row.id).sort()).toEqual(ids.map((id) => `github:${id}`));
    const { rows: jobs } = await sql<{ id: string }>`
      select id from pgboss.job where name = ${QUEUES.codeHostEvent}`.execute(world.codecot.store.db);
    expect(jobs.map((job) => job.id).sort()).toEqual(
      ids.map((id) => jobIdFor(QUEUES.codeHostEvent, `github:${id}`)).sort(),
    );
    for (const id of ids) {
      const got = answers.get(id) ?? [];
      expect(got.map((a) => a.status)).toEqual(Array(id.startsWith('once') ? 1 : 3).fill(200));
      expect(
        got.filter((a) => !a.duplicate),
        id,
      ).toHaveLength(1);
    }
  });
});
