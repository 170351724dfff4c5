import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isValidBranchName } from '../../src/domain/branch.ts';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { PrepareInput, Workspace } from '../../src/ports/workspaces.ts';
import type { Background } from './background.ts';
import { checkoutFiles, copyCheckoutIndex, writeControlGitDir, writeRepoState } from './checkout.ts';
import { pruneLeftovers, removeExecution } from './disk.ts';
import type { RunGit } from './git-command.ts';
import { gitError } from './git-errors.ts';
import { copyObjects, mirrorIsCurrent, syncMirror } from './mirror.ts';
import {
  assertCleanUrl,
  type ExecutionPaths,
  executionPaths,
  type Layout,
  type MirrorPaths,
  mirrorPaths,
} from './paths.ts';
import { existingBranchStart, resolveBranch } from './refs.ts';
import { withRepoLock } from './repo-lock.ts';
import { claimSpare, makeSpare } from './spares.ts';

export interface PrepareDeps {
  run: RunGit;
  layout: Layout;
  maxWorkspaces: number;
  /** Executions of this process that have a checkout; never pruned as leftovers. */
  live: Set<string>;
  /** Executions being prepared right now; never removed as orphans. */
  preparing: Set<string>;
  spares: boolean;
  background: Background;
  logger: Logger;
}

export async function prepareWorkspace(deps: PrepareDeps, input: PrepareInput): Promise<Workspace> {
  for (const [what, name] of [
    ['branch', input.branch],
    ['base branch', input.baseBranch],
  ] as const) {
    if (!isValidBranchName(name)) throw new CodecotError('bad_input', `not a valid ${what} name: "${name}"`);
  }
  assertCleanUrl(input.cloneUrl);
  const mirror = mirrorPaths(deps.layout, input.repo);
  const paths = executionPaths(deps.layout, input.executionId);
  const started = performance.now();
  deps.preparing.add(paths.executionId);
  deps.live.add(paths.executionId);
  try {
    // A retried execution starts from a clean slate.
    await removeExecution(deps.layout, paths.executionId);
    const { removed, over } = await pruneLeftovers(deps.layout, deps.maxWorkspaces, deps.live);
    if (removed.length > 0) deps.logger.info({ removed }, 'removed leftover workspaces beyond the bound');
    if (over > 0) deps.logger.warn({ over, max: deps.maxWorkspaces }, 'more executions than maxWorkspaces');
    await mkdir(dirname(mirror.lockFile), { recursive: true });
    const done = await checkOutWithFallback(deps, input, mirror, paths);
    const { baseSha } = done;
    const ms = Math.round(performance.now() - started);
    deps.logger.info({ repo: input.repo, executionId: input.executionId, ...done, ms }, 'workspace prepared');
    if (deps.spares) {
      const state = { cloneUrl: input.cloneUrl, baseBranch: input.baseBranch, baseSha };
      deps.background.start('spare checkout', () => makeSpare(deps.run, mirror, state));
    }
    return {
      path: paths.checkout,
      repo: input.repo,
      branch: input.branch,
      baseBranch: input.baseBranch,
      baseSha,
    };
  } catch (error) {
    deps.live.delete(paths.executionId);
    await removeExecution(deps.layout, paths.executionId);
    if (error instanceof CodecotError) throw error;
    throw gitError(error, `preparing a workspace of ${input.repo}`, input.auth);
  } finally {
    deps.preparing.delete(paths.executionId);
  }
}

interface CheckedOut {
  baseSha: string;
  mirrorCreated: boolean;
  /** False when the mirror already had the code host's base tip and no fetch was made. */
  fetched: boolean;
  fromSpare: boolean;
}

/** A spare that turns out unusable (odd state on disk) costs a retry, never a failed execution. */
async function checkOutWithFallback(
  deps: PrepareDeps,
  input: PrepareInput,
  mirror: MirrorPaths,
  paths: ExecutionPaths,
) {
  const attempt = { claimed: false };
  try {
    return await checkOut(deps, input, mirror, paths, deps.spares ? attempt : null);
  } catch (error) {
    if (!attempt.claimed || error instanceof CodecotError) throw error;
    deps.logger.warn({ err: error, repo: input.repo }, 'the spare checkout was unusable; making a fresh one');
    await removeExecution(deps.layout, paths.executionId);
    return checkOut(deps, input, mirror, paths, null);
  }
}

/**
 * With the repository's lock: fetch (unless the mirror is current), resolve the base, take the spare or
 * create `.git`, copy the objects.
 * Without it: write refs and config, bring the files to the base, write Codecot's git directory.
 */
async function checkOut(
  deps: PrepareDeps,
  input: PrepareInput,
  mirror: MirrorPaths,
  paths: ExecutionPaths,
  spare: { claimed: boolean } | null,
): Promise<CheckedOut> {
  const objects = join(paths.checkout, '.git', 'objects');
  const locked = await withRepoLock(mirror.lockFile, async () => {
    // A later iteration needs its own branch's tip too, which the base's tip says nothing about.
    const current =
      !input.existingBranch && (await mirrorIsCurrent(mirror, input.baseBranch, input.expectedBaseSha));
    const synced = current ? { created: false } : await syncMirror(deps.run, mirror, input);
    const baseTip = await resolveBranch(deps.run, mirror, input.repo, input.baseBranch);
    const { baseSha, headSha } = input.existingBranch
      ? await existingBranchStart(deps.run, mirror, input.repo, input.branch, baseTip)
      : { baseSha: baseTip, headSha: baseTip };
    const spareSha = spare ? await claimSpare(mirror, paths.checkout, deps.background) : null;
    if (spare) spare.claimed = spareSha !== null;
    if (spareSha === null) await mkdir(objects, { recursive: true });
    await copyObjects(mirror.gitDir, objects);
    return { baseSha, headSha, spareSha, mirrorCreated: synced.created, fetched: !current };
  });
  const state = {
    cloneUrl: input.cloneUrl,
    baseBranch: input.baseBranch,
    branch: input.branch,
    baseSha: locked.baseSha,
    headSha: locked.headSha,
  };
  await writeRepoState(join(paths.checkout, '.git'), state);
  await Promise.all([
    checkoutFiles(deps.run, paths.checkout, locked.spareSha, locked.headSha),
    writeControlGitDir(paths, state, mirror.gitDir),
  ]);
  await copyCheckoutIndex(paths);
  return {
    baseSha: locked.baseSha,
    mirrorCreated: locked.mirrorCreated,
    fetched: locked.fetched,
    fromSpare: locked.spareSha !== null,
  };
}
