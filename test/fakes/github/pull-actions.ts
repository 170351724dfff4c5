import { branchSha, commitsAhead } from './bare-repo.ts';
import type { FakeContext } from './context.ts';
import { MergeConflictError, type MergeMethod, mergeBranches } from './git-merge.ts';
import { HttpError, isoNow, validationFailed } from './http-io.ts';
import { type PullShas, pullJson } from './rest-shapes.ts';
import type { PullRecord, RepoRecord } from './state.ts';

export interface CreatePullInput {
  title: string;
  head: string;
  base: string;
  body?: string | undefined;
  draft?: boolean | undefined;
}

/** `owner:branch` or `branch` -> branch; undefined when the owner is another account (forks are not faked). */
export function headBranchName(repo: RepoRecord, head: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon === -1) return head;
  return head.slice(0, colon).toLowerCase() === repo.owner.toLowerCase() ? head.slice(colon + 1) : undefined;
}

export async function pullShas(repo: RepoRecord, pull: PullRecord): Promise<PullShas> {
  const head = pull.frozenHeadSha ?? (await branchSha(repo.bareDir, pull.headRef)) ?? '';
  const base = (await branchSha(repo.bareDir, pull.baseRef)) ?? '';
  return { head, base };
}

export async function renderPull(context: FakeContext, repo: RepoRecord, pull: PullRecord) {
  return pullJson(context, repo, pull, await pullShas(repo, pull));
}

/** Validates like GitHub (both branches exist, something to merge, no duplicate) and opens the pull. */
export async function createPull(context: FakeContext, repo: RepoRecord, input: CreatePullInput) {
  const head = headBranchName(repo, input.head);
  const headSha = head === undefined ? undefined : await branchSha(repo.bareDir, head);
  const baseSha = await branchSha(repo.bareDir, input.base);
  const invalid = [
    ...(baseSha ? [] : [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]),
    ...(headSha ? [] : [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]),
  ];
  if (invalid.length > 0 || head === undefined) throw validationFailed(invalid);
  const duplicate = [...repo.pulls.values()].some(
    (pull) => pull.state === 'open' && pull.headRef === head && pull.baseRef === input.base,
  );
  if (duplicate) {
    throw validationFailed([
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.owner}:${head}.`,
      },
    ]);
  }
  if ((await commitsAhead(repo.bareDir, `refs/heads/${input.base}`, `refs/heads/${head}`)) === 0) {
    throw validationFailed([
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${head}` },
    ]);
  }
  const now = isoNow();
  const pull: PullRecord = {
    id: context.state.nextId(),
    number: repo.nextIssueNumber++,
    title: input.title,
    body: input.body ?? null,
    draft: input.draft ?? false,
    state: 'open',
    headRef: head,
    baseRef: input.base,
    frozenHeadSha: undefined,
    merged: false,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
    author: context.login,
  };
  repo.pulls.set(pull.number, pull);
  return pull;
}

export interface MergeOptions {
  method?: MergeMethod | undefined;
  title?: string | undefined;
  message?: string | undefined;
  /** When given, must equal the current head sha (GitHub answers 409 otherwise). */
  sha?: string | undefined;
  mergedBy: string;
}

/** Really merges in the bare repository, then records the result on the pull request. */
export async function mergePull(repo: RepoRecord, pull: PullRecord, options: MergeOptions) {
  if (pull.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
  if (pull.draft) throw new HttpError(405, 'Pull Request is still a draft');
  const headSha = await branchSha(repo.bareDir, pull.headRef);
  if (!headSha) throw new HttpError(405, 'Pull Request is not mergeable');
  if (options.sha && options.sha !== headSha) {
    throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
  }
  const method = options.method ?? 'merge';
  const squash = method === 'squash';
  const defaultTitle = squash
    ? `${pull.title} (#${pull.number})`
    : `Merge pull request #${pull.number} from ${repo.owner}/${pull.headRef}`;
  let sha: string;
  try {
    sha = await mergeBranches(repo.bareDir, {
      base: pull.baseRef,
      head: pull.headRef,
      method,
      title: options.title ?? defaultTitle,
      message: options.message ?? (squash ? (pull.body ?? '') : pull.title),
    });
  } catch (error) {
    if (error instanceof MergeConflictError) throw new HttpError(405, 'Pull Request is not mergeable');
    throw error;
  }
  const now = isoNow();
  Object.assign(pull, {
    state: 'closed',
    merged: true,
    mergedAt: now,
    mergedBy: options.mergedBy,
    mergeCommitSha: sha,
    closedAt: now,
    updatedAt: now,
    frozenHeadSha: headSha,
  } satisfies Partial<PullRecord>);
  return { sha, merged: true, message: 'Pull Request successfully merged' };
}
