import { expect } from 'vitest';
import { eventsFor } from '../../src/store/repositories/event-log.ts';
import { type CheckRunInput, checkSuiteCompleted, pullRequestClosed } from '../fakes/github/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { fixChange } from '../integration/ci/scenario.ts';
import type { PlatformDriver } from './driver.ts';
import { mentionOf, posted } from './observations.ts';
import { REPO } from './sample-repo.ts';
import type { E2EWorld, ExecutionRow } from './world.ts';

// GitHub's side of the CI loop (test/e2e/ci-loop.ts): check results on the fake GitHub, told by a signed
// webhook or left for the poll to find, and a merge on the website told by its webhook.

/** How CI results reach Codecot: signed webhooks (GITHUB_WEBHOOK_SECRET set), or polling without them. */
export type CiPath = 'webhooks' | 'polling';

export const FAILING_RUN = 'https://ci.example/runs/1';
export const short = (sha: string) => sha.slice(0, 7);

/** GitHub's checks on the run's head (and, for a failure, on its base); with webhooks, the suite's delivery. */
export async function ciFinishes(world: E2EWorld, path: CiPath, run: ExecutionRow, pr: number, ok: boolean) {
  const head = run.head_sha as string;
  const test: CheckRunInput = ok
    ? { name: 'test', conclusion: 'success', details_url: 'https://ci.example/runs/2' }
    : {
        name: 'test',
        conclusion: 'failure',
        details_url: FAILING_RUN,
        output: { title: '1 test failed', summary: 'mul handles undefined: expected 0, got NaN' },
      };
  world.github.setCheckRuns(REPO, head, [test, { name: 'build', conclusion: 'success' }]);
  if (!ok)
    world.github.setCheckRuns(REPO, run.base_sha as string, [
      { name: 'test', conclusion: 'success' },
      { name: 'build', conclusion: 'success' },
    ]);
  if (path === 'polling') return undefined;
  const suite = checkSuiteCompleted({
    repo: REPO,
    headSha: head,
    headBranch: run.branch as string,
    conclusion: ok ? 'success' : 'failure',
    pullRequests: [{ number: pr, headRef: run.branch as string, headSha: head }],
  });
  const response = await world.webhook('check_suite', suite);
  expect(response.status).toBe(200);
  return response.deliveryId;
}

/** The run moved to `state` because of that webhook delivery, or because of a poll (no webhook at all). */
export async function expectConcludedBy(world: E2EWorld, runId: string, state: string, delivery?: string) {
  const moves = await eventsFor(world.codecot.store.db, 'execution', runId);
  const cause = moves.find((m) => m.to === state)?.cause;
  if (delivery) expect(cause).toMatchObject({ kind: 'webhook', eventId: `github:${delivery}` });
  else expect(cause).toMatchObject({ kind: 'job', detail: expect.stringMatching(/^CI poll \d+$/) });
}

/** Someone merges on GitHub; the webhook tells the thread with the history, and the decision is remembered. */
export async function mergeFlow(
  world: E2EWorld,
  driver: PlatformDriver,
  at: { mentionId: string; pr: number; url: string; second: ExecutionRow },
) {
  const seen = driver.botPosts().length;
  await world.github.mergePull(REPO, at.pr, { by: 'mona' });
  const closed = pullRequestClosed({
    repo: REPO,
    number: at.pr,
    merged: true,
    headRef: at.second.branch as string,
    headSha: at.second.head_sha as string,
    sender: 'mona',
  });
  expect((await world.webhook('pull_request', closed)).status).toBe(200);
  const merged = await posted(driver, /Merged: Add retries to the uploader/, seen);
  expect(merged.threadId).toBe(at.mentionId);
  expect(merged.text).toContain(`Pull request #${at.pr} was merged by mona: ${at.url}`);
  expect(merged.text).toMatch(/v1 iteration 1 \(approved\): failed at `[0-9a-f]{7}`, CI failed/);
  expect(merged.text).toContain(
    `v1 iteration 2 (CI fix by ${mentionOf(driver.idOf('approver'))}): succeeded at \`${short(at.second.head_sha as string)}\`, CI passed`,
  );
  expect(world.github.pulls(REPO)).toEqual([expect.objectContaining({ merged: true, state: 'closed' })]);
  expect(await world.github.readFile(REPO, 'main', 'src/mul.js')).toBe(fixChange['src/mul.js']);
  const db = world.codecot.store.db;
  await waitFor(async () => {
    const row = await db.selectFrom('pull_requests').select('state').executeTakeFirst();
    return row?.state === 'merged';
  });
  expect(
    await db.selectFrom('pull_requests').select(['number', 'state', 'closed_by', 'head_sha']).execute(),
  ).toEqual([{ number: at.pr, state: 'merged', closed_by: 'mona', head_sha: at.second.head_sha }]);
  const memory = await db
    .selectFrom('memory_items')
    .select(['text', 'source'])
    .where('scope', '=', 'repo')
    .where('scope_id', '=', REPO)
    .where('kind', '=', 'decision')
    .execute();
  expect(memory.filter((m) => m.source?.startsWith('pull_request:'))).toEqual([
    {
      text: 'Merged: Add retries to the uploader — Uploads survive transient failures.',
      source: `pull_request:${REPO}#${at.pr}`,
    },
  ]);
}
