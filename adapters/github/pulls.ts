import type { PullRequest, PullRequestInput } from '../../src/ports/code-host.ts';
import type { GitHubClient } from './client.ts';
import { gitHubError, isHttpFailure, statusOf } from './errors.ts';
import { setDraft } from './ready-for-review.ts';
import { splitRepo } from './repo-name.ts';

interface PullJson {
  number: number;
  html_url: string;
  state: string;
  draft?: boolean | undefined;
  merged_at: string | null;
  head: { sha: string };
}

export function toPullRequest(data: PullJson): PullRequest {
  const state = data.merged_at ? 'merged' : data.state === 'closed' ? 'closed' : 'open';
  return {
    number: data.number,
    url: data.html_url,
    headSha: data.head.sha,
    state,
    draft: data.draft ?? false,
  };
}

/**
 * Opens the pull request, or returns the open one for the same head and base: a retried job (or a create
 * whose answer was lost) finds GitHub's "already exists" 422 and returns that pull request, never a second.
 */
export async function openPullRequest(client: GitHubClient, input: PullRequestInput): Promise<PullRequest> {
  const coordinates = splitRepo(input.repo);
  try {
    const { data } = await client.octokit.rest.pulls.create({
      ...coordinates,
      head: input.head,
      base: input.base,
      title: input.title,
      body: input.body,
      draft: input.draft,
    });
    return toPullRequest(data);
  } catch (error) {
    if (alreadyExists(error)) {
      const existing = await findOpenPull(client, input).catch((failure: unknown) => {
        throw gitHubError(`find the open pull request for ${input.head}`, failure, client.secrets());
      });
      if (existing) return existing;
    }
    throw gitHubError(`open the pull request for ${input.head} in ${input.repo}`, error, client.secrets());
  }
}

function alreadyExists(error: unknown): boolean {
  return (
    statusOf(error) === 422 &&
    isHttpFailure(error) &&
    /already exists/i.test(JSON.stringify(error.response?.data ?? ''))
  );
}

async function findOpenPull(client: GitHubClient, input: PullRequestInput): Promise<PullRequest | undefined> {
  const coordinates = splitRepo(input.repo);
  const { data } = await client.octokit.rest.pulls.list({
    ...coordinates,
    head: `${coordinates.owner}:${input.head}`,
    base: input.base,
    state: 'open',
  });
  const [first] = data;
  return first ? toPullRequest(first) : undefined;
}

export async function updatePullRequest(
  client: GitHubClient,
  fullName: string,
  number: number,
  patch: { body?: string; draft?: boolean },
): Promise<void> {
  const coordinates = splitRepo(fullName);
  const doing = `update pull request #${number} in ${fullName}`;
  try {
    if (patch.body !== undefined) {
      await client.octokit.rest.pulls.update({ ...coordinates, pull_number: number, body: patch.body });
    }
    if (patch.draft !== undefined) await setDraft(client, coordinates, number, patch.draft);
  } catch (error) {
    throw gitHubError(doing, error, client.secrets());
  }
}

export async function comment(client: GitHubClient, fullName: string, number: number, body: string) {
  try {
    await client.octokit.rest.issues.createComment({ ...splitRepo(fullName), issue_number: number, body });
  } catch (error) {
    throw gitHubError(`comment on pull request #${number} in ${fullName}`, error, client.secrets());
  }
}
