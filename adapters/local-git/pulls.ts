import { pathToFileURL } from 'node:url';
import { CodecotError } from '../../src/errors.ts';
import type { PullRequest, PullRequestInput } from '../../src/ports/code-host.ts';
import { branchSha, gitMaybe } from './git.ts';
import type { LocatedRepo } from './locate.ts';
import { changeRecords, type LocalPullRecord, now, readRecords } from './pull-store.ts';

const refused = (message: string) => new CodecotError('code_host_error', message, { platform: 'local-git' });

export const pullUrl = (repo: LocatedRepo, number: number): string =>
  `${pathToFileURL(repo.path).href}#pull/${number}`;

/**
 * The record as it stands now: an open one follows its branch, and is merged once the base branch contains
 * the last head it was seen at (checked first, so new commits pushed after a merge do not reopen it).
 */
export async function refresh(repo: LocatedRepo, record: LocalPullRecord): Promise<LocalPullRecord> {
  if (record.state !== 'open') return record;
  if (await contains(repo, record.base, record.headSha)) return { ...record, state: 'merged' };
  const headSha = (await branchSha(repo.gitDir, record.head)) ?? record.headSha;
  const merged = headSha !== record.headSha && (await contains(repo, record.base, headSha));
  return { ...record, headSha, state: merged ? 'merged' : 'open' };
}

const contains = async (repo: LocatedRepo, branch: string, sha: string): Promise<boolean> =>
  (await gitMaybe(repo.gitDir, ['merge-base', '--is-ancestor', sha, `refs/heads/${branch}`])) !== undefined;

export function toPullRequest(repo: LocatedRepo, record: LocalPullRecord): PullRequest {
  const { number, headSha, state, draft } = record;
  return { number, url: pullUrl(repo, number), headSha, state, draft };
}

/** Records a pull request for a pushed branch, or returns the open one for the same head branch. */
export async function openPullRequest(repo: LocatedRepo, input: PullRequestInput): Promise<PullRequest> {
  const headSha = await branchSha(repo.gitDir, input.head);
  if (!headSha) throw refused(`The branch ${input.head} has not been pushed to ${repo.fullName}`);
  if (!(await branchSha(repo.gitDir, input.base))) {
    throw refused(`The base branch ${input.base} does not exist in ${repo.fullName}`);
  }
  return changeRecords(repo.gitDir, async (file) => {
    for (const [index, record] of file.pulls.entries()) file.pulls[index] = await refresh(repo, record);
    const existing = file.pulls.find((record) => record.head === input.head && record.state === 'open');
    if (existing) return toPullRequest(repo, existing);
    const ahead = await gitMaybe(repo.gitDir, [
      'rev-list',
      '--count',
      `refs/heads/${input.base}..${headSha}`,
    ]);
    if (ahead === '0')
      throw refused(`No commits between ${input.base} and ${input.head} in ${repo.fullName}`);
    const at = now();
    const record: LocalPullRecord = {
      repo: repo.fullName,
      number: file.nextNumber++,
      head: input.head,
      base: input.base,
      title: input.title,
      body: input.body,
      draft: input.draft,
      state: 'open',
      headSha,
      createdAt: at,
      updatedAt: at,
      comments: [],
    };
    file.pulls.push(record);
    return toPullRequest(repo, record);
  });
}

/** Changes one record; a number that was never opened is a not_found error. */
export function changePull(
  repo: LocatedRepo,
  number: number,
  change: (record: LocalPullRecord) => void,
): Promise<void> {
  return changeRecords(repo.gitDir, (file) => {
    const record = file.pulls.find((candidate) => candidate.number === number);
    if (!record) {
      throw new CodecotError('not_found', `There is no pull request #${number} in ${repo.fullName}`, {
        platform: 'local-git',
      });
    }
    change(record);
    record.updatedAt = now();
  });
}

/** The records as they stand now; a merge noticed here is written down, so it stays merged. */
export async function listPulls(repo: LocatedRepo): Promise<LocalPullRecord[]> {
  const stored = await readRecords(repo.gitDir);
  const current = await Promise.all(stored.map((record) => refresh(repo, record)));
  if (current.some((record, index) => record.state !== stored[index]?.state)) {
    await changeRecords(repo.gitDir, async (file) => {
      for (const [index, record] of file.pulls.entries()) file.pulls[index] = await refresh(repo, record);
    });
  }
  return current;
}
