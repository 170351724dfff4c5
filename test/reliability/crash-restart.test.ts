import { afterEach, expect, test } from 'vitest';
import { openStore } from '../../src/store/database.ts';
import { engineUnderTest, serverUrl } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';
import {
  approveWithCrashes,
  outcomeOf,
  requestSpecs,
  settled,
  waitUntilSettled,
} from './spawned/crash-run.ts';
import { crashSeed } from './spawned/prng.ts';
import { SlackPeople } from './spawned/slack-people.ts';
import { REPO, type SpawnedWorld, startSpawnedWorld } from './spawned/world.ts';

// 20 approvals, the bot killed -9 at seeded random points of their runs and started again each time:
// every approval still ends in exactly one pull request and one result message in its thread.
const RUNS = Number(process.env.CODECOT_CRASH_RUNS ?? 20);
let world: SpawnedWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function crashRun(postgres: boolean) {
  const seed = crashSeed();
  console.info(
    `crash run on ${postgres ? 'PostgreSQL' : 'PGlite'}: seed ${seed} (CODECOT_CRASH_SEED=${seed} replays it)`,
  );
  world = await startSpawnedWorld({ postgres, agentSeconds: 2 });
  const bot = world.bot(postgres ? 'crash-postgres' : 'crash-pglite', {
    CODECOT_MAX_EXECUTIONS: '4',
    CODECOT_MAX_EXECUTIONS_PER_REPO: '4',
  });
  await bot.start();
  const people = new SlackPeople(world.slack, () => bot.url);
  const runs = await requestSpecs(people, RUNS);
  const kills = await approveWithCrashes(world, bot, people, runs, { seed, perRound: 3 });
  console.info(`kills: ${kills.map((k) => `${k.point}@${k.tag}+${k.delayMs}ms`).join(', ')}`);
  await waitUntilSettled(people, runs, 240_000).catch(() => undefined);

  const outcomes = runs.map((run) => outcomeOf(people, run));
  const unsettled = outcomes.filter((outcome) => !settled(outcome));
  // On a failure, say whether the bot still answered and what it did last.
  const health = unsettled.length
    ? await fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
        async (res) => `${res.status} ${await res.text()}`,
        (error: unknown) => String(error),
      )
    : '';
  expect(unsettled, `seed ${seed}; /healthz: ${health}; log tail:\n${bot.output().slice(-2_000)}`).toEqual(
    [],
  );
  // No approval lost or doubled, no result posted twice.
  expect(outcomes.map((o) => [o.tag, o.approvals, Math.min(o.results, 2)])).toEqual(
    runs.map((run) => [run.tag, 1, 1]),
  );
  // Exactly one pull request per approved run on GitHub.
  const titles = world.github
    .pulls(REPO)
    .map((pull) => pull.title)
    .sort();
  expect(titles).toEqual(runs.map((run) => `Add mul for ${run.tag}`).sort());

  // A run restarted after its result was posted may still be redoing its work: on PostgreSQL, wait
  // until every approval's latest run rests (PGlite cannot be read while the bot holds it).
  const restless = `select count(*) as n from executions e where e.state not in ('ci-pending', 'succeeded', 'failed', 'cancelled')`;
  if (postgres)
    await waitFor(
      async () => Number((await world?.query<{ n: string }>(restless))?.[0]?.n) === 0,
      120_000,
      500,
    );
  expect(await bot.stop()).toBe(0);
  const store = await openStore({ url: world.databaseUrl, dataDir: bot.dataDir });
  try {
    const rows = await store.db
      .selectFrom('executions as e')
      .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
      .select(['v.id as version', 'e.iteration', 'e.state'])
      .orderBy('v.id')
      .orderBy('e.iteration')
      .execute();
    const versions = new Set(rows.map((row) => row.version));
    expect(versions.size).toBe(RUNS);
    const last = [...versions].map((version) => rows.filter((row) => row.version === version).at(-1)?.state);
    expect(last.filter((state) => state !== 'ci-pending' && state !== 'succeeded')).toEqual([]);
    const pulls = await store.db.selectFrom('pull_requests').select('spec_version_id').execute();
    expect(new Set(pulls.map((p) => p.spec_version_id)).size).toBe(RUNS);
    expect(pulls).toHaveLength(RUNS);
    console.info(
      `executions: ${rows.length} for ${RUNS} approvals (${rows.length - RUNS} restarts after a crash), bot lives: ${bot.lives}`,
    );
  } finally {
    await store.close();
  }
}

// Opt-in (CODECOT_CRASH_RUN=1) while it is proven stable: PostgreSQL seed 1397486921 lost an approval
// until a retried approval job learned to decide again and announce what its first attempt had decided
// (it and a random seed pass since); 2 of 7 PGlite runs (seeds 11, 605986784) resumed no interrupted
// run in the last life within 4 minutes while /healthz said 200, not diagnosed. PGlite itself survives
// kill -9 (every committed row is there afterwards). PostgreSQL seed 1419352671 left a run killed during its
// push at "starting the run again from a fresh checkout" (the failure committed, the restart not) until
// both were made one transaction; replayed, a restart of a restart posted a result twice (fixed: it looks
// back to the start of its chain); replayed again, one approval was never announced as its own message
// (the run had posted its own status message, naming the approver, first): open.
const optIn = process.env.CODECOT_CRASH_RUN === '1';

test.skipIf(!serverUrl() || !optIn)(
  'PostgreSQL (opt-in: CODECOT_CRASH_RUN=1): kill -9 at random points of 20 runs loses and doubles nothing',
  { timeout: 600_000 },
  () => crashRun(true),
);

test.skipIf(engineUnderTest() !== 'pglite' || !optIn)(
  'PGlite (opt-in: CODECOT_CRASH_RUN=1): kill -9 at random points of 20 runs loses and doubles nothing',
  { timeout: 600_000 },
  () => crashRun(false),
);
