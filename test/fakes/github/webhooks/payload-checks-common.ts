import { stableId, webhookUser } from './payload-common.ts';
import type { WebhookRepoOptions } from './payload-types.ts';

/** A pull request as check payloads reference it (`pull_requests: [...]`). */
export interface CheckPullRef {
  number: number;
  headRef: string;
  headSha: string;
  baseRef?: string;
  baseSha?: string;
}

/** GitHub Actions as the app owning the suite/run, the common case. */
export function githubActionsApp() {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: 'MDM6QXBwMTUzNjg=',
    owner: webhookUser('github'),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: 'https://github.com/apps/github-actions',
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { checks: 'write' as const, contents: 'write' as const, metadata: 'read' as const },
    events: ['check_run' as const, 'check_suite' as const, 'push' as const],
  };
}

export function pullRequestsMinimal(
  options: WebhookRepoOptions & { pullRequests?: CheckPullRef[] | undefined },
) {
  const [, name = ''] = options.repo.split('/');
  const repo = {
    id: options.repoId ?? stableId(options.repo),
    url: `https://api.github.com/repos/${options.repo}`,
    name,
  };
  return (options.pullRequests ?? []).map((pull) => ({
    id: stableId(`${options.repo}#${pull.number}`),
    number: pull.number,
    url: `${repo.url}/pulls/${pull.number}`,
    head: { ref: pull.headRef, sha: pull.headSha, repo },
    base: { ref: pull.baseRef ?? options.defaultBranch ?? 'main', sha: pull.baseSha ?? '0'.repeat(40), repo },
  }));
}
