import type { GitAuth } from '../../src/ports/code-host.ts';
import type { Workspace } from '../../src/ports/workspaces.ts';
import { controlArgs, stageAll } from './changes.ts';
import { gitText, type RunGit } from './git-command.ts';
import { gitError } from './git-errors.ts';
import type { ExecutionPaths } from './paths.ts';

/**
 * Commits the checkout's content on the workspace branch in Codecot's own git directory, with Codecot as
 * author and committer. Returns the new sha, or null when the tree equals the last commit's.
 * Commits the agent made in `<checkout>/.git` are not replayed: their result is in the files.
 */
export async function commitAll(run: RunGit, paths: ExecutionPaths, message: string): Promise<string | null> {
  await stageAll(run, paths);
  const git = controlArgs(paths);
  const [tree, parent] = await Promise.all([
    gitText(run, [...git, 'write-tree']),
    gitText(run, [...git, 'rev-parse', '--verify', 'HEAD']),
  ]);
  const parentTree = await gitText(run, [...git, 'rev-parse', '--verify', `${parent}^{tree}`]);
  if (tree === parentTree) return null;
  const sha = await gitText(run, [...git, 'commit-tree', tree, '-p', parent, '-F', '-'], { input: message });
  // The old value makes the update fail instead of silently dropping a commit made in between.
  await run([...git, 'update-ref', '-m', 'codecot: commit', 'HEAD', sha, parent]);
  return sha;
}

/**
 * Pushes the workspace branch from Codecot's git directory: a new branch the first time, a fast-forward
 * on later iterations. A branch that moved on remotely is refused (no force), with a permanent error,
 * unless `replace` is set: a fresh run restarted after a crash replaces what its interrupted run pushed.
 */
export async function pushBranch(
  run: RunGit,
  paths: ExecutionPaths,
  workspace: Workspace,
  auth: GitAuth,
  cloneUrl: string,
  options: { replace?: boolean } = {},
): Promise<void> {
  const ref = `refs/heads/${workspace.branch}`;
  const refspec = `${options.replace ? '+' : ''}${ref}:${ref}`;
  const settings = ['-c', 'http.lowSpeedLimit=1000', '-c', 'http.lowSpeedTime=60'];
  try {
    await run(['--git-dir', paths.gitDir, ...settings, 'push', '--quiet', '--no-verify', cloneUrl, refspec], {
      secretArgs: auth.configArgs,
    });
  } catch (error) {
    throw gitError(error, `pushing ${workspace.branch} to ${workspace.repo}`, auth);
  }
}
