import type { Cause } from '../domain/state-machine.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { CheckResult } from '../ports/code-host.ts';
import { redact } from '../redact.ts';
import {
  CI_DELIVERY_HOLD_SECONDS,
  type CiCheckRecord,
  ciReportFor,
  takeCiReportDelivery,
} from '../store/repositories/ci.ts';
import { executionRow } from '../store/repositories/executions.ts';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import { concludeCi, deliverCiReport } from './ci-report.ts';
import { CI_DEFAULTS, type StageDeps } from './context.ts';
import { loadExecutionContext } from './execution-context.ts';
import { ciHost, ciWatchKey, type WatchPayload } from './follow-ci.ts';
import { isFailing } from './render-ci.ts';
import { isCodeHostFailure, retryAfterOf } from './retry-later.ts';

/** `delivering`: the head's report is claimed but not posted yet, and its poster still holds it. */
export type Evaluation =
  | { kind: 'done' }
  | { kind: 'gone' }
  | { kind: 'delivering' }
  | { kind: 'pending'; checks: CheckResult[] };

/**
 * Reads every check of the execution's head; once all are complete, compares the failing ones with the
 * base commit and concludes. A webhook calls this early; the poll calls it as the fallback.
 */
export async function evaluateCi(deps: StageDeps, executionId: string, cause: Cause): Promise<Evaluation> {
  const row = await executionRow(deps.db, executionId);
  const pr = row && (await pullRequestOf(deps.db, row.spec_version_id));
  const host = ciHost(deps);
  if (!row?.head_sha || !pr || !host) return { kind: 'gone' };
  const existing = await ciReportFor(deps.db, pr.id, row.head_sha);
  if (existing) {
    if (existing.message_id) return { kind: 'done' };
    // Unposted: another evaluation is posting it right now, or its poster died before it could.
    const taken = await takeCiReportDelivery(deps.db, existing.id);
    if (!taken) return { kind: 'delivering' };
    await deliverCiReport(deps, taken);
    return { kind: 'done' };
  }
  if (row.state !== 'ci-pending') return { kind: 'gone' };
  const results = await host.checks(pr.repo, row.head_sha);
  if (results.length === 0 || results.some((r) => r.conclusion === 'pending'))
    return { kind: 'pending', checks: results };
  const failing = results.some((r) => isFailing(r.conclusion));
  const base = failing && row.base_sha ? await host.checks(pr.repo, row.base_sha) : [];
  await concludeCi(deps, {
    executionId,
    pullRequestId: pr.id,
    sha: row.head_sha,
    outcome: failing ? 'failed' : 'passed',
    checks: results.map((r) => toRecord(r, base)),
    cause,
  });
  return { kind: 'done' };
}

/** The poll job: evaluate; conclude on grace or timeout; else poll again later, backing off. */
export async function watchCi(deps: StageDeps, p: WatchPayload): Promise<void> {
  const settings = deps.ci ?? CI_DEFAULTS;
  const waited = (Date.now() - Date.parse(p.since)) / 1_000;
  let delay = Math.round(Math.min(settings.pollSeconds * 1.5 ** p.poll, settings.pollSeconds * 8));
  let told = p.told ?? false;
  let checks: CheckResult[] = [];
  try {
    const state = await evaluateCi(deps, p.executionId, { kind: 'job', detail: `CI poll ${p.poll}` });
    // Look again once the poster's hold is over: posted by then, or taken over from a dead poster.
    if (state.kind === 'delivering') return pollAgain(deps, p, CI_DELIVERY_HOLD_SECONDS, told, true);
    if (state.kind !== 'pending') return;
    checks = state.checks;
    if (checks.length === 0 && waited >= settings.graceSeconds) return conclude(deps, p, 'no-checks', []);
  } catch (error) {
    if (!isCodeHostFailure(error)) throw error;
    delay = Math.max(delay, retryAfterOf(error) ?? 0);
    if (!told) await tellThread(deps, p.executionId, error, delay);
    told = true;
  }
  if (waited >= settings.timeoutMinutes * 60) return conclude(deps, p, 'timed-out', checks);
  await pollAgain(deps, p, delay, told, false);
}

/** Queues the next poll; only while the execution waits for CI, unless a report is still to be posted. */
async function pollAgain(deps: StageDeps, p: WatchPayload, delay: number, told: boolean, reporting: boolean) {
  const row = await executionRow(deps.db, p.executionId);
  const pr = row && (await pullRequestOf(deps.db, row.spec_version_id));
  if (!pr || (!reporting && row?.state !== 'ci-pending')) return;
  await deps.queue.enqueue(
    QUEUES.watchCi,
    { ...p, poll: p.poll + 1, told },
    { key: `${ciWatchKey(pr.repo, pr.number, p.sha)}/poll-${p.poll + 1}`, startAfterSeconds: delay },
  );
}

async function conclude(
  deps: StageDeps,
  p: WatchPayload,
  outcome: 'no-checks' | 'timed-out',
  checks: CheckResult[],
): Promise<void> {
  const row = await executionRow(deps.db, p.executionId);
  const pr = row && (await pullRequestOf(deps.db, row.spec_version_id));
  if (!row?.head_sha || !pr) return;
  await concludeCi(deps, {
    executionId: row.id,
    pullRequestId: pr.id,
    sha: row.head_sha,
    outcome,
    checks: checks.map((c) => toRecord(c, [])),
    cause: { kind: 'job', detail: outcome === 'timed-out' ? 'CI timed out' : 'no CI reported' },
  });
}

/** Once per watch: the code host refuses or fails; the poll goes on (a token can be fixed meanwhile). */
async function tellThread(deps: StageDeps, executionId: string, error: unknown, delay: number) {
  const ctx = await loadExecutionContext(deps, executionId);
  if (!ctx) return;
  const reason = redact(error instanceof Error ? error.message : String(error));
  await ctx.chat.post(
    ctx.channel.ref,
    {
      text: `I could not read the CI results of this pull request: ${reason} I will keep checking (next try in ${delay} s) until CI finishes or I stop waiting.`,
    },
    ctx.replyTo,
  );
}

/** A failing check is compared with the same check on the base commit (null: not run there). */
function toRecord(check: CheckResult, base: readonly CheckResult[]): CiCheckRecord {
  const onBase = base.find((b) => b.name === check.name);
  return {
    name: check.name,
    conclusion: check.conclusion,
    url: check.url,
    failsOnBase: isFailing(check.conclusion) && onBase ? isFailing(onBase.conclusion) : null,
    details: check.details ?? null,
  };
}
