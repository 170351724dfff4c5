import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Background } from './background.ts';
import { checkoutFiles, type RepoState, writeRepoState } from './checkout.ts';
import type { RunGit } from './git-command.ts';
import { copyObjects, packNames } from './mirror.ts';
import type { MirrorPaths } from './paths.ts';
import { withRepoLock } from './repo-lock.ts';

// A spare is a complete checkout made from the mirror right after a prepare, while the agent works, so
// the next prepare of the repository renames it into place and writes only the files that differ
// instead of all of them. It is as fresh as any checkout: no agent ever saw it before it is claimed.

/** Spares being made by this process, so two prepares in a row do not both make one. */
const making = new Set<string>();

/** Inside a spare's `.git`: the commit its files are at. Its presence marks a finished spare. */
const MARKER = 'CODECOT_SPARE';

/**
 * Called with the repository's lock held. Moves the spare to `checkout` and returns the commit its files
 * are at, or null when there is no usable spare. A spare whose packs the mirror no longer has (gc merged
 * them) is thrown away: its objects may be gone upstream, and a fresh checkout is always correct.
 */
export async function claimSpare(mirror: MirrorPaths, checkout: string, background: Background) {
  const sha = await readFile(join(mirror.spareDir, '.git', MARKER), 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  if (sha === null) return null;
  const inMirror = new Set(await packNames(mirror.gitDir));
  const spareObjects = join(mirror.spareDir, '.git');
  if (!(await packNames(spareObjects)).every((name) => inMirror.has(name))) {
    await discard(mirror.spareDir, background);
    return null;
  }
  await mkdir(dirname(checkout), { recursive: true });
  await rename(mirror.spareDir, checkout);
  await rm(join(checkout, '.git', MARKER));
  return sha;
}

/** Makes the repository's spare at `state.baseSha`, unless one exists; the lock is held only to copy objects. */
export async function makeSpare(run: RunGit, mirror: MirrorPaths, state: Omit<RepoState, 'branch'>) {
  if (making.has(mirror.spareDir)) return;
  making.add(mirror.spareDir);
  const staging = `${mirror.spareDir}.tmp-${randomUUID()}`;
  try {
    if (await exists(mirror.spareDir)) return;
    await mkdir(join(staging, '.git', 'objects'), { recursive: true });
    await withRepoLock(mirror.lockFile, () => copyObjects(mirror.gitDir, join(staging, '.git', 'objects')));
    await writeRepoState(join(staging, '.git'), { ...state, branch: 'codecot-spare' });
    await checkoutFiles(run, staging, null, state.baseSha);
    await writeFile(join(staging, '.git', MARKER), state.baseSha);
    // Fails when another spare got there first; ours is then deleted below.
    await rename(staging, mirror.spareDir).catch(() => {});
  } finally {
    making.delete(mirror.spareDir);
    await rm(staging, { recursive: true, force: true });
  }
}

/** Moves a directory out of the way at once and deletes it without anyone waiting. */
export async function discard(dir: string, background: Background): Promise<void> {
  const trash = `${dir}.trash-${randomUUID()}`;
  if (
    await rename(dir, trash).then(
      () => true,
      () => false,
    )
  ) {
    background.start('discard', () => rm(trash, { recursive: true, force: true }));
  }
}

/** Half-made spares and undeleted trash a crash left behind (older than `minAgeMs`, so not in progress). */
export async function removeSpareLeftovers(sparesDir: string, minAgeMs = 10 * 60_000): Promise<number> {
  let removed = 0;
  for (const owner of await readdir(sparesDir).catch(() => [] as string[])) {
    for (const entry of await readdir(join(sparesDir, owner)).catch(() => [] as string[])) {
      if (!/\.(tmp|trash)-[0-9a-f-]{36}$/.test(entry)) continue;
      const path = join(sparesDir, owner, entry);
      const info = await stat(path).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < minAgeMs) continue;
      await rm(path, { recursive: true, force: true });
      removed += 1;
    }
  }
  return removed;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
