import { branchName } from '../domain/branch.ts';
import { type ExecutionState, executionMachine } from '../domain/execution.ts';
import type { Cause } from '../domain/state-machine.ts';
import { isCodecotError } from '../errors.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { CodeHost } from '../ports/code-host.ts';
import type { Workspace } from '../ports/workspaces.ts';
import { redact } from '../redact.ts';
import { createExecution, executionRow, setExecutionFields } from '../store/repositories/executions.ts';
import { iterationsOf, setIterationCause } from '../store/repositories/iterations.ts';
import { moveState } from '../store/transitions.ts';
import type { StageDeps } from './context.ts';
import { continuationOf } from './continue-iteration.ts';
import { type ExecutionContext, loadExecutionContext } from './execution-context.ts';
import { runAgentLoop } from './execution-loop.ts';
import { StatusMessage } from './execution-status.ts';
import { finishExecution } from './finish-execution.ts';
import { emojiText } from './render-ci.ts';
import { loadRepoChecks } from './repo-checks.ts';
import { retryAfterOf, retryExecutionLater } from './retry-later.ts';
import { runChecks } from './validate.ts';

const TERMINAL: readonly string[] = ['succeeded', 'failed', 'cancelled'];
const MAX_DELAYED_RETRIES = 5;
const MAX_RESTARTS = 2;

/**
 * The execute job: a fresh checkout, a baseline validation, the agent and Codecot's own validation
 * (with fix attempts), the scope check, then push and pull request. Every state change is audited,
 * the status message follows along, and a cancel request kills the sandbox within a second or two.
 */
