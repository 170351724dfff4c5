import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitAuth } from '../../src/ports/code-host.ts';
import type { RunGit } from './git-command.ts';
import { gitError } from './git-errors.ts';
import type { MirrorPaths } from './paths.ts';
import { readRefFile } from './refs.ts';

/**
 * Settings of every mirror fetch: received objects always stay packed (a checkout copies packs, never
 * thousands of loose files) and a stalled transfer gives up instead of hanging the job. git's automatic
 * maintenance is off (it may detach and repack after the lock is released); syncMirror runs gc itself.
 */
const FETCH_SETTINGS = ['fetch.unpackLimit=1', 'http.lowSpeedLimit=1000', 'http.lowSpeedTime=60'].flatMap(
  (setting) => ['-c', setting],
);

/** Each fetch that brings objects adds a pack; past this many, they are merged while the lock is held. */
const MAX_PACKS = 24;

/**
 * Brings the bare mirror up to date with the remote, creating it the first time. Only branches and tags
 * are mirrored: GitHub's `refs/pull/*` would make every fetch of a busy repository much larger.
 * The URL and credentials are given per command, so the mirror's config holds neither. Returns whether
 * the mirror had to be created (a full download).
 */
export async function syncMirror(
  run: RunGit,
  mirror: MirrorPaths,
  input: { repo: string; cloneUrl: string; auth: GitAuth },
): Promise<{ created: boolean }> {
  const created = !(await hasMirror(mirror));
  if (created) {
    await rm(mirror.gitDir, { recursive: true, force: true });
    await mkdir(dirname(mirror.gitDir), { recursive: true });
    await run(['init', '--quiet', '--bare', '--template=', mirror.gitDir]);
  }
  const refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];
  const args = ['--git-dir', mirror.gitDir, ...FETCH_SETTINGS, 'fetch', '--quiet', '--prune', '--no-tags'];
  try {
    await run([...args, '--no-auto-maintenance', '--no-write-fetch-head', input.cloneUrl, ...refspecs], {
      secretArgs: input.auth.configArgs,
    });
  } catch (error) {
    // A first download that failed (wrong token, wrong URL) leaves nothing behind to trip the next run.
    if (created) await rm(mirror.gitDir, { recursive: true, force: true });
    throw gitError(error, `fetching ${input.repo}`, input.auth);
  }
  if ((await packNames(mirror.gitDir)).length > MAX_PACKS) {
    await run(['--git-dir', mirror.gitDir, 'gc', '--quiet']).catch((error: unknown) => {
      throw gitError(error, `compacting the mirror of ${input.repo}`);
    });
  }
  return { created };
}

/** The mirror's pack files; names are content hashes, so the same name is the same pack. */
export async function packNames(gitDir: string): Promise<string[]> {
  const names = await readdir(join(gitDir, 'objects', 'pack')).catch(() => [] as string[]);
  return names.filter((name) => /^pack-[0-9a-f]+\.pack$/.test(name));
}

/**
 * Copies the mirror's objects into a checkout's own object store: packs (with their indexes) and any
 * loose objects; files already there (same name, so same content) are kept. Copies, not hard links: an
 * agent could make a shared file writable and change the mirror through it. Where the file system
 * supports it, the copy is a reflink (instant, still separate).
 */
export async function copyObjects(mirrorGitDir: string, targetObjectsDir: string): Promise<void> {
  const source = join(mirrorGitDir, 'objects');
  const entries = await readdir(source, { withFileTypes: true });
  const jobs: Promise<void>[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const isPackDir = entry.name === 'pack';
    if (!isPackDir && !/^[0-9a-f]{2}$/.test(entry.name)) continue;
    const from = join(source, entry.name);
    const to = join(targetObjectsDir, entry.name);
    await mkdir(to, { recursive: true });
    for (const file of await readdir(from)) {
      if (isPackDir && !/^pack-[0-9a-f]+\.(pack|idx|rev)$/.test(file)) continue;
      if (file.startsWith('tmp_')) continue;
      jobs.push(copyIfMissing(join(from, file), join(to, file)));
    }
  }
  await Promise.all(jobs);
}

async function copyIfMissing(from: string, to: string): Promise<void> {
  try {
    await copyFile(from, to, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** True once the mirror has been downloaded (its object store exists). */
export const hasMirror = (mirror: MirrorPaths) => isDirectory(join(mirror.gitDir, 'objects'));

/**
 * True when the code host's tip of the base branch is where the mirror's base branch already points:
 * git moves a ref only after its objects are stored, so the mirror holds everything the checkout needs.
 */
export async function mirrorIsCurrent(
  mirror: MirrorPaths,
  baseBranch: string,
  expectedSha: string | undefined,
): Promise<boolean> {
  if (expectedSha === undefined) return false;
  return (await readRefFile(mirror.gitDir, `refs/heads/${baseBranch}`)) === expectedSha;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
