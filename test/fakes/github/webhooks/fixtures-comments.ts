import { deliveryEnvelope, eventTime, FIXTURE_TIME, stableId, webhookUser } from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export interface IssueCommentOptions extends WebhookRepoOptions {
  /** Issue or pull request number. */
  number: number;
  body: string;
  /** Comment author; defaults to `sender`, else `octocat`. */
  author?: string;
  commentId?: number;
  /** Comments on pull requests arrive as issue_comment with `issue.pull_request` set. Default true. */
  onPullRequest?: boolean;
  issueTitle?: string;
}

function noReactions(url: string) {
  return {
    url,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

/** `issue_comment` event, action `created`. */
export function issueComment(options: IssueCommentOptions): WebhookPayload<'issue_comment.created'> {
  const api = `https://api.github.com/repos/${options.repo}`;
  const kind = options.onPullRequest === false ? 'issues' : 'pull';
  const html = `https://github.com/${options.repo}/${kind}/${options.number}`;
  const issueId = stableId(`issue:${options.repo}#${options.number}`);
  const commentId =
    options.commentId ?? stableId(`comment:${options.repo}#${options.number}:${options.body}`);
  const author = webhookUser(options.author ?? options.sender ?? 'octocat');
  return {
    action: 'created',
    issue: {
      url: `${api}/issues/${options.number}`,
      repository_url: api,
      labels_url: `${api}/issues/${options.number}/labels{/name}`,
      comments_url: `${api}/issues/${options.number}/comments`,
      events_url: `${api}/issues/${options.number}/events`,
      html_url: html,
      id: issueId,
      node_id: `I_kwDO${issueId}`,
      number: options.number,
      title: options.issueTitle ?? 'Codecot change',
      user: webhookUser('codecot-bot[bot]'),
      labels: [],
      state: 'open',
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: 1,
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      closed_at: null,
      author_association: 'NONE',
      active_lock_reason: null,
      body: null,
      reactions: noReactions(`${api}/issues/${options.number}/reactions`),
      timeline_url: `${api}/issues/${options.number}/timeline`,
      performed_via_github_app: null,
      state_reason: null,
      ...(kind === 'pull'
        ? {
            draft: false,
            pull_request: {
              url: `${api}/pulls/${options.number}`,
              html_url: html,
              diff_url: `${html}.diff`,
              patch_url: `${html}.patch`,
              merged_at: null,
            },
          }
        : {}),
    },
    comment: {
      url: `${api}/issues/comments/${commentId}`,
      html_url: `${html}#issuecomment-${commentId}`,
      issue_url: `${api}/issues/${options.number}`,
      id: commentId,
      node_id: `IC_kwDO${commentId}`,
      user: author,
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      author_association: 'OWNER',
      body: options.body,
      reactions: noReactions(`${api}/issues/comments/${commentId}/reactions`),
      performed_via_github_app: null,
    },
    ...deliveryEnvelope(options),
  };
}
