import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { serverUrl } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';
import type { BotProcess } from './spawned/bot-process.ts';
import { outcomeOf, requestSpecs, waitUntilSettled } from './spawned/crash-run.ts';
import { RESULT, reachedPoint } from './spawned/kill-points.ts';
import { SlackPeople } from './spawned/slack-people.ts';
import { REPO, type SpawnedWorld, startSpawnedWorld } from './spawned/world.ts';

// Two bot processes on one PostgreSQL database share the work: Slack events go to either one (in
// turn), both run the digest cron, and when one dies mid-execution the other finishes the run.
// PGlite is one process's embedded database: replicas cannot share it.
let world: SpawnedWorld | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function twoReplicas(
  label: string,
): Promise<{ replicas: BotProcess[]; people: SlackPeople; world: SpawnedWorld }> {
  const started = await startSpawnedWorld({ postgres: true, agentSeconds: 4 });
  world = started;
  const replicas = ['a', 'b'].map((name) => {
    const dataDir = mkdtempSync(join(tmpdir(), `codecot-replica-${name}-`));
    dirs.push(dataDir);
    return started.bot(`${label}-${name}`, {
      CODECOT_DATA_DIR: dataDir,
      CODECOT_MAX_EXECUTIONS_PER_REPO: '2',
    });
  });
  await Promise.all(replicas.map((replica) => replica.start()));
  let turn = 0;
  // Each delivery goes to the next live replica, as a load balancer would send it.
  const people = new SlackPeople(started.slack, () => {
    const live = replicas.filter((replica) => replica.running);
    turn += 1;
    return (live[turn % live.length] ?? (replicas[0] as BotProcess)).url;
  });
  return { replicas, people, world: started };
}

/** A spec as posted: "Spec v1: <title>", neither the run's status ("(approved by …)") nor its result. */
const isSpecPost = (text: string) =>
  /^Spec v1: /.test(text) && !RESULT.test(text) && !/\(approved by/.test(text);

const countOf = async (world: SpawnedWorld, from: string) =>
  Number((await world.query<{ n: string }>(`select count(*) as n from ${from}`))[0]?.n);

test.skipIf(!serverUrl())(
  'two replicas, events alternating between them: every intent, spec, run, PR, post and digest once',
  {
    timeout: 500_000,
  },
  async () => {
    const { replicas, people, world } = await twoReplicas('replicas');
    // A scheduled digest two minutes from now: both replicas' cron ticks will find it due.
    const slot = (new Date().getUTCMinutes() + 2) % 60;
    expect(await people.command(`digest schedule ${slot} * * * * UTC`)).toMatch(/Digests now run at/);
    const runs = await requestSpecs(people, 6);
    for (const run of runs) await people.approve(run.specTs);
    await waitUntilSettled(people, runs, 240_000);

    for (const run of runs) {
      const specs = people.thread(run.threadTs).filter((post) => isSpecPost(post.trail[0] ?? ''));
      expect([run.tag, specs.length]).toEqual([run.tag, 1]);
      expect(outcomeOf(people, run)).toMatchObject({ approvals: 1, results: 1 });
    }
    const titles = world.github
      .pulls(REPO)
      .map((pull) => pull.title)
      .sort();
    expect(titles).toEqual(runs.map((run) => `Add mul for ${run.tag}`).sort());
    const counts = await Promise.all(
      ['intents', 'specs', 'spec_versions', 'executions', 'pull_requests'].map((table) =>
        countOf(world, table),
      ),
    );
    expect(counts).toEqual([6, 6, 6, 6, 6]);
    const ran = await world.query<{ workspace: string }>('select workspace from executions');
    const ranOn = replicas.filter((replica) => ran.some((row) => row.workspace.startsWith(replica.dataDir)));

    const scheduled = "digests where period_key not like 'now:%' and posted_at is not null";
    await waitFor(async () => (await countOf(world, scheduled)) >= 1, 200_000, 1_000);
    // More happens, then both replicas are asked for a digest now: one job, one post.
    await requestSpecs(people, 1, 'late');
    const asked = [await people.command('digest now'), await people.command('digest now')];
    await waitFor(
      async () =>
        (await countOf(world, "digests where period_key like 'now:%' and posted_at is not null")) >= 1,
      60_000,
      500,
    );
    for (const replica of replicas) expect(await replica.stop()).toBe(0);

    const digests = await world.query<{ period_key: string }>(
      'select period_key from digests where posted_at is not null order by period_key',
    );
    expect(new Set(digests.map((d) => d.period_key)).size).toBe(digests.length);
    expect(await countOf(world, scheduled)).toBe(1);
    expect(people.channelPosts(/Codecot digest/)).toHaveLength(digests.length);
    // Two fresh asks happen only across a minute boundary (two periods; the second may find nothing new).
    const fresh = asked.filter((answer) => !/already/.test(answer)).length;
    const nowDigests = digests.filter((d) => d.period_key.startsWith('now:')).length;
    expect(nowDigests >= 1 && nowDigests <= fresh).toBe(true);
    console.info(
      `digests posted: ${digests.map((d) => d.period_key).join(', ')}; asks: ${asked.join(' / ')}; executions ran on ${ranOn.map((r) => r.name).join(' and ')}`,
    );
  },
);

test.skipIf(!serverUrl())(
  'a replica killed -9 mid-execution: the other takes the run over and reports it',
  {
    timeout: 400_000,
  },
  async () => {
    const { replicas, people, world } = await twoReplicas('failover');
    const [run] = await requestSpecs(people, 1, 'failover');
    if (!run) throw new Error('no spec');
    await people.approve(run.specTs);
    await reachedPoint(world, people, 'agent', run);
    const [working] = await world.query<{ workspace: string }>(
      "select workspace from executions where state = 'agent'",
    );
    const owner = replicas.find((replica) => working?.workspace.startsWith(replica.dataDir));
    const survivor = replicas.find((replica) => replica !== owner);
    if (!owner || !survivor) throw new Error('the running execution belongs to no replica');
    const killedAt = Date.now();
    await owner.kill();

    await waitUntilSettled(people, [run], 180_000);
    const takeoverSeconds = Math.round((Date.now() - killedAt) / 1_000);
    expect(outcomeOf(people, run)).toMatchObject({ approvals: 1, results: 1 });
    expect(world.github.pulls(REPO).map((pull) => pull.title)).toEqual(['Add mul for failover-1']);
    const finished = await world.query<{ workspace: string }>(
      "select workspace from executions where state in ('ci-pending', 'succeeded')",
    );
    expect(finished.map((row) => row.workspace.startsWith(survivor.dataDir))).toEqual([true]);
    // The survivor alone handles what comes next.
    const [later] = await requestSpecs(people, 1, 'later');
    expect(later?.specTs).toBeTruthy();
    console.info(`${survivor.name} reported the run ${takeoverSeconds} s after ${owner.name} was killed`);
  },
);
