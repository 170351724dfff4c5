import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CodecotError } from '../../src/errors.ts';
import { acquireLockFile, type LockFileOptions } from './lock-file.ts';

const ownerTag = () => `${hostname()}:${process.pid}:${randomUUID()}`;

/** Tail of the queue per lock path, shared by every manager in this process. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `task` while holding the lock for one repository's mirror: first in this process (a promise
 * queue, so waiting costs nothing), then across processes (a lock file), so two fetches never overlap.
 */
export async function withRepoLock<T>(
  lockFile: string,
  task: () => Promise<T>,
  options: LockFileOptions = {},
): Promise<T> {
  const previous = queues.get(lockFile) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(lockFile, tail);
  await previous;
  try {
    const held = await acquireLockFile(lockFile, { owner: ownerTag(), ...options }).catch(
      (error: unknown) => {
        if (error instanceof CodecotError) throw error;
        throw new CodecotError(
          'code_host_error',
          `cannot take the mirror lock ${lockFile}: ${String(error)}`,
          {
            cause: error,
            retryable: true,
          },
        );
      },
    );
    try {
      return await task();
    } finally {
      await held.release();
    }
  } finally {
    release();
    if (queues.get(lockFile) === tail) queues.delete(lockFile);
  }
}
