import { deliveryEnvelope, eventTime, FIXTURE_TIME, stableId, webhookUser } from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export interface DeploymentStatusOptions extends WebhookRepoOptions {
  state: 'pending' | 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';
  /** Where the deployed preview lives (Vercel/Netlify-style preview URL). */
  environment_url?: string;
  environment?: string;
  sha: string;
  ref: string;
  description?: string;
  logUrl?: string;
  /** Creator of the deployment, e.g. `vercel[bot]`. */
  creator?: string;
}

/** `deployment_status` event, action `created`: a deployment (e.g. a PR preview) changed state. */
export function deploymentStatus(
  options: DeploymentStatusOptions,
): WebhookPayload<'deployment_status.created'> {
  const api = `https://api.github.com/repos/${options.repo}`;
  const deploymentId = stableId(
    `deployment:${options.repo}:${options.sha}:${options.environment ?? 'Preview'}`,
  );
  const statusId = stableId(`deployment-status:${deploymentId}:${options.state}`);
  const environment = options.environment ?? 'Preview';
  const creator = webhookUser(options.creator ?? 'vercel[bot]');
  return {
    action: 'created',
    deployment: {
      url: `${api}/deployments/${deploymentId}`,
      id: deploymentId,
      node_id: `DE_kwDO${deploymentId}`,
      sha: options.sha,
      ref: options.ref,
      task: 'deploy',
      payload: {},
      original_environment: environment,
      environment,
      description: null,
      creator,
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      statuses_url: `${api}/deployments/${deploymentId}/statuses`,
      repository_url: api,
      transient_environment: false,
      production_environment: false,
    },
    deployment_status: {
      url: `${api}/deployments/${deploymentId}/statuses/${statusId}`,
      id: statusId,
      node_id: `DES_kwDO${statusId}`,
      state: options.state,
      creator,
      description: options.description ?? '',
      environment,
      target_url: options.logUrl ?? options.environment_url ?? '',
      log_url: options.logUrl ?? options.environment_url ?? '',
      ...(options.environment_url === undefined ? {} : { environment_url: options.environment_url }),
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      deployment_url: `${api}/deployments/${deploymentId}`,
      repository_url: api,
    },
    ...deliveryEnvelope(options),
  };
}
