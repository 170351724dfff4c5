import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { emojiFor } from '../../src/domain/emoji.ts';
import { waitFor } from '../helpers/wait.ts';
import type { BotPost, PlatformDriver } from './driver.ts';
import { chatEventsDone, ENDED, mentionOf, PR_OPEN, posted, reached, statusMessage } from './observations.ts';
import { passingChange, REPO } from './sample-repo.ts';
import type { E2EWorld } from './world.ts';

// The product flow as people live it, written once and run on Slack and on Discord. Every check reads
// what the fake platform, the fake GitHub or the database actually hold.

const prUrl = (world: E2EWorld, number: number) => `${world.github.url}/${REPO}/pull/${number}`;

export interface ApprovedSpec {
  mentionId: string;
  v2: BotPost;
  /** The approval message, which says how to cancel the run. */
  approval: BotPost;
  executionId: string;
}

/** Mention → spec v1 in the mention's thread → reply → v2, v1 superseded → approval → one execution. */
export async function specFlow(world: E2EWorld, driver: PlatformDriver): Promise<ApprovedSpec> {
  const voteEmoji = [emojiFor('approve', driver.platform), emojiFor('reject', driver.platform)].sort();
  world.agent.play([{ files: passingChange, summary: 'Added mul with a test.' }]);
  const mentionId = await driver.mention('requester', 'uploads fail on bad wifi, add retries');
  const v1 = await posted(driver, /Spec v1: Add retries to the uploader/);
  expect(v1.threadId).toBe(mentionId);
  await waitFor(() => driver.botReactions(v1).length >= 2);
  expect(driver.botReactions(v1).sort()).toEqual(voteEmoji);

  await driver.reply('requester', mentionId, 'and back off exponentially between attempts');
  const v2 = await posted(driver, /Spec v2: Add retries with backoff to the uploader/);
  expect(v2.threadId).toBe(mentionId);
  await waitFor(() => driver.edits(v1.id).length > 0);
  expect(driver.edits(v1.id)).toEqual([expect.stringMatching(/superseded by v2/)]);
  await waitFor(() => driver.botReactions(v2).length >= 2);
  expect(driver.botReactions(v2).sort()).toEqual(voteEmoji);

  const postsBefore = driver.botPosts().length;
  await driver.react('bystander', v2, 'approve');
  await chatEventsDone(world);
  expect(await world.executions()).toEqual([]);
  expect(driver.botPosts()).toHaveLength(postsBefore);
  if (driver.notesTo) expect(driver.notesTo('bystander')).toEqual([expect.stringMatching(/not counted/)]);

  await driver.react('approver', v2, 'approve');
  const approval = await posted(driver, /Spec v2 approved by/);
  expect(approval.threadId).toBe(mentionId);
  expect(approval.text).toContain(mentionOf(driver.idOf('approver')));
  await driver.redeliverLastReaction();
  await chatEventsDone(world);
  const executions = await world.executions();
  expect(executions).toEqual([expect.objectContaining({ version: 2 })]);
  expect(driver.botPosts().filter((post) => /approved by/.test(post.text))).toHaveLength(1);
  return { mentionId, v2, approval, executionId: (executions[0] as { id: string }).id };
}

