import { type CheckPullRef, githubActionsApp, pullRequestsMinimal } from './payload-checks-common.ts';
import { deliveryEnvelope, eventTime, FIXTURE_TIME, stableId } from './payload-common.ts';
import type { WebhookPayload, WebhookRepoOptions } from './payload-types.ts';

export type { CheckPullRef };

type Conclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'timed_out'
  | 'action_required'
  | 'skipped';

export interface CheckSuiteOptions extends WebhookRepoOptions {
  headSha: string;
  headBranch: string;
  conclusion: Conclusion;
  pullRequests?: CheckPullRef[];
}

export interface CheckRunOptions extends CheckSuiteOptions {
  name: string;
  detailsUrl?: string;
  output?: { title?: string; summary?: string };
}

/** `check_suite` event, action `completed`: the usual "CI finished for this commit" signal. */
export function checkSuiteCompleted(options: CheckSuiteOptions): WebhookPayload<'check_suite.completed'> {
  const suiteId = stableId(`suite:${options.repo}:${options.headSha}`);
  const api = `https://api.github.com/repos/${options.repo}`;
  return {
    action: 'completed',
    check_suite: {
      id: suiteId,
      node_id: `CS_kwDO${suiteId}`,
      head_branch: options.headBranch,
      head_sha: options.headSha,
      status: 'completed',
      conclusion: options.conclusion,
      url: `${api}/check-suites/${suiteId}`,
      before: '0'.repeat(40),
      after: options.headSha,
      pull_requests: pullRequestsMinimal(options),
      app: githubActionsApp(),
      created_at: FIXTURE_TIME,
      updated_at: eventTime(),
      rerequestable: true,
      runs_rerequestable: true,
      latest_check_runs_count: 1,
      check_runs_url: `${api}/check-suites/${suiteId}/check-runs`,
      head_commit: {
        id: options.headSha,
        tree_id: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
        message: 'Commit under test',
        timestamp: FIXTURE_TIME,
        author: { name: 'Codecot', email: 'codecot@users.noreply.github.com' },
        committer: { name: 'GitHub', email: 'noreply@github.com' },
      },
    },
    ...deliveryEnvelope(options),
  };
}

/** `check_run` event, action `completed`, for one named check. */
export function checkRunCompleted(options: CheckRunOptions): WebhookPayload<'check_run.completed'> {
  const runId = stableId(`run:${options.repo}:${options.headSha}:${options.name}`);
  const suiteId = stableId(`suite:${options.repo}:${options.headSha}`);
  const api = `https://api.github.com/repos/${options.repo}`;
  const pullRequests = pullRequestsMinimal(options);
  return {
    action: 'completed',
    check_run: {
      id: runId,
      node_id: `CR_kwDO${runId}`,
      name: options.name,
      head_sha: options.headSha,
      external_id: '',
      url: `${api}/check-runs/${runId}`,
      html_url: `https://github.com/${options.repo}/runs/${runId}`,
      details_url: options.detailsUrl ?? `https://github.com/${options.repo}/runs/${runId}`,
      status: 'completed',
      conclusion: options.conclusion,
      started_at: FIXTURE_TIME,
      completed_at: FIXTURE_TIME,
      output: {
        title: options.output?.title ?? null,
        summary: options.output?.summary ?? null,
        text: null,
        annotations_count: 0,
        annotations_url: `${api}/check-runs/${runId}/annotations`,
      },
      check_suite: {
        id: suiteId,
        node_id: `CS_kwDO${suiteId}`,
        head_branch: options.headBranch,
        head_sha: options.headSha,
        status: 'completed',
        conclusion: options.conclusion,
        url: `${api}/check-suites/${suiteId}`,
        before: '0'.repeat(40),
        after: options.headSha,
        pull_requests: pullRequests,
        app: githubActionsApp(),
        created_at: FIXTURE_TIME,
        updated_at: eventTime(),
      },
      app: githubActionsApp(),
      pull_requests: pullRequests,
    },
    ...deliveryEnvelope(options),
  };
}
