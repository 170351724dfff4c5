import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-cli.ts';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface MergeRequest {
  base: string;
  head: string;
  method: MergeMethod;
  title: string;
  message: string;
}

/** The branches cannot be merged cleanly (GitHub answers 405 "Pull Request is not mergeable"). */
export class MergeConflictError extends Error {
  constructor(detail: string) {
    super(`merge conflict: ${detail}`);
    this.name = 'MergeConflictError';
  }
}

/**
 * Merges `head` into `base` inside the bare repository for real: a throwaway work tree runs the same git
 * commands the website's merge button stands for, then pushes the result to the base branch.
 * Returns the new tip of the base branch (GitHub's merge_commit_sha).
 */
export async function mergeBranches(bareDir: string, request: MergeRequest): Promise<string> {
  const workTree = await mkdtemp(join(tmpdir(), 'fake-github-merge-'));
  const git = (args: string[]) => runGit(args, { cwd: workTree });
  try {
    await runGit(['clone', '--quiet', bareDir, workTree]);
    await git(['checkout', '--quiet', '-B', request.base, `origin/${request.base}`]);
    try {
      await applyMerge(git, request);
    } catch (error) {
      throw new MergeConflictError(error instanceof Error ? error.message : String(error));
    }
    await git(['push', '--quiet', 'origin', `HEAD:refs/heads/${request.base}`]);
    return await git(['rev-parse', 'HEAD']);
  } finally {
    await rm(workTree, { recursive: true, force: true });
  }
}

async function applyMerge(git: (args: string[]) => Promise<string>, request: MergeRequest): Promise<void> {
  const head = `origin/${request.head}`;
  if (request.method === 'merge') {
    await git(['merge', '--quiet', '--no-ff', '-m', request.title, '-m', request.message, head]);
  } else if (request.method === 'squash') {
    await git(['merge', '--quiet', '--squash', head]);
    await git(['commit', '--quiet', '-m', request.title, '-m', request.message]);
  } else {
    // Rebase-merge: replay the head commits onto base, then fast-forward base to the result.
    await git(['checkout', '--quiet', '-B', 'fake-github-rebase', head]);
    await git(['rebase', '--quiet', `origin/${request.base}`]);
  }
}
