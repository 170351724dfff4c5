import type { CodeHostEvent } from '../domain/code-host-events.ts';
import { executionMachine } from '../domain/execution.ts';
import { isCodecotError } from '../errors.ts';
import { iterationsOf } from '../store/repositories/iterations.ts';
import { remember } from '../store/repositories/memory.ts';
import {
  closePullRequest,
  findPullRequest,
  pullRequestsAt,
} from '../store/repositories/pull-request-state.ts';
import { moveState } from '../store/transitions.ts';
import type { StageDeps } from './context.ts';
import { type ExecutionContext, loadExecutionContext } from './execution-context.ts';
import { specHistoryLines } from './spec-history.ts';

type Closed = Extract<CodeHostEvent, { type: 'pull_request_closed' }>;
type Deployment = Extract<CodeHostEvent, { type: 'deployment_status' }>;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The thread of a pull request's spec version, through its newest iteration. */
async function threadOf(deps: StageDeps, specVersionId: string): Promise<ExecutionContext | undefined> {
  const latest = (await iterationsOf(deps.db, specVersionId)).at(-1);
  return latest && loadExecutionContext(deps, latest.id);
}

/**
 * A merged or closed pull request is told in its thread with the spec's history, and the decision
 * goes into the repository's memory. Recorded once: a redelivery finds the pull request closed.
 */
export async function reportPullRequestClosed(deps: StageDeps, event: Closed): Promise<void> {
  const pr = await findPullRequest(deps.db, event.repo, event.number);
  const ctx = pr?.state === 'open' ? await threadOf(deps, pr.spec_version_id) : undefined;
  if (!pr || !ctx) return;
  const by = event.closedBy ? ` by ${event.closedBy}` : '';
  const title = ctx.version.body.title;
  const text = event.merged
    ? `Pull request #${pr.number} was merged${by}: ${pr.url}`
    : `Pull request #${pr.number} was closed without merging${by}: ${pr.url}`;
  // Told first, recorded after: a failed post is retried by the job instead of being lost.
  await ctx.chat.post(
    ctx.channel.ref,
    {
      title: event.merged ? `Merged: ${title}` : `Closed without merging: ${title}`,
      text,
      sections: [
        // The text is a section too: Slack shows `text` only as the notification fallback.
        { body: text },
        { heading: 'History', items: await specHistoryLines(deps.db, ctx.spec.id) },
      ],
    },
    ctx.replyTo,
  );
  await deps.db.transaction().execute(async (trx) => {
    if (!(await closePullRequest(trx, pr.id, event.merged ? 'merged' : 'closed', event.closedBy))) return;
    await remember(trx, {
      scope: 'repo',
      scopeId: pr.repo,
      kind: 'decision',
      text: event.merged
        ? `Merged: ${title} — ${clip(ctx.version.body.desiredOutcome, 300)}`
        : `Closed without merging: ${title}`,
      source: `pull_request:${pr.repo}#${pr.number}`,
    });
  });
  if (!event.merged) await stopWaiting(deps, pr.spec_version_id);
}

/** Closed unmerged while CI was pending: there is nothing left to wait for. */
async function stopWaiting(deps: StageDeps, specVersionId: string): Promise<void> {
  for (const run of await iterationsOf(deps.db, specVersionId)) {
    if (run.state !== 'ci-pending') continue;
    await moveState(deps.db, 'executions', run.id, executionMachine, 'cancelled', {
      kind: 'webhook',
      detail: 'pull request closed without merging',
    }).catch((error: unknown) => {
      if (!isCodecotError(error, 'illegal_transition')) throw error;
    });
  }
}

/** A deployment of a pull request's head with an environment URL (a preview) is posted in its thread. */
export async function reportDeployment(deps: StageDeps, event: Deployment): Promise<void> {
  if (!event.url) return;
  for (const pr of await pullRequestsAt(deps.db, event.repo, event.sha)) {
    const ctx = await threadOf(deps, pr.spec_version_id);
    if (!ctx) continue;
    const text =
      event.state === 'success'
        ? `Preview deployed (${event.environment}) for pull request #${pr.number}: ${event.url}`
        : `Deployment to ${event.environment} for pull request #${pr.number} ended ${event.state}: ${event.url}`;
    await ctx.chat.post(ctx.channel.ref, { text }, ctx.replyTo);
  }
}
