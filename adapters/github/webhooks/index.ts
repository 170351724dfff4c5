import { Webhooks } from '@octokit/webhooks';
import type { Logger } from '../../../src/logger.ts';
import type { CodeHostWebhooks } from '../../../src/ports/code-host-webhooks.ts';
import { webhookHandler } from './route.ts';

export interface GitHubWebhooksConfig {
  /** `GITHUB_WEBHOOK_SECRET`: the secret set on the repository's (or App's) webhook. */
  secret: string;
  logger: Logger;
  /** Where GitHub posts; `/github/webhooks` by default. */
  path?: string;
}

/**
 * GitHub webhooks for CI follow-up: check_suite, check_run and status (CI finished), pull_request
 * (closed or merged) and deployment_status (preview deployments), verified with @octokit/webhooks and
 * handed to the core as canonical events. Without it, CI is still followed by polling.
 */
export function createGitHubWebhooks(config: GitHubWebhooksConfig): CodeHostWebhooks {
  const webhooks = new Webhooks({ secret: config.secret });
  const logger = config.logger.child({ codeHost: 'github', route: 'webhooks' });
  return {
    name: 'github',
    route: (sink) => ({
      method: 'POST',
      path: config.path ?? '/github/webhooks',
      handler: webhookHandler({ webhooks, sink, logger }),
    }),
  };
}
