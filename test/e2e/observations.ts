import { expect } from 'vitest';
import { QUEUES } from '../../src/jobs/queues.ts';
import { waitFor } from '../helpers/wait.ts';
import type { BotPost, PlatformDriver } from './driver.ts';
import type { E2EWorld } from './world.ts';

// Reading what happened: bot posts as the platform got them, execution states, the status message.

/** The first bot post after the first `since` ones whose visible text matches. */
export async function posted(driver: PlatformDriver, pattern: RegExp, since = 0): Promise<BotPost> {
  const find = () =>
    driver
      .botPosts()
      .slice(since)
      .find((post) => pattern.test(post.text));
  await waitFor(() => find() !== undefined, 30_000);
  return find() as BotPost;
}

export const ENDED = ['succeeded', 'failed', 'cancelled'];
/**
 * Where a run rests once its pull request is open: CI is followed (ci-pending) or there is none.
 * `pr-open` itself is passed through within the same job, so it is not a resting state.
 */
export const PR_OPEN = ['ci-pending', ...ENDED];

/** Waits until the execution is in one of `states`; resolves with its row. */
export async function reached(world: E2EWorld, executionId: string, states: string[], timeoutMs = 45_000) {
  const row = async () => (await world.executions()).find((e) => e.id === executionId);
  await waitFor(async () => states.includes((await row())?.state ?? ''), timeoutMs, 200);
  return (await row()) as NonNullable<Awaited<ReturnType<typeof row>>>;
}

/**
 * The one message in the thread that shows the run's progress, with what it said first and every edit
 * since: a run has one status message, edited in place, never a new message per state.
 */
export function statusMessage(driver: PlatformDriver, threadId: string): { post: BotPost; trail: string[] } {
  const shown = driver
    .botPosts()
    .filter((post) => post.threadId === threadId)
    .map((post) => ({ post, trail: [post.text, ...driver.edits(post.id)] }))
    .filter(({ trail }) => trail.some((text) => /Preparing a fresh checkout/.test(text)));
  expect(shown).toHaveLength(1);
  return shown[0] as { post: BotPost; trail: string[] };
}

/** Resolves once every chat event delivered so far has been worked (nothing of it is left to happen). */
export const chatEventsDone = (world: E2EWorld) => waitFor(() => world.idle(QUEUES.chatEvent), 20_000);

/** How the bot writes a mention of a person in its messages: `<@U0APPROVER>`, `<@1234…>`. */
export const mentionOf = (canonicalId: string) => `<@${canonicalId.slice(canonicalId.indexOf(':') + 1)}>`;