/** The approved spec runs: branch and pull request on GitHub, result in the thread, status edited in place. */
export async function executionFlow(world: E2EWorld, driver: PlatformDriver, spec: ApprovedSpec) {
  const run = await reached(world, spec.executionId, PR_OPEN);
  expect(['ci-pending', 'succeeded']).toContain(run.state);
  const branch = run.branch as string;
  expect(await world.github.readFile(REPO, branch, 'src/mul.js')).toBe(passingChange['src/mul.js']);
  const [pull, ...others] = world.github.pulls(REPO);
  expect(others).toEqual([]);
  expect(pull).toMatchObject({ number: 1, headRef: branch, draft: false, state: 'open' });
  expect(pull?.body).toContain('# Add retries with backoff to the uploader (spec v2');
  expect(pull?.body).toMatch(/## Validation\nValidation passed: 1 check, all passing\.\n\n- ✅ test: passed/);
  const url = prUrl(world, 1);

  const result = await posted(driver, /ready for review/);
  expect(result.threadId).toBe(spec.mentionId);
  expect(result.text).toContain(url);

  const { trail } = statusMessage(driver, spec.mentionId);
  expect(trail.join('\n')).toMatch(
    /Preparing a fresh checkout[\s\S]*agent is working[\s\S]*Validating[\s\S]*Pushing[\s\S]*[Pp]ull request #1/,
  );
  expect(trail.at(-1)).toContain(url);
  expect(trail.at(-1)).toContain('Validation passed');
}

/**
 * The approval message is the run's status message ("React ❌ here to cancel" is said there), even when
 * the platform is slow to take that message: the run must not start a second one.
 */
export async function approvalIsTheStatusMessage(world: E2EWorld, driver: PlatformDriver) {
  world.agent.play([{ files: passingChange }]);
  const mentionId = await driver.mention('requester', 'uploads fail on bad wifi, add retries');
  const spec = await posted(driver, /Spec v1: Add retries to the uploader/);
  await waitFor(() => driver.botReactions(spec).length >= 2);
  driver.throttleNextPost?.(3);
  await driver.react('approver', spec, 'approve');
  const approval = await posted(driver, /Spec v1 approved by/);
  const [execution] = await world.executions();
  await reached(world, execution?.id ?? '', PR_OPEN);
  expect(statusMessage(driver, mentionId).post.id).toBe(approval.id);
}

/**
 * The result message itself shows a reader "Validation passed" (not only its notification fallback).
 * Kept apart from executionFlow: it is the check that once failed on Slack.
 */
export async function resultSaysValidationPassed(driver: PlatformDriver, spec: ApprovedSpec) {
  const result = await posted(driver, /ready for review/);
  expect(result.threadId).toBe(spec.mentionId);
  expect(result.text).toContain('Validation passed: 1 check, all passing.');
}

/** `/codecot cancel` while the agent sleeps in the sandbox: cancelled within seconds, nothing pushed. */
export async function cancelFlow(world: E2EWorld, driver: PlatformDriver) {
  const marker = `codecot-e2e-cancel-${driver.platform}-${Date.now()}`;
  const sleeping = () =>
    execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((line) => line.includes(marker));
  world.agent.play([{ command: `sleep 90 # ${marker}` }]);
  const seen = driver.botPosts().length;
  const pushes = () => world.github.gitRequests.filter((r) => r.path.includes('git-receive-pack')).length;
  const [pushesBefore, pullsBefore] = [pushes(), world.github.pulls(REPO).length];

  const mentionId = await driver.mention('requester', 'add a mul function');
  const spec = await posted(driver, /Spec v1:/, seen);
  expect(spec.threadId).toBe(mentionId);
  await driver.react('approver', spec, 'approve');
  await posted(driver, /Spec v1 approved by/, seen);
  const execution = (await world.executions()).at(-1);
  expect(execution).toMatchObject({ version: 1 });
  await waitFor(() => sleeping().length > 0, 30_000);

  expect(await driver.command('bystander', 'cancel')).toMatch(/Only this channel's approvers/);
  const asked = Date.now();
  expect(await driver.command('approver', 'cancel')).toMatch(/Cancelling/);
  const run = await reached(world, execution?.id ?? '', ENDED, 20_000);
  expect(run.state).toBe('cancelled');
  expect(Date.now() - asked).toBeLessThan(15_000);
  expect(await world.github.branchSha(REPO, run.branch ?? 'none')).toBeUndefined();
  expect(pushes()).toBe(pushesBefore);
  expect(world.github.pulls(REPO)).toHaveLength(pullsBefore);
  expect(sleeping()).toEqual([]);
  // The state changes first, then the status message is edited: wait for the edit.
  const cancelled = new RegExp(`Cancelled by ${mentionOf(driver.idOf('approver'))}.*nothing was pushed`);
  await waitFor(() => cancelled.test(statusMessage(driver, mentionId).trail.at(-1) ?? ''));
  expect(statusMessage(driver, mentionId).trail.at(-1)).toMatch(cancelled);
}