export async function runExecution(
  deps: StageDeps,
  payload: { executionId: string; delayedRetries?: number },
  attempt: { number: number; max: number },
): Promise<void> {
  const x = deps.execution;
  const ctx = await loadExecutionContext(deps, payload.executionId, { awaitStatusMessageMs: 10_000 });
  // Waiting for CI is the job's work done: a redelivered job must not restart it.
  if (!x || !ctx || TERMINAL.includes(ctx.row.state) || ctx.row.state === 'ci-pending') return;
  const status = new StatusMessage(deps, ctx);
  const move = async (to: ExecutionState, detail: string) => {
    const change = await moveState(deps.db, 'executions', ctx.row.id, executionMachine, to, {
      kind: 'job',
      detail,
    });
    status.log.write('state', `${change.from} → ${to}: ${detail}`);
    return change;
  };
  if (ctx.row.state !== 'queued') return restartInterrupted(deps, ctx, status);
  if (ctx.row.cancel_requested_at) return cancel(deps, ctx, status);
  if (!ctx.repo)
    return fail(
      deps,
      ctx,
      status,
      'No repository is linked to this channel: use `/codecot repo owner/name`, then approve again.',
    );

  const abort = new AbortController();
  const watcher = setInterval(() => void watchCancel(deps, ctx.row.id, abort), 1_000);
  let workspace: Workspace | undefined;
  try {
    const repository = await x.codeHost.getRepository(ctx.repo);
    // A later iteration continues the pull request's branch; the first starts fresh from the base.
    const continuing = await continuationOf(deps.db, ctx.version.id);
    const [auth, baseHead] = await Promise.all([
      x.codeHost.gitAuth(ctx.repo),
      continuing ? undefined : currentBaseHead(deps, x.codeHost, ctx.repo, repository.defaultBranch),
    ]);
    await move('preparing', `checkout of ${ctx.repo}`);
    await status.show(
      continuing
        ? `Preparing iteration ${ctx.row.iteration} on \`${continuing.branch}\` of ${ctx.repo}…`
        : `Preparing a fresh checkout of ${ctx.repo}…`,
      true,
    );
    workspace = await x.workspaces.prepare({
      repo: ctx.repo,
      cloneUrl: repository.cloneUrl,
      auth,
      baseBranch: repository.defaultBranch,
      // A restarted run keeps its interrupted run's branch: GitHub then has one pull request for both.
      branch: continuing?.branch ?? ctx.row.branch ?? branchName(ctx.row.id, ctx.version.body.title),
      executionId: ctx.row.id,
      ...(continuing ? { existingBranch: true } : {}),
      ...(baseHead ? { expectedBaseSha: baseHead } : {}),
    });
    await setExecutionFields(deps.db, ctx.row.id, {
      branch: workspace.branch,
      baseSha: workspace.baseSha,
      workspace: workspace.path,
      agent: x.agent.name,
      model: deps.model?.modelName ?? null,
    });
    const checks = await loadRepoChecks(workspace.path);
    const options = {
      sandbox: x.sandbox,
      workspace: workspace.path,
      env: x.sandboxEnv,
      timeoutMs: checks.timeoutSeconds * 1_000,
      signal: abort.signal,
    };
    status.log.attempt = 0;
    if (!continuing)
      await runChecks(checks.setup, {
        ...options,
        allowHosts: checks.setupHosts,
        ...status.log.checkHooks(
          'base setup',
          (k, m) => void status.show(`Setting up the base commit (${k} of ${m})…`),
        ),
      });
    const baseline =
      continuing?.baseline ??
      (await runChecks(checks.validate, {
        ...options,
        ...status.log.checkHooks(
          'baseline',
          (k, m) => void status.show(`Baseline checks on the base commit: ${k} of ${m}…`),
        ),
      }));
    const feedback = ctx.row.feedback ? { feedback: ctx.row.feedback } : {};
    const loop = await runAgentLoop(deps, x, ctx, {
      workspace,
      checks,
      baseline,
      options,
      status,
      move,
      ...feedback,
    });
    await finishExecution(deps, x, ctx, {
      workspace,
      auth,
      cloneUrl: repository.cloneUrl,
      loop,
      status,
      move,
      continuing: continuing !== undefined,
    });
  } catch (error) {
    if (abort.signal.aborted) return cancel(deps, ctx, status);
    const row = await executionRow(deps.db, ctx.row.id);
    const retryable = !isCodecotError(error) || error.retryable;
    // GitHub named a wait (rate limit): the run is queued again for then, instead of retried at once.
    const wait = row?.state === 'queued' ? retryAfterOf(error) : undefined;
    if (wait !== undefined && (payload.delayedRetries ?? 0) < MAX_DELAYED_RETRIES)
      return retryExecutionLater(deps, ctx, status, { ...payload, wait, reason: explain(error) });
    if (row?.state === 'queued' && retryable && attempt.number < attempt.max) throw error;
    deps.logger.error({ err: error, executionId: ctx.row.id }, 'execution failed');
    await fail(
      deps,
      ctx,
      status,
      `${explain(error)} React ${emojiText('repeat', ctx.chat.name)} here to try again.`,
    );
  } finally {
    clearInterval(watcher);
    await status.log.flush();
    if (workspace) {
      await x.workspaces
        .remove(workspace)
        .catch((err: unknown) => deps.logger.warn({ err }, 'workspace removal failed'));
      const usage = await x.workspaces.diskUsage().catch(() => undefined);
      if (usage) deps.logger.info({ ...usage, executionId: ctx.row.id }, 'workspace disk use after the run');
    }
  }
}

/**
 * The base branch's tip as the code host reports it, so a current mirror skips its fetch. Only a hint:
 * when the host cannot say, the workspace fetches as always.
 */
async function currentBaseHead(deps: StageDeps, host: CodeHost, repo: string, branch: string) {
  if (!host.branchHead) return undefined;
  try {
    return (await host.branchHead(repo, branch)) ?? undefined;
  } catch (error) {
    deps.logger.warn({ err: error, repo }, 'could not read the base branch tip; the mirror is fetched');
    return undefined;
  }
}

async function watchCancel(deps: StageDeps, executionId: string, abort: AbortController): Promise<void> {
  const row = await executionRow(deps.db, executionId).catch(() => undefined);
  if (row?.cancel_requested_at && !abort.signal.aborted)
    abort.abort(new Error(`cancelled by ${row.cancel_requested_by ?? 'someone'}`));
}

