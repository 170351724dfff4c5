import { type ChatMessage, messageKey } from '../domain/chat.ts';
import type { ChatEvent } from '../domain/chat-events.ts';
import { meaningOf } from '../domain/emoji.ts';
import { ciChecksOf, ciReportByMessage, latestCiReportOfVersion } from '../store/repositories/ci.ts';
import { findExecutionByStatusMessage } from '../store/repositories/executions.ts';
import { iterationsOf } from '../store/repositories/iterations.ts';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import { latestVersion, type Spec } from '../store/repositories/specs.ts';
import { validationRunsOf } from '../store/repositories/validation-runs.ts';
import { chatFor, type StageDeps } from './context.ts';
import { maySteerExecution } from './execution-authority.ts';
import { startIteration } from './iterate.ts';
import { ciFeedback } from './render-ci.ts';

type ReactionEvent = Extract<ChatEvent, { type: 'reaction_added' }>;

/**
 * 🔁 on a failed CI report starts a CI fix iteration; on the status message of a failed run, a retry.
 * Returns true when the reaction was about one of those messages (handled, or refused with a reason).
 */
export async function iterateFromReaction(deps: StageDeps, event: ReactionEvent): Promise<boolean> {
  if (meaningOf(event.target.channel.platform, event.emoji) !== 'repeat') return false;
  const target = messageKey(event.target);
  const report = await ciReportByMessage(deps.db, target);
  const failedRun = report ? undefined : await findExecutionByStatusMessage(deps.db, target);
  const execution = report?.execution_id ?? failedRun?.id;
  if (!execution) return false;
  if (!(await maySteerExecution(deps, event.user, execution))) return true;
  const row = await deps.db
    .selectFrom('executions')
    .selectAll()
    .where('id', '=', execution)
    .executeTakeFirstOrThrow();
  const latest = (await iterationsOf(deps.db, row.spec_version_id)).at(-1);
  const answer = (text: string) =>
    chatFor(deps, event.target.channel.platform).post(event.target.channel, { text }, event.target);
  if (latest?.id !== row.id) {
    await answer(
      `That was iteration ${row.iteration}; iteration ${latest?.iteration} came after it. React on the newest result.`,
    );
    return true;
  }
  if (report && report.outcome !== 'failed') {
    const why = report.outcome === 'timed-out' ? 'CI did not finish there' : 'CI did not fail there';
    await answer(`${why}, so there is no failure to fix. Reply in the thread with what to change.`);
    return true;
  }
  if (failedRun && !['failed', 'cancelled'].includes(failedRun.state)) return false;
  const feedback = report
    ? ciFeedback(report.head_sha, await ciChecksOf(deps.db, report.pull_request_id, report.head_sha))
    : await failureFeedback(deps, row);
  await startIteration(deps, {
    versionId: row.spec_version_id,
    trigger: report ? 'ci-fix' : 'retry',
    feedback,
    by: event.user.id,
    eventId: event.eventId,
    where: event.target,
  });
  return true;
}

/**
 * A trusted person's reply in the thread once the spec's pull request is open asks for another
 * iteration (new commits on the same pull request). Returns false when the thread has no approved
 * spec with a pull request (the reply then revises a proposed spec, or is just talk).
 */
export async function iterateFromReply(
  deps: StageDeps,
  spec: Spec,
  reply: { eventId: string; message: ChatMessage },
): Promise<boolean> {
  const version = await latestVersion(deps.db, spec.id);
  if (version?.state !== 'approved' || !deps.execution) return false;
  // Before the pull request exists the thread is just talk; after it, a reply is a request.
  if (!(await pullRequestOf(deps.db, version.id))) return false;
  const { author } = reply.message;
  if (author.isBot || author.trust !== 'trusted') return true;
  const report = await latestCiReportOfVersion(deps.db, version.id);
  const latest = (await iterationsOf(deps.db, version.id)).at(-1);
  const failedCi =
    report?.outcome === 'failed' && report.execution_id === latest?.id
      ? `\n\n${ciFeedback(report.head_sha, await ciChecksOf(deps.db, report.pull_request_id, report.head_sha))}`
      : '';
  await startIteration(deps, {
    versionId: version.id,
    trigger: 'reply',
    feedback: `${author.name} asked in the thread: "${reply.message.text.trim()}"${failedCi}`,
    by: author.id,
    eventId: reply.eventId,
    where: reply.message.ref,
  });
  return true;
}

/** What a retry is told: the error, or the checks that failed in the last attempt. */
async function failureFeedback(deps: StageDeps, row: { id: string; error: string | null }): Promise<string> {
  const runs = await validationRunsOf(deps.db, row.id);
  const lastAttempt = Math.max(0, ...runs.map((r) => r.attempt));
  const failing = runs.filter(
    (r) => r.phase === 'change' && r.attempt === lastAttempt && r.status !== 'passed',
  );
  const checks = failing.map(
    (r) => `Check "${r.check_name}" (${r.command}) ${r.status}:\n${r.log_tail.slice(-1_500)}`,
  );
  return [`The previous iteration did not finish${row.error ? `: ${row.error}` : '.'}`, ...checks].join(
    '\n\n',
  );
}
