import {
  deliveryEnvelope,
  eventTime,
  FIXTURE_TIME,
  stableId,
  webhookRepository,
  webhookUser,
} from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export interface PullRequestClosedOptions extends WebhookRepoOptions {
  number: number;
  merged: boolean;
  headRef: string;
  headSha: string;
  baseRef?: string;
  baseSha?: string;
  title?: string;
  body?: string | null;
  mergeCommitSha?: string;
  /** Pull request author; the merger is `sender`. */
  author?: string;
}

/** `pull_request` event, action `closed`; `merged` distinguishes "merged" from "closed without merging". */
export function pullRequestClosed(options: PullRequestClosedOptions): WebhookPayload<'pull_request.closed'> {
  const envelope = deliveryEnvelope(options);
  const repo = webhookRepository(options);
  const api = `https://api.github.com/repos/${options.repo}`;
  const html = `https://github.com/${options.repo}/pull/${options.number}`;
  const id = stableId(`pull:${options.repo}#${options.number}`);
  const [owner = ''] = options.repo.split('/');
  const branch = (ref: string, sha: string) => ({
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: webhookUser(owner),
    repo,
  });
  const link = (href: string) => ({ href });
  return {
    action: 'closed',
    number: options.number,
    pull_request: {
      url: `${api}/pulls/${options.number}`,
      id,
      node_id: `PR_kwDO${id}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${options.number}`,
      commits_url: `${api}/pulls/${options.number}/commits`,
      review_comments_url: `${api}/pulls/${options.number}/comments`,
      review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${options.number}/comments`,
      statuses_url: `${api}/statuses/${options.headSha}`,
      number: options.number,
      state: 'closed',
      locked: false,
      title: options.title ?? 'Codecot change',
      user: webhookUser(options.author ?? 'codecot-bot[bot]'),
      body: options.body ?? null,
      labels: [],
      milestone: null,
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      closed_at: FIXTURE_TIME,
      merged_at: options.merged ? FIXTURE_TIME : null,
      merge_commit_sha: options.mergeCommitSha ?? null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(options.headRef, options.headSha),
      base: branch(options.baseRef ?? repo.default_branch, options.baseSha ?? '0'.repeat(40)),
      _links: {
        self: link(`${api}/pulls/${options.number}`),
        html: link(html),
        issue: link(`${api}/issues/${options.number}`),
        comments: link(`${api}/issues/${options.number}/comments`),
        review_comments: link(`${api}/pulls/${options.number}/comments`),
        review_comment: link(`${api}/pulls/comments{/number}`),
        commits: link(`${api}/pulls/${options.number}/commits`),
        statuses: link(`${api}/statuses/${options.headSha}`),
      },
      author_association: 'NONE',
      auto_merge: null,
      active_lock_reason: null,
      draft: false,
      merged: options.merged,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: options.merged ? envelope.sender : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 1,
      deletions: 0,
      changed_files: 1,
    },
    ...envelope,
  };
}
