import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { createJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import {
  createScratchDatabase,
  createTestDatabase,
  dropScratchDatabase,
  engineUnderTest,
  serverUrl,
  type TestDatabase,
} from '../helpers/database.ts';
import { waitFor } from '../helpers/wait.ts';

const silent = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startQueue(
  store: Store,
  options: Parameters<typeof createJobQueue>[2] = {},
): Promise<JobQueue> {
  const queue = createJobQueue(store, silent, { retryDelaySeconds: 0, ...options });
  await queue.start(['echo', 'tx', 'race']);
  cleanups.push(() => queue.stop(2_000));
  return queue;
}

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.dispose());
  return db;
}

describe(`durable jobs on ${engineUnderTest()}`, () => {
  test('the same key enqueued twice runs once', async () => {
    const { store } = await database();
    const queue = await startQueue(store);
    const runs: string[] = [];
    expect(await queue.enqueue('echo', { v: 'a' }, { key: 'k1' })).toBe(true);
    expect(await queue.enqueue('echo', { v: 'b' }, { key: 'k1' })).toBe(false);
    expect(await queue.enqueue('echo', { v: 'c' }, { key: 'k2' })).toBe(true);
    await queue.work<{ v: string }>('echo', async ({ v }) => {
      runs.push(v);
    });
    await waitFor(() => runs.length === 2);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(runs.sort()).toEqual(['a', 'c']);
  });

  test('a job enqueued inside a rolled-back transaction never runs', async () => {
    const { store } = await database();
    const queue = await startQueue(store);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await queue.enqueue('tx', { v: 'x' }, { key: 'rolled-back', trx });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await store.db.transaction().execute((trx) => queue.enqueue('tx', { v: 'y' }, { key: 'committed', trx }));
    const seen: string[] = [];
    await queue.work<{ v: string }>('tx', async ({ v }) => {
      seen.push(v);
    });
    await waitFor(() => seen.length === 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(seen).toEqual(['y']);
  });

  test('two workers racing on one job key run it once', async () => {
    const { store } = await database();
    const a = await startQueue(store);
    const b = await startQueue(store);
    const runs: string[] = [];
    const results = await Promise.all([
      a.enqueue('race', { by: 'a' }, { key: 'spec-version-1' }),
      b.enqueue('race', { by: 'b' }, { key: 'spec-version-1' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    for (const [name, queue] of [
      ['a', a],
      ['b', b],
    ] as const) {
      await queue.work(
        'race',
        async () => {
          runs.push(name);
        },
        { concurrency: 2 },
      );
    }
    await waitFor(() => runs.length >= 1);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(runs).toHaveLength(1);
  });

  test('a job interrupted by a killed process is picked up again', { timeout: 90_000 }, async () => {
    const server = serverUrl();
    const url = server ? await createScratchDatabase(server) : undefined;
    if (server && url) cleanups.push(() => dropScratchDatabase(server, new URL(url).pathname.slice(1)));
    const dataDir = mkdtempSync(join(tmpdir(), 'codecot-crash-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));

    const child = spawn(
      process.execPath,
      ['test/fixtures/hanging-worker.ts', url ?? '-', dataDir, 'crash-test'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await waitFor(() => out.includes('started attempt 1'), 30_000);
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;

    const store = await openStore({ url, dataDir });
    cleanups.push(() => store.close());
    await migrateToLatest(store.db);
    const queue = await startQueue(store, { maintenanceSeconds: 1, expireInSeconds: 1, retryLimit: 3 });
    const attempts: number[] = [];
    await queue.work('crash-test', async (_payload, { attempt }) => {
      attempts.push(attempt);
    });
    await waitFor(
      async () => {
        if (attempts.length > 0) return true;
        await queue.supervise();
        return false;
      },
      40_000,
      1_000,
    );
    expect(attempts).toEqual([2]);
  });
});