async function cancel(deps: StageDeps, ctx: ExecutionContext, status: StatusMessage): Promise<void> {
  const row = await executionRow(deps.db, ctx.row.id);
  if (!row || TERMINAL.includes(row.state)) return;
  const by = row.cancel_requested_by ?? 'someone';
  await moveState(deps.db, 'executions', row.id, executionMachine, 'cancelled', {
    kind: 'job',
    actor: by,
    detail: 'cancel requested',
  } satisfies Cause);
  status.log.write(
    'cancel',
    `${row.state} → cancelled by ${by}: the sandbox was stopped, nothing was pushed`,
  );
  await status.log.flush();
  await status.show(
    `Cancelled by <@${by.slice(by.indexOf(':') + 1)}>. The sandbox was stopped; nothing was pushed.`,
    true,
  );
}

async function fail(
  deps: StageDeps,
  ctx: ExecutionContext,
  status: StatusMessage,
  reason: string,
): Promise<void> {
  const row = await executionRow(deps.db, ctx.row.id);
  if (!row || TERMINAL.includes(row.state)) return;
  await setExecutionFields(deps.db, row.id, { error: reason });
  await moveState(deps.db, 'executions', row.id, executionMachine, 'failed', {
    kind: 'job',
    detail: reason.slice(0, 200),
  });
  status.log.write('error', `${row.state} → failed: ${reason}`);
  await status.log.flush();
  await status.show(`Failed: ${reason}`, true);
}

/**
 * A job found its execution mid-run: the process running it died. Fail it plainly and start over. The
 * thread is told first; then the failure and the restarted run (with its job) commit together, so a
 * process dying in between leaves either both or neither, and the retried job then does it again.
 */
async function restartInterrupted(
  deps: StageDeps,
  ctx: ExecutionContext,
  status: StatusMessage,
): Promise<void> {
  // Iterations also count fixes and replies now: only earlier restarts limit another one.
  const restarts = (await iterationsOf(deps.db, ctx.version.id)).filter((r) => r.trigger === 'restart');
  const restart = restarts.length < MAX_RESTARTS;
  const reason = restart
    ? 'interrupted (Codecot restarted); starting the run again from a fresh checkout.'
    : 'interrupted again; not restarting. React 🔁 or approve again to retry.';
  status.log.write('error', `${ctx.row.state} → failed: ${reason}`);
  await status.log.flush();
  await status.show(`Failed: ${reason}`, true);
  await deps.db.transaction().execute(async (trx) => {
    const row = await executionRow(trx, ctx.row.id);
    if (!row || TERMINAL.includes(row.state)) return;
    await setExecutionFields(trx, row.id, { error: reason });
    await moveState(trx, 'executions', row.id, executionMachine, 'failed', {
      kind: 'job',
      detail: reason.slice(0, 200),
    });
    if (!restart) return;
    const { execution, created } = await createExecution(trx, ctx.version.id, ctx.row.iteration + 1, {
      kind: 'system',
      detail: `restart of ${ctx.row.id}`,
    });
    if (!created) return;
    // The restarted run keeps what its iteration was asked to do, its branch and its status message.
    await setIterationCause(trx, execution.id, {
      trigger: 'restart',
      feedback: ctx.row.feedback,
      by: ctx.row.triggered_by,
      eventId: null,
    });
    await setExecutionFields(trx, execution.id, {
      ...(ctx.row.branch ? { branch: ctx.row.branch } : {}),
      ...(ctx.row.status_message_id ? { statusMessageId: ctx.row.status_message_id } : {}),
    });
    await deps.queue.enqueue(
      QUEUES.execute,
      { executionId: execution.id },
      { key: `${ctx.version.id}:${ctx.row.iteration + 1}`, trx, ...(ctx.repo ? { group: ctx.repo } : {}) },
    );
  });
}

function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message).slice(0, 500);
}
