import type { CodeHostEvent } from '../domain/code-host-events.ts';
import { pullRequestsAt } from '../store/repositories/pull-request-state.ts';
import type { StageDeps } from './context.ts';
import { reportDeployment, reportPullRequestClosed } from './report-closed.ts';
import { isCodeHostFailure } from './retry-later.ts';
import { evaluateCi } from './watch-ci.ts';

/** The job behind every accepted code host webhook delivery. */
export async function handleCodeHostEvent(deps: StageDeps, payload: { event: CodeHostEvent }): Promise<void> {
  const { event } = payload;
  switch (event.type) {
    case 'checks_completed':
      return checksCompleted(deps, event);
    case 'pull_request_closed':
      return reportPullRequestClosed(deps, event);
    case 'deployment_status':
      return reportDeployment(deps, event);
    case 'branch_pushed':
      // Handled at ingest (a mirror refresh) and never queued; an old job of this kind has nothing to do.
      return;
  }
}

/**
 * CI finished something for a head Codecot is waiting on: evaluate now instead of at the next poll.
 * A code host failure here is left to the poll, which retries it and tells the thread.
 */
async function checksCompleted(
  deps: StageDeps,
  event: Extract<CodeHostEvent, { type: 'checks_completed' }>,
): Promise<void> {
  const prs = await pullRequestsAt(deps.db, event.repo, event.sha, event.prNumbers);
  if (prs.length === 0) return;
  const waiting = await deps.db
    .selectFrom('executions')
    .select('id')
    .where(
      'spec_version_id',
      'in',
      prs.map((pr) => pr.spec_version_id),
    )
    .where('state', '=', 'ci-pending')
    .where('head_sha', '=', event.sha)
    .execute();
  for (const { id } of waiting) {
    try {
      await evaluateCi(deps, id, { kind: 'webhook', eventId: event.eventId, detail: 'CI completed' });
    } catch (error) {
      if (!isCodeHostFailure(error)) throw error;
      deps.logger.warn(
        { err: error, executionId: id },
        'CI evaluation after a webhook failed; the poll retries',
      );
    }
  }
}
