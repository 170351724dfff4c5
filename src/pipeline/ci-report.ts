import { messageKey } from '../domain/chat.ts';
import { emojiFor } from '../domain/emoji.ts';
import { type ExecutionState, executionMachine } from '../domain/execution.ts';
import type { Cause } from '../domain/state-machine.ts';
import { isCodecotError } from '../errors.ts';
import {
  type CiCheckRecord,
  type CiOutcome,
  ciChecksOf,
  claimCiReport,
  releaseCiReportDelivery,
  saveCiChecks,
  setCiReportMessage,
} from '../store/repositories/ci.ts';
import { iterationsOf } from '../store/repositories/iterations.ts';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import { moveState } from '../store/transitions.ts';
import { CI_DEFAULTS, type StageDeps } from './context.ts';
import { loadExecutionContext } from './execution-context.ts';
import { logExecution } from './execution-log.ts';
import { StatusMessage } from './execution-status.ts';
import { duration, emojiText, renderCiReport } from './render-ci.ts';

export interface CiConclusion {
  executionId: string;
  pullRequestId: string;
  sha: string;
  outcome: CiOutcome;
  checks: CiCheckRecord[];
  cause: Cause;
}

/** No check at all is no evidence against the change; a timeout is no evidence for it. */
const STATE: Record<CiOutcome, ExecutionState> = {
  passed: 'succeeded',
  'no-checks': 'succeeded',
  failed: 'failed',
  'timed-out': 'failed',
};

/** Iterations that count against the cap: the ones a 🔁 started. */
export const CAPPED_TRIGGERS: readonly string[] = ['ci-fix', 'retry'];

/**
 * Stores the checks, then claims the head's one report and moves the execution in one transaction:
 * whoever claims it (a webhook or a poll) posts it, and nobody else ever does.
 */
export async function concludeCi(deps: StageDeps, c: CiConclusion): Promise<void> {
  await saveCiChecks(deps.db, c.pullRequestId, c.sha, c.checks);
  const claimed = await deps.db
    .transaction()
    .execute(async (trx) => {
      const report = await claimCiReport(trx, { ...c, headSha: c.sha });
      if (report)
        await moveState(trx, 'executions', c.executionId, executionMachine, STATE[c.outcome], c.cause);
      return report;
    })
    .catch((error: unknown) => {
      // The execution moved on meanwhile (a new iteration superseded it): its CI no longer matters.
      if (isCodecotError(error, 'illegal_transition')) return undefined;
      throw error;
    });
  if (!claimed) return;
  await logExecution(deps, c.executionId, [
    ...c.checks.map((check) => ({
      kind: 'ci' as const,
      text: `CI check ${check.name}: ${check.conclusion}`,
    })),
    { kind: 'ci', text: `CI ${c.outcome} on ${c.sha.slice(0, 7)}` },
    { kind: 'state', text: `ci-pending → ${STATE[c.outcome]}: ${c.cause.detail ?? `CI ${c.outcome}`}` },
  ]);
  await deliverCiReport(deps, claimed);
}

type CiReportRow = NonNullable<Awaited<ReturnType<typeof claimCiReport>>>;

/**
 * Posts a report whose delivery this caller holds (it claimed the report, or took it over from a poster
 * that died) and updates the status message. A failed post gives the delivery back before it throws.
 */
export async function deliverCiReport(deps: StageDeps, report: CiReportRow): Promise<void> {
  try {
    await postCiReport(deps, report);
  } catch (error) {
    await releaseCiReportDelivery(deps.db, report.id).catch((err: unknown) =>
      deps.logger.warn({ err, reportId: report.id }, 'could not give back a CI report delivery'),
    );
    throw error;
  }
}

async function postCiReport(deps: StageDeps, report: CiReportRow): Promise<void> {
  const ctx = await loadExecutionContext(deps, report.execution_id);
  const pr = ctx && (await pullRequestOf(deps.db, ctx.version.id));
  if (!ctx || !pr || report.message_id) return;
  const settings = deps.ci ?? CI_DEFAULTS;
  const outcome = report.outcome as CiOutcome;
  const fixes = (await iterationsOf(deps.db, ctx.version.id)).filter((e) =>
    CAPPED_TRIGGERS.includes(e.trigger ?? ''),
  ).length;
  const repeat = emojiText('repeat', ctx.chat.name);
  const message = renderCiReport({
    outcome,
    sha: report.head_sha,
    pullRequest: { number: pr.number, url: pr.url },
    checks: await ciChecksOf(deps.db, pr.id, report.head_sha),
    waited:
      outcome === 'timed-out' ? duration(settings.timeoutMinutes * 60) : duration(settings.graceSeconds),
    next: { repeat, fixesLeft: settings.maxIterations - fixes },
  });
  const posted = await ctx.chat.post(ctx.channel.ref, message, ctx.replyTo);
  await setCiReportMessage(deps.db, report.id, messageKey(posted));
  if (outcome === 'failed' && fixes < settings.maxIterations)
    await ctx.chat.addReaction(posted, emojiFor('repeat', ctx.chat.name)).catch(() => undefined);
  const done = `Done: ${pr.draft ? 'draft ' : ''}pull request #${pr.number} ${pr.url}.`;
  const line: Record<CiOutcome, string> = {
    passed: `${done} CI passed on \`${report.head_sha.slice(0, 7)}\`.`,
    'no-checks': `${done} No CI checks were reported for \`${report.head_sha.slice(0, 7)}\`.`,
    failed: `CI failed on pull request #${pr.number} ${pr.url}: see the CI message below; react ${repeat} there to fix it.`,
    'timed-out': `Stopped waiting for CI on pull request #${pr.number} ${pr.url}.`,
  };
  await new StatusMessage(deps, ctx).show(line[outcome], true);
}
