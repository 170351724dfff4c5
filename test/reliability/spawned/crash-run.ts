import { waitFor } from '../../helpers/wait.ts';
import type { BotProcess } from './bot-process.ts';
import { KILL_POINTS, type KillPoint, RESULT, reachedPoint } from './kill-points.ts';
import { seededRandom, shuffled } from './prng.ts';
import type { SlackPeople } from './slack-people.ts';
import type { SpawnedWorld } from './world.ts';

/** One requested change: its thread, its tag (in the spec title and the PR title), its spec post. */
export interface Run {
  tag: string;
  threadTs: string;
  specTs: string;
}

export interface Kill {
  point: KillPoint;
  tag: string;
  /** Extra milliseconds waited after the point was seen. */
  delayMs: number;
}

/** Mentions the bot `count` times (a few at once) and waits for each thread's spec. */
export async function requestSpecs(people: SlackPeople, count: number, prefix = 'task'): Promise<Run[]> {
  const runs: Run[] = [];
  for (let start = 1; start <= count; start += 5) {
    const tags = Array.from({ length: Math.min(5, count - start + 1) }, (_, i) => `${prefix}-${start + i}`);
    runs.push(
      ...(await Promise.all(
        tags.map(async (tag) => {
          const threadTs = await people.mention(`${tag}: add a mul function with a test`);
          const spec = await people.posted(threadTs, /Spec v1:/);
          return { tag, threadTs, specTs: spec.ts };
        }),
      )),
    );
  }
  return runs;
}

/**
 * Approves the runs `perRound` at a time; in each round one of them is followed to a kill point (every
 * point in turn, in a seeded order) and the bot is killed -9 there, after a random few milliseconds,
 * then started again at once. The other runs of the round die wherever they happen to be.
 */
export async function approveWithCrashes(
  world: SpawnedWorld,
  bot: BotProcess,
  people: SlackPeople,
  runs: Run[],
  options: { seed: number; perRound: number },
): Promise<Kill[]> {
  const random = seededRandom(options.seed);
  const rounds = Math.ceil(runs.length / options.perRound);
  const points = Array.from({ length: Math.ceil(rounds / KILL_POINTS.length) }, () =>
    shuffled(KILL_POINTS, random),
  ).flat();
  const order = shuffled(runs, random);
  const kills: Kill[] = [];
  for (let round = 0; round < rounds; round++) {
    const batch = order.slice(round * options.perRound, (round + 1) * options.perRound);
    const target = batch[Math.floor(random() * batch.length)] as Run;
    const point = points[round] as KillPoint;
    // The pull request and result windows last milliseconds: those kills come at once.
    const delayMs = point === 'pull-request' || point === 'result' ? 0 : Math.floor(random() * 300);
    const kill = { point, tag: target.tag, delayMs };
    kills.push(kill);
    for (const run of batch) await people.approve(run.specTs);
    await reachedPoint(world, people, kill.point, target);
    if (kill.delayMs) await new Promise((resolve) => setTimeout(resolve, kill.delayMs));
    await bot.restart();
  }
  return kills;
}

/** What each thread ended up showing. */
export interface ThreadOutcome {
  tag: string;
  approvals: number;
  results: number;
  /** The last text of the thread's last status message. */
  lastStatus: string;
}

export function outcomeOf(people: SlackPeople, run: Run): ThreadOutcome {
  const posts = people.thread(run.threadTs);
  const statuses = posts.filter((post) =>
    post.trail.some((text) => /Preparing a fresh checkout|interrupted/.test(text)),
  );
  return {
    tag: run.tag,
    approvals: posts.filter((post) => /^Spec v\d+ approved by/.test(post.trail[0] ?? '')).length,
    results: posts.filter((post) => RESULT.test(post.trail[0] ?? '')).length,
    lastStatus: statuses.at(-1)?.trail.at(-1) ?? '',
  };
}

/** A thread knows its outcome: a result message, or a status saying it failed and will not go on. */
export const settled = (outcome: ThreadOutcome) =>
  outcome.results > 0 || /Failed: .*(not restarting|React)/.test(outcome.lastStatus);

export async function waitUntilSettled(people: SlackPeople, runs: Run[], timeoutMs: number): Promise<void> {
  await waitFor(() => runs.every((run) => settled(outcomeOf(people, run))), timeoutMs, 500);
}
