import { sql } from 'kysely';
import { expect } from 'vitest';
import { QUEUES } from '../../src/jobs/queues.ts';
import { posted, reached } from '../e2e/observations.ts';
import { passingChange, REPO } from '../e2e/sample-repo.ts';
import {
  checkRunCompleted,
  checkSuiteCompleted,
  deploymentStatus,
  pullRequestClosed,
  statusEvent,
} from '../fakes/github/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { expectEachDeliveryStoredOnce, type Outcome, outcomeOf } from './redelivery-outcome.ts';
import { type RedeliveryWorld, startRedeliveryWorld } from './redelivery-world.ts';

// One whole scenario, as people and GitHub live it; the world decides how often each event arrives.

/** Resolves once no job is waiting or running, CI polls aside (the first is ten minutes away). */
async function atRest(rw: RedeliveryWorld): Promise<void> {
  await rw.settle();
  await waitFor(async () => {
    const { rows } = await sql<{ n: number }>`
      select (select count(*)::int from pgboss.job
        where name <> ${QUEUES.watchCi} and state in ('created', 'retry', 'active'))
        + (select count(*)::int from inbox) as n`.execute(rw.world.codecot.store.db);
    return rows[0]?.n === 0;
  }, 30_000);
}

/**
 * Mention → spec v1 → reply → v2 (v1 superseded) → a vote on v1 (pointed to v2) → a bystander's and the
 * approver's votes on v2 → one execution → pull request → CI webhooks → preview → merge webhook →
 * `/codecot digest now`. Each step waits for its outcome, then for rest, so runs compare.
 */
export async function wholeScenario(rw: RedeliveryWorld): Promise<{ digestReply: string }> {
  const { world, driver } = rw;
  world.agent.play([{ files: passingChange, summary: 'Added mul with a test.' }]);
  const mentionId = await driver.mention('requester', 'uploads fail on bad wifi, add retries');
  const v1 = await posted(driver, /Spec v1: Add retries to the uploader/);
  await waitFor(() => driver.botReactions(v1).length >= 2);
  await atRest(rw);

  await driver.reply('requester', mentionId, 'and back off exponentially between attempts');
  const v2 = await posted(driver, /Spec v2: Add retries with backoff to the uploader/);
  await waitFor(() => driver.edits(v1.id).length > 0 && driver.botReactions(v2).length >= 2);
  await atRest(rw);

  await driver.react('requester', v1, 'approve');
  await posted(driver, /Spec v1 was superseded/);
  await driver.react('bystander', v2, 'approve');
  await atRest(rw);
  await driver.react('approver', v2, 'approve');
  await posted(driver, /Spec v2 approved by/);
  await atRest(rw);

  const [execution] = await world.executions();
  const run = await reached(world, execution?.id ?? 'none', ['ci-pending']);
  const sha = run.head_sha as string;
  const branch = run.branch as string;
  world.github.setCheckRuns(REPO, sha, [{ name: 'test', conclusion: 'success' }]);
  const pulls = [{ number: 1, headRef: branch, headSha: sha }];
  await rw.webhook(
    'check_run',
    checkRunCompleted({
      repo: REPO,
      headSha: sha,
      headBranch: branch,
      conclusion: 'success',
      name: 'test',
      pullRequests: pulls,
    }),
  );
  await rw.webhook(
    'check_suite',
    checkSuiteCompleted({
      repo: REPO,
      headSha: sha,
      headBranch: branch,
      conclusion: 'success',
      pullRequests: pulls,
    }),
  );
  await rw.webhook('status', statusEvent({ repo: REPO, sha, state: 'success', context: 'ci/external' }));
  await posted(driver, /CI passed on pull request #1/);
  await reached(world, run.id, ['succeeded']);
  await rw.webhook(
    'deployment_status',
    deploymentStatus({
      repo: REPO,
      sha,
      ref: branch,
      state: 'success',
      environment_url: 'https://pr-1.preview.example',
    }),
  );
  await posted(driver, /Preview deployed \(Preview\) for pull request #1/);
  await atRest(rw);

  await world.github.mergePull(REPO, 1, { by: 'mona' });
  await rw.webhook(
    'pull_request',
    pullRequestClosed({ repo: REPO, number: 1, merged: true, headRef: branch, headSha: sha, sender: 'mona' }),
  );
  await posted(driver, /Merged: Add retries with backoff to the uploader/);
  await atRest(rw);

  const digestReply = await driver.command('approver', 'digest now');
  expect(digestReply).toMatch(/on its way/);
  await posted(driver, /Codecot digest/);
  await atRest(rw);
  return { digestReply };
}

/** The whole scenario on `platform` with every inbound event delivered `copies` times: what it left. */
export async function scenarioOutcome(platform: 'slack' | 'discord', copies: number): Promise<Outcome> {
  const rw = await startRedeliveryWorld(platform, copies);
  try {
    const { digestReply } = await wholeScenario(rw);
    expect(digestReply).toMatch(/on its way/);
    await expectEachDeliveryStoredOnce(rw);
    return await outcomeOf(rw);
  } finally {
    await rw.stop();
  }
}
