import type { EmitterWebhookEvent, EmitterWebhookEventName } from '@octokit/webhooks';

/**
 * Payload type of one webhook event+action, straight from @octokit/webhooks (generated from GitHub's own
 * webhook schema). Typing the builders with it makes tsc check the fixtures have GitHub's real shape.
 */
export type WebhookPayload<E extends EmitterWebhookEventName> = EmitterWebhookEvent<E>['payload'];

export type WebhookRepository = WebhookPayload<'check_suite.completed'>['repository'];
export type WebhookUser = WebhookPayload<'check_suite.completed'>['sender'];
export type PullRequestRepository = WebhookPayload<'pull_request.closed'>['pull_request']['head']['repo'];

/** Where the repository lives; defaults to github.com URLs, or point `cloneUrl` at a FakeGitHub repo. */
export interface WebhookRepoOptions {
  /** `owner/name` */
  repo: string;
  repoId?: number;
  defaultBranch?: string;
  cloneUrl?: string;
  /** Login of the account that triggered the event. */
  sender?: string;
  /** Adds `installation: { id }` as for a GitHub App delivery. */
  installationId?: number;
}
