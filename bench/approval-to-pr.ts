// Approval -> pull request link posted, in the in-process product (test/e2e/world.ts): the real core
// and Slack adapter against the fake Slack, the fake OpenAI answering at once, the fake GitHub, the
// scripted agent writing its files at once, bwrap. The validation commands' own time (the stored
// check durations, baseline and change) is subtracted (target: at most 2 s).
import { sql } from 'kysely';
import type { BotPost, PlatformDriver } from '../test/e2e/driver.ts';
import { passingChange, REPO } from '../test/e2e/sample-repo.ts';
import { startSlackDriver } from '../test/e2e/slack-driver.ts';
import { type E2EWorld, startE2EWorld } from '../test/e2e/world.ts';
import { benchServerUrl } from './ingest-world.ts';
import { median } from './stats.ts';

/** Milliseconds spent in each step of one run, in order. */
export interface ApprovalBreakdown {
  /** Reaction acknowledged → the approval job recorded the execution (pickup + votes + "approved" post). */
  approvalJob: number;
  /** Execution recorded → the execute job checking out (queue pickup, repository and base lookups). */
  executePickup: number;
  /** Checkout → agent started, without the baseline checks' own time. */
  prepareWorkspace: number;
  agent: number;
  /** Validating → pushing, without the checks' own time (diff, scope check, bookkeeping). */
  validation: number;
  push: number;
  prCreate: number;
  /** Pull request opened → its link posted in the thread. */
  post: number;
  /** The checks' own time (baseline and change), excluded from the total. */
  checksExcluded: number;
  total: number;
}

export interface ApprovalToPrResult {
  runs: number;
  engine: 'postgres';
  median: ApprovalBreakdown;
  all: ApprovalBreakdown[];
}

async function until<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000, everyMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('approval-to-pr: timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Mention → spec (not measured) → approval → the first post or edit carrying the pull request link. */
async function oneRun(world: E2EWorld, driver: PlatformDriver, run: number): Promise<ApprovalBreakdown> {
  const seen = driver.botPosts().length;
  world.agent.play([{ files: passingChange, summary: 'Added mul with a test.' }]);
  await driver.mention('requester', `add a mul function (run ${run})`);
  const spec = await until(() =>
    driver
      .botPosts()
      .slice(seen)
      .find((p) => /Spec v1:/.test(p.text)),
  );
  await until(() => (driver.botReactions(spec).length >= 2 ? true : undefined));
  const pullsBefore = world.github.pulls(REPO).length;
  const link = `${world.github.url}/${REPO}/pull/${pullsBefore + 1}`;
  const carriesLink = (post: BotPost) =>
    post.text.includes(link) || driver.edits(post.id).some((t) => t.includes(link));

  const approvedAt = Date.now();
  await driver.react('approver', spec, 'approve');
  await until(() => (driver.botPosts().slice(seen).some(carriesLink) ? true : undefined), 60_000, 2);
  const postedAt = Date.now();

  const execution = (await world.executions()).at(-1);
  if (!execution) throw new Error('no execution recorded');
  const db = world.codecot.store.db;
  const created = await db
    .selectFrom('executions')
    .select('created_at')
    .where('id', '=', execution.id)
    .executeTakeFirstOrThrow();
  const states = await db
    .selectFrom('event_log')
    .select(['to_state', 'at'])
    .where('entity_id', '=', execution.id)
    .orderBy('id')
    .execute();
  // The live log is written in batches: wait for the pull request's line to be stored.
  const logs = await until(async () => {
    const rows = await db
      .selectFrom('execution_log')
      .select(['kind', 'at'])
      .where('execution_id', '=', execution.id)
      .orderBy('seq')
      .execute();
    return rows.some((row) => row.kind === 'pull-request') ? rows : undefined;
  });
  const checks = await db
    .selectFrom('validation_runs')
    .select(['phase', sql<number>`sum(duration_ms)::int`.as('ms')])
    .where('execution_id', '=', execution.id)
    .groupBy('phase')
    .execute();
  const stateAt = (state: string) => time(states.find((s) => s.to_state === state)?.at, state);
  const logAt = (kind: string) => time(logs.find((l) => l.kind === kind)?.at, kind);
  const checkMs = (phase: string) => checks.find((c) => c.phase === phase)?.ms ?? 0;
  const [baseline, change] = [checkMs('baseline'), checkMs('change')];
  const createdAt = created.created_at.getTime();
  return {
    approvalJob: createdAt - approvedAt,
    executePickup: stateAt('preparing') - createdAt,
    prepareWorkspace: stateAt('agent') - stateAt('preparing') - baseline,
    agent: stateAt('validating') - stateAt('agent'),
    validation: stateAt('pushing') - stateAt('validating') - change,
    push: logAt('push') - stateAt('pushing'),
    prCreate: logAt('pull-request') - logAt('push'),
    post: postedAt - logAt('pull-request'),
    checksExcluded: baseline + change,
    total: postedAt - approvedAt - baseline - change,
  };
}

function time(at: Date | undefined, what: string): number {
  if (!at) throw new Error(`approval-to-pr: no ${what} recorded`);
  return at.getTime();
}

export async function approvalToPr(runs = 5): Promise<ApprovalToPrResult> {
  // On PostgreSQL: world.ts creates a scratch database on the server DATABASE_URL names.
  process.env.DATABASE_URL ||= benchServerUrl();
  const driver = await startSlackDriver();
  const world = await startE2EWorld(driver.setup, { approver: driver.idOf('approver'), modelApi: 'chat' });
  driver.attach(world.codecot);
  try {
    await oneRun(world, driver, 0); // warm-up: the mirror's first clone, JIT
    const all: ApprovalBreakdown[] = [];
    for (let run = 1; run <= runs; run += 1) all.push(await oneRun(world, driver, run));
    const keys = Object.keys(all[0] ?? {}) as (keyof ApprovalBreakdown)[];
    const med = Object.fromEntries(
      keys.map((k) => [k, median(all.map((r) => r[k]))]),
    ) as unknown as ApprovalBreakdown;
    return { runs, engine: 'postgres', median: med, all };
  } finally {
    await world.stop();
    await driver.close();
  }
}
