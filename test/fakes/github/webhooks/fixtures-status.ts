import { deliveryEnvelope, eventTime, FIXTURE_TIME, stableId, webhookUser } from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export interface StatusEventOptions extends WebhookRepoOptions {
  sha: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  context: string;
  description?: string;
  targetUrl?: string;
  /** Branches whose tip is `sha` (GitHub lists them in the payload). */
  branches?: string[];
}

/** `status` event (commit status API, e.g. external CI): one context changed state on one commit. */
export function statusEvent(options: StatusEventOptions): WebhookPayload<'status'> {
  const api = `https://api.github.com/repos/${options.repo}`;
  const id = stableId(`status:${options.repo}:${options.sha}:${options.context}:${options.state}`);
  const author = { name: 'Codecot', email: 'codecot@users.noreply.github.com', date: FIXTURE_TIME };
  return {
    id,
    sha: options.sha,
    name: options.repo,
    state: options.state,
    context: options.context,
    description: options.description ?? null,
    target_url: options.targetUrl ?? null,
    avatar_url: null,
    created_at: FIXTURE_TIME,
    updated_at: eventTime(),
    branches: (options.branches ?? []).map((name) => ({
      name,
      commit: { sha: options.sha, url: `${api}/commits/${options.sha}` },
      protected: false,
    })),
    commit: {
      sha: options.sha,
      node_id: `C_kwDO${id}`,
      url: `${api}/commits/${options.sha}`,
      html_url: `https://github.com/${options.repo}/commit/${options.sha}`,
      comments_url: `${api}/commits/${options.sha}/comments`,
      author: webhookUser('codecot-bot'),
      committer: webhookUser('web-flow'),
      parents: [],
      commit: {
        author,
        committer: author,
        message: 'Commit under test',
        comment_count: 0,
        tree: {
          sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
          url: `${api}/git/trees/4b825dc642cb6eb9a060e54bf8d69288fbee4904`,
        },
        url: `${api}/git/commits/${options.sha}`,
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null,
        },
      },
    },
    ...deliveryEnvelope(options),
  };
}
