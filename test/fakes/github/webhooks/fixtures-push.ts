import { deliveryEnvelope, FIXTURE_TIME, webhookUser } from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export interface PushEventOptions extends WebhookRepoOptions {
  /** Full ref, e.g. `refs/heads/main`. */
  ref: string;
  before: string;
  after: string;
  deleted?: boolean;
}

/** `push` event: a ref moved (one commit pushed, or the ref deleted). */
export function pushEvent(options: PushEventOptions): WebhookPayload<'push'> {
  const envelope = deliveryEnvelope(options);
  // A push's repository types these two more narrowly than other events do; the fixture sets neither.
  const { organization, license, ...common } = envelope.repository;
  const web = envelope.repository.html_url;
  const author = { name: 'Octo Cat', email: 'octocat@example.com', username: 'octocat', date: FIXTURE_TIME };
  const commit = {
    id: options.after,
    tree_id: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    distinct: true,
    message: 'Commit under test',
    timestamp: FIXTURE_TIME,
    url: `${web}/commit/${options.after}`,
    author,
    committer: author,
    added: [],
    removed: [],
    modified: ['README.md'],
  };
  return {
    ...envelope,
    repository: {
      ...common,
      created_at: FIXTURE_TIME,
      has_discussions: false,
      license: null,
      stargazers: 0,
      owner: webhookUser(options.repo.split('/')[0] ?? ''),
      topics: [],
      updated_at: FIXTURE_TIME,
      pushed_at: FIXTURE_TIME,
      visibility: 'private',
      master_branch: options.defaultBranch ?? 'main',
    },
    ref: options.ref,
    before: options.before,
    after: options.after,
    created: false,
    deleted: options.deleted ?? false,
    forced: false,
    base_ref: null,
    compare: `${web}/compare/${options.before.slice(0, 12)}...${options.after.slice(0, 12)}`,
    commits: options.deleted ? [] : [commit],
    head_commit: options.deleted ? null : commit,
    pusher: { name: webhookUser(options.sender ?? 'octocat').login, email: 'octocat@example.com' },
  };
}
