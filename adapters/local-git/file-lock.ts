import { open, rm, stat } from 'node:fs/promises';
import { CodecotError } from '../../src/errors.ts';

/** A lock older than this belongs to a process that died holding it. */
const STALE_MS = 30_000;
const WAIT_MS = 10_000;
const POLL_MS = 20;

const chains = new Map<string, Promise<unknown>>();

/**
 * Runs `work` while holding `lockPath`: callers in this process queue up, and other processes sharing the
 * directory (a second replica) are kept out by the exclusive creation of the lock file.
 */
export function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(lockPath) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => holdingFile(lockPath, work));
  const settled = next.catch(() => {});
  chains.set(lockPath, settled);
  void settled.then(() => {
    if (chains.get(lockPath) === settled) chains.delete(lockPath);
  });
  return next;
}

async function holdingFile<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const handle = await open(lockPath, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      await handle.close();
      try {
        return await work();
      } finally {
        await rm(lockPath, { force: true });
      }
    }
    await removeIfStale(lockPath);
    if (Date.now() > deadline) {
      throw new CodecotError('code_host_error', `Another process holds ${lockPath}; try again shortly`, {
        retryable: true,
        platform: 'local-git',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function removeIfStale(lockPath: string): Promise<void> {
  const info = await stat(lockPath).catch(() => undefined);
  if (info && Date.now() - info.mtimeMs > STALE_MS) await rm(lockPath, { force: true });
}
