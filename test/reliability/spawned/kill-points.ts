import { waitFor } from '../../helpers/wait.ts';
import type { SlackPeople } from './slack-people.ts';
import type { SpawnedWorld } from './world.ts';

/** Where in a run the bot is killed. */
export type KillPoint = 'approved' | 'agent' | 'validation' | 'push' | 'pull-request' | 'result';
export const KILL_POINTS: readonly KillPoint[] = [
  'approved',
  'agent',
  'validation',
  'push',
  'pull-request',
  'result',
];

/** The visible result of a run: the result message ("… — ready for review" and its variants). */
export const RESULT = /— (ready for review|validation failed|needs a look)/;

const statusSays = (people: SlackPeople, threadTs: string, pattern: RegExp) =>
  people.thread(threadTs).some((post) => post.trail.some((text) => pattern.test(text)));

/**
 * Resolves the moment the run of the thread `threadTs` (tagged `tag`) reaches `point`, as seen from
 * outside: the status message (agent, validation, push), the pull request request arriving at GitHub,
 * the result message arriving at Slack. 'approved' is reached when the approval was acknowledged.
 */
export async function reachedPoint(
  world: SpawnedWorld,
  people: SlackPeople,
  point: KillPoint,
  run: { threadTs: string; tag: string },
): Promise<void> {
  const timeout = 120_000;
  if (point === 'approved') return;
  if (point === 'agent')
    return waitFor(() => statusSays(people, run.threadTs, /The agent is working/), timeout, 20);
  if (point === 'validation')
    return waitFor(() => statusSays(people, run.threadTs, /Validating: check/), timeout, 20);
  if (point === 'push') return waitFor(() => statusSays(people, run.threadTs, /Pushing `/), timeout, 20);
  if (point === 'result')
    return waitFor(
      () => people.thread(run.threadTs).some((post) => RESULT.test(post.trail[0] ?? '')),
      timeout,
      10,
    );
  // The request is recorded as GitHub answers it: the bot has not read the answer yet.
  await world.github.waitForRequest(
    (request) =>
      request.method === 'POST' &&
      request.path === '/repos/acme/widgets/pulls' &&
      String((request.body as { title?: string }).title).endsWith(` ${run.tag}`),
    timeout,
  );
}
