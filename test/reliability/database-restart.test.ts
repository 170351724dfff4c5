import { afterEach, expect, test } from 'vitest';
import { serverUrl } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';
import type { BotProcess } from './spawned/bot-process.ts';
import { outcomeOf, requestSpecs, waitUntilSettled } from './spawned/crash-run.ts';
import { reachedPoint } from './spawned/kill-points.ts';
import { SlackPeople } from './spawned/slack-people.ts';
import { startTcpProxy, type TcpProxy } from './spawned/tcp-proxy.ts';
import { REPO, type SpawnedWorld, startSpawnedWorld } from './spawned/world.ts';

// PostgreSQL going away under a running bot, mid-execution: the bot keeps running, says so on
// /healthz, reconnects, finishes and reports the run, and handles what comes next.
// PGlite is embedded in the bot's own process: it cannot restart under it, so there is nothing to test.
let world: SpawnedWorld | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await world?.close();
  await proxy?.close();
  world = undefined;
  proxy = undefined;
});

const health = (bot: BotProcess) =>
  fetch(`${bot.url}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
    (res) => res.status,
    () => 0,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every connection dropped, new ones refused for `seconds`, /healthz 503 meanwhile, then back. */
const restartFor = (seconds: number) => async (bot: BotProcess) => {
  proxy?.down();
  await waitFor(async () => (await health(bot)) === 503, 20_000, 250);
  await sleep(seconds * 1_000);
  expect(await health(bot)).toBe(503);
  proxy?.up();
};

/**
 * One approved run caught while its agent works; `outage` happens then; the run must still finish.
 * The agent takes `agentSeconds`: longer than the outage, or shorter (it ends while the database is gone).
 */
async function survives(outage: (bot: BotProcess) => Promise<void>, viaProxy: boolean, agentSeconds = 10) {
  world = await startSpawnedWorld({ postgres: true, agentSeconds });
  const real = new URL(world.databaseUrl ?? '');
  let url = real.toString();
  if (viaProxy) {
    proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
    const proxied = new URL(real);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    url = proxied.toString();
  }
  const bot = world.bot(viaProxy ? 'db-proxy' : 'db-terminate', { DATABASE_URL: url });
  await bot.start();
  const people = new SlackPeople(world.slack, () => bot.url);
  const [run] = await requestSpecs(people, 1, 'before');
  if (!run) throw new Error('no spec');
  await people.approve(run.specTs);
  await reachedPoint(world, people, 'agent', run);

  await outage(bot);

  await waitFor(async () => (await health(bot)) === 200, 60_000, 500);
  await waitUntilSettled(people, [run], 180_000);
  expect(outcomeOf(people, run)).toMatchObject({ approvals: 1, results: 1 });
  expect(world.github.pulls(REPO).map((pull) => pull.title)).toEqual(['Add mul for before-1']);
  // Later events are still handled, by the same process.
  const [later] = await requestSpecs(people, 1, 'after');
  expect(later?.specTs).toBeTruthy();
  expect({ running: bot.running, lives: bot.lives }).toEqual({ running: true, lives: 1 });
  expect(await bot.stop()).toBe(0);
}

test.skipIf(!serverUrl())(
  'PostgreSQL restarting while the agent works (connections dropped, refused for 6 s): nothing is lost',
  {
    timeout: 300_000,
  },
  () => survives(restartFor(6), true),
);

test.skipIf(!serverUrl())(
  'PostgreSQL down for 10 s while the agent ends and the run wants to record it: nothing is lost',
  {
    timeout: 300_000,
  },
  () => survives(restartFor(10), true, 2),
);

test.skipIf(!serverUrl())(
  'pg_terminate_backend on every connection of the bot mid-execution: nothing is lost',
  {
    timeout: 300_000,
  },
  () =>
    survives(async () => {
      const name = new URL(world?.databaseUrl ?? '').pathname.slice(1);
      const killed = await world?.query<{ pid: number }>(
        'select pg_terminate_backend(pid), pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      expect(killed?.length).toBeGreaterThan(0);
    }, false),
);
