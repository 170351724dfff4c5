import { resolve } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { RefreshInput, Workspace, WorkspaceManager } from '../../src/ports/workspaces.ts';
import { createBackground } from './background.ts';
import { diffAgainstBase } from './changes.ts';
import { commitAll, pushBranch } from './commit.ts';
import { directoryBytes, removeAllExcept, removeExecution } from './disk.ts';
import { createGitRunner, gitEnvironment } from './git-command.ts';
import { gitError } from './git-errors.ts';
import { hasMirror, syncMirror } from './mirror.ts';
import { assertCleanUrl, type ExecutionPaths, layoutOf, mirrorPaths, pathsOfWorkspace } from './paths.ts';
import { prepareWorkspace } from './prepare.ts';
import { withRepoLock } from './repo-lock.ts';
import { removeSpareLeftovers } from './spares.ts';

export { branchName } from '../../src/domain/branch.ts';

export interface GitWorkspacesConfig {
  /** Holds `mirrors/`, `workspaces/` and `gitdirs/` (see README.md). */
  dataDir: string;
  /** Checkouts kept on disk at most; `prepare` removes the oldest leftovers beyond it. Default 20. */
  maxWorkspaces?: number;
  /** Longest a single git command may run (a first clone of a big repository). Default 10 minutes. */
  gitTimeoutMs?: number;
  /**
   * Make the next checkout of a repository in the background after each prepare, so the next prepare
   * only renames it and updates the files that changed. Costs one checkout of disk per repository.
   * Default true.
   */
  spareCheckouts?: boolean;
  logger: Logger;
}

export interface GitWorkspaceManager extends WorkspaceManager {
  /**
   * Removes every checkout (and Codecot's git directory for it) whose execution is not listed and is not
   * being prepared right now, e.g. at start-up with the executions still running. Returns the ids removed.
   */
  cleanupOrphans(activeExecutionIds: Iterable<string>): Promise<string[]>;
  /** Resolves when background work (spare checkouts, deleting discarded ones) is done; await on shutdown. */
  idle(): Promise<void>;
  refresh(input: RefreshInput): Promise<boolean>;
}

/** Workspaces from per-repository git mirrors under `dataDir`, one fresh checkout per execution. */
export function createGitWorkspaces(config: GitWorkspacesConfig): GitWorkspaceManager {
  const maxWorkspaces = config.maxWorkspaces ?? 20;
  if (!Number.isInteger(maxWorkspaces) || maxWorkspaces < 1) {
    throw new CodecotError(
      'config_invalid',
      `maxWorkspaces must be a positive integer, got ${maxWorkspaces}`,
    );
  }
  const layout = layoutOf(config.dataDir);
  const run = createGitRunner(gitEnvironment(resolve(config.dataDir)), config.gitTimeoutMs ?? 10 * 60_000);
  const logger = config.logger.child({ component: 'git-workspace' });
  const live = new Set<string>();
  const preparing = new Set<string>();
  const background = createBackground(logger);
  const deps = {
    run,
    layout,
    maxWorkspaces,
    live,
    preparing,
    background,
    logger,
    spares: config.spareCheckouts ?? true,
  };

  /** Local git work on a checkout; failures name the workspace and are not worth a retry. */
  const local = async <T>(
    workspace: Workspace,
    doing: string,
    task: (paths: ExecutionPaths) => Promise<T>,
  ) => {
    const paths = pathsOfWorkspace(layout, workspace);
    try {
      return await task(paths);
    } catch (error) {
      if (error instanceof CodecotError) throw error;
      const wrapped = gitError(error, `${doing} in ${workspace.path}`);
      throw new CodecotError('code_host_error', wrapped.message, { retryable: false });
    }
  };

  return {
    prepare: (input) => prepareWorkspace(deps, input),
    diff: (workspace, maxPatchBytes) =>
      local(workspace, 'diffing', (paths) => diffAgainstBase(run, paths, workspace.baseSha, maxPatchBytes)),
    commitAll: (workspace, message) =>
      local(workspace, 'committing', (paths) => commitAll(run, paths, message)),
    async push(workspace, auth, cloneUrl, options = {}) {
      assertCleanUrl(cloneUrl);
      await pushBranch(run, pathsOfWorkspace(layout, workspace), workspace, auth, cloneUrl, options);
    },
    async remove(workspace) {
      const { executionId } = pathsOfWorkspace(layout, workspace);
      live.delete(executionId);
      await removeExecution(layout, executionId);
    },
    async diskUsage() {
      const [mirrorsBytes, ...checkouts] = await Promise.all(
        [layout.mirrorsDir, layout.workspacesDir, layout.gitDirsDir, layout.sparesDir].map(directoryBytes),
      );
      return {
        mirrorsBytes: mirrorsBytes ?? 0,
        workspacesBytes: checkouts.reduce((sum, bytes) => sum + bytes, 0),
      };
    },
    async cleanupOrphans(activeExecutionIds) {
      const removed = await removeAllExcept(layout, new Set([...activeExecutionIds, ...preparing]));
      await removeSpareLeftovers(layout.sparesDir);
      for (const id of removed) live.delete(id);
      if (removed.length > 0) logger.info({ removed }, 'removed orphaned workspaces');
      return removed;
    },
    idle: () => background.idle(),
    async refresh(input) {
      assertCleanUrl(input.cloneUrl);
      const mirror = mirrorPaths(layout, input.repo);
      if (!(await hasMirror(mirror))) return false;
      await withRepoLock(mirror.lockFile, () => syncMirror(run, mirror, input));
      logger.debug({ repo: input.repo }, 'mirror refreshed');
      return true;
    },
  };
}
