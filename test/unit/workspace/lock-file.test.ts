import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLockFile } from '../../../adapters/git-workspace/lock-file.ts';
import { withRepoLock } from '../../../adapters/git-workspace/repo-lock.ts';

let dir: string;
let lock: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lock-file-test-'));
  lock = join(dir, 'repo.lock');
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

/** Another process holding the lock; resolves once it has it. */
async function holderProcess() {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'lock-holder.ts'), lock], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  expect((await lines.next()).value).toBe('held');
  return { child, next: async () => (await lines.next()).value };
}

describe('acquireLockFile', () => {
  it('excludes another process until it releases', async () => {
    const holder = await holderProcess();
    await expect(acquireLockFile(lock, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'code_host_error',
      retryable: true,
    });
    holder.child.stdin!.end();
    expect(await holder.next()).toBe('released');
    const held = await acquireLockFile(lock, { timeoutMs: 2_000 });
    await held.release();
  });

  it('takes over the lock of a process that died holding it', async () => {
    const holder = await holderProcess();
    holder.child.kill('SIGKILL');
    await once(holder.child, 'exit');
    expect(await readFile(lock, 'utf8')).toContain(`${hostname()}:${holder.child.pid}:`);
    const held = await acquireLockFile(lock, { timeoutMs: 2_000 });
    expect(await readFile(lock, 'utf8')).toContain(`:${process.pid}:`);
    await held.release();
  });

  it('waits for a fresh lock of another host, and takes it once it goes stale', async () => {
    await writeFile(lock, 'other-host:1234:abc');
    await expect(acquireLockFile(lock, { timeoutMs: 200, staleMs: 60_000 })).rejects.toThrow(/timed out/);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(lock, anHourAgo, anHourAgo);
    const held = await acquireLockFile(lock, { timeoutMs: 2_000, staleMs: 60_000 });
    await held.release();
  });

  it('releases only its own lock, not one taken over after it was declared stale', async () => {
    const held = await acquireLockFile(lock);
    await writeFile(lock, 'other-host:1:newer-owner');
    await held.release();
    expect(await readFile(lock, 'utf8')).toBe('other-host:1:newer-owner');
  });
});

describe('withRepoLock', () => {
  it('runs the tasks of one lock one at a time in this process, a failure not blocking the next', async () => {
    let running = 0;
    let most = 0;
    const task = (fail: boolean) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      if (fail) throw new Error('boom');
      return 'done';
    };
    const results = await Promise.allSettled(
      [false, true, false, false].map((fail) => withRepoLock(lock, task(fail))),
    );
    expect(results[1]).toMatchObject({ reason: { message: 'boom' } });
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(most).toBe(1);
    await expect(readFile(lock)).rejects.toThrow();
  });
});
