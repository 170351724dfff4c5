import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodecotError } from '../../src/errors.ts';

export interface LockFileOptions {
  /** Written into the file: `<host>:<pid>:<nonce>`; the pid lets another process see the holder died. */
  owner?: string;
  /** A lock whose file was not touched for this long is abandoned (the holder refreshes it meanwhile). */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A lock file created with O_EXCL (`wx`): the create either wins or fails, on every local file system.
 * A holder that died (same host, pid gone) or stopped refreshing the file (older than staleMs) loses it.
 */
export async function acquireLockFile(path: string, options: LockFileOptions = {}): Promise<HeldLock> {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${Date.now()}`;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (let attempt = 0; ; attempt += 1) {
    if (await tryCreate(path, owner)) return hold(path, owner, staleMs);
    if (await breakIfAbandoned(path, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new CodecotError('code_host_error', `timed out waiting for the lock ${path}`, {
        retryable: true,
      });
    }
    // Another process holds it: poll, a little slower each time (no event crosses processes).
    await sleep(Math.min(20 * (attempt + 1), 250));
  }
}

async function tryCreate(path: string, owner: string): Promise<boolean> {
  try {
    const file = await open(path, 'wx');
    await file.writeFile(owner);
    await file.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function hold(path: string, owner: string, staleMs: number): HeldLock {
  // A long fetch keeps its lock fresh so nobody takes it as abandoned.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, staleMs / 3);
  heartbeat.unref();
  return {
    async release() {
      clearInterval(heartbeat);
      // Only remove our own file: if we were declared abandoned, the file is someone else's now.
      if ((await readOwner(path)) === owner) await unlink(path).catch(() => {});
    },
  };
}

async function readOwner(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

async function breakIfAbandoned(path: string, staleMs: number): Promise<boolean> {
  const [owner, info] = await Promise.all([readOwner(path), stat(path).catch(() => undefined)]);
  if (owner === undefined || info === undefined) return true; // released meanwhile: try again at once
  if (!isAbandoned(owner, info.mtimeMs, staleMs)) return false;
  // Move it aside first, then check it is still the file we judged: a fresh lock taken in between goes back.
  const aside = `${path}.abandoned-${process.pid}-${Date.now()}`;
  if (
    !(await rename(path, aside).then(
      () => true,
      () => false,
    ))
  )
    return true;
  if ((await readOwner(aside)) !== owner) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
  return true;
}

function isAbandoned(owner: string, mtimeMs: number, staleMs: number): boolean {
  if (Date.now() - mtimeMs > staleMs) return true;
  const [host, pid] = owner.split(':');
  // An empty file is a lock being written right now.
  if (owner === '' || host !== hostname() || !pid) return false;
  return !isAlive(Number(pid));
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
