import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import type { ChatMessage, MessageRef } from '../../../src/domain/chat.ts';
import type { StageDeps } from '../../../src/pipeline/context.ts';
import type { ExecutionContext } from '../../../src/pipeline/execution-context.ts';
import { resultAlreadyPosted } from '../../../src/pipeline/result-posted.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { CHANNEL } from '../../helpers/pipeline.ts';
import { seedIteration, seedPullRequest } from '../ci/seed.ts';

// A restarted run asks the thread whether a run it stands in for already posted the result.
let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

const URL_ = 'https://github.example/acme/widgets/pull/1';
const thread: MessageRef = { channel: CHANNEL, messageId: '1700000000.000100' };
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

/** Iterations of one version, created at the given times; returns the last one as a restarted run sees it. */
async function runs(iterations: { trigger: string; createdMinutesAgo: number }[]) {
  database = await createTestDatabase();
  const db = database.store.db;
  const { versionId } = await seedPullRequest(db, {
    repo: 'acme/widgets',
    number: 1,
    headSha: 'a'.repeat(40),
  });
  let last = '';
  for (const [i, it] of iterations.entries()) {
    last = await seedIteration(db, versionId, {
      iteration: i + 1,
      state: i === iterations.length - 1 ? 'pushing' : 'failed',
      trigger: it.trigger,
      headSha: 'a'.repeat(40),
    });
    await sql`update executions set created_at = ${minutesAgo(it.createdMinutesAgo)} where id = ${last}`.execute(
      db,
    );
  }
  return { db, versionId, id: last, iteration: iterations.length };
}

function ask(
  world: Awaited<ReturnType<typeof runs>>,
  posts: { minutesAgo: number; text: string }[],
): Promise<boolean> {
  const history: ChatMessage[] = posts.map((post, i) => ({
    ref: { ...thread, messageId: `1700000001.00000${i}` },
    author: { id: 'slack:UBOT', name: 'codecot', trust: 'trusted', isBot: true },
    text: post.text,
    mentionsBot: false,
    at: minutesAgo(post.minutesAgo),
  }));
  const ctx = {
    row: { id: world.id, trigger: 'restart', iteration: world.iteration },
    version: { id: world.versionId },
    replyTo: thread,
    chat: { threadHistory: async () => history },
  } as unknown as ExecutionContext;
  const deps = { db: world.db, logger: pino({ level: 'silent' }) } as unknown as StageDeps;
  return resultAlreadyPosted(deps, ctx, URL_);
}

describe('a restarted run and the result already in the thread', { timeout: 30_000 }, () => {
  test('a restart of a restart sees the result the first run of the chain posted', async () => {
    // Run 1 posted its result and died; run 2 (its restart) saw it, did not post, and died; run 3 asks.
    const world = await runs([
      { trigger: 'approval', createdMinutesAgo: 10 },
      { trigger: 'restart', createdMinutesAgo: 8 },
      { trigger: 'restart', createdMinutesAgo: 6 },
    ]);
    expect(await ask(world, [{ minutesAgo: 9, text: `Add mul — ready for review: ${URL_}` }])).toBe(true);
  });

  test('a result posted before the chain began (an earlier iteration on the same pull request) does not count', async () => {
    const world = await runs([
      { trigger: 'approval', createdMinutesAgo: 10 },
      { trigger: 'ci-fix', createdMinutesAgo: 8 },
      { trigger: 'restart', createdMinutesAgo: 6 },
    ]);
    expect(await ask(world, [{ minutesAgo: 9, text: `Add mul — ready for review: ${URL_}` }])).toBe(false);
    expect(await ask(world, [{ minutesAgo: 7, text: `Add mul — ready for review: ${URL_}` }])).toBe(true);
  });
});
