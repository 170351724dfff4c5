import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import { GitFailure, gitText, type RunGit } from './git-command.ts';
import { gitError } from './git-errors.ts';
import type { MirrorPaths } from './paths.ts';

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * A ref read straight from git's files backend, a loose file first, then `packed-refs`: no process on the
 * path every execution waits on. Null when the ref does not exist, undefined when the files say nothing
 * clear (another ref backend, a symbolic ref) and git must be asked.
 */
export async function readRefFile(gitDir: string, ref: string): Promise<string | null | undefined> {
  const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => null);
  if (loose !== null) return SHA.test(loose.trim()) ? loose.trim() : undefined;
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => null);
  if (packed === null) return null;
  for (const line of packed.split('\n')) {
    const [sha = '', name] = line.split(' ');
    if (name === ref && SHA.test(sha)) return sha;
  }
  return null;
}

/** The commit `branch` points to in the mirror; a clear, permanent error when there is no such branch. */
export async function resolveBranch(
  run: RunGit,
  mirror: MirrorPaths,
  repo: string,
  branch: string,
  what = 'base branch',
) {
  const missing = () =>
    new CodecotError('code_host_error', `the ${what} "${branch}" does not exist in ${repo}`, {
      retryable: false,
    });
  const fromFiles = await readRefFile(mirror.gitDir, `refs/heads/${branch}`);
  if (fromFiles === null) throw missing();
  if (fromFiles !== undefined) return fromFiles;
  try {
    const args = [
      '--git-dir',
      mirror.gitDir,
      'rev-parse',
      '--verify',
      '--quiet',
      `refs/heads/${branch}^{commit}`,
    ];
    return await gitText(run, args);
  } catch (error) {
    if (error instanceof GitFailure && error.exitCode === 1) throw missing();
    throw gitError(error, `reading ${repo}`);
  }
}

/**
 * A later iteration starts from the branch's tip; its diff and scope are measured from where it forked
 * off the base branch (what a pull request shows), not from the base branch's newest commit.
 */
export async function existingBranchStart(
  run: RunGit,
  mirror: MirrorPaths,
  repo: string,
  branch: string,
  baseTip: string,
): Promise<{ baseSha: string; headSha: string }> {
  const headSha = await resolveBranch(run, mirror, repo, branch, 'branch');
  try {
    const baseSha = await gitText(run, ['--git-dir', mirror.gitDir, 'merge-base', baseTip, headSha]);
    return { baseSha, headSha };
  } catch (error) {
    throw gitError(error, `finding where ${branch} forked in ${repo}`);
  }
}
