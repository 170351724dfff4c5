import type { ExecutionState } from '../domain/execution.ts';
import type { GitAuth } from '../ports/code-host.ts';
import type { Workspace } from '../ports/workspaces.ts';
import { redact } from '../redact.ts';
import { setExecutionFields } from '../store/repositories/executions.ts';
import { setPullRequestHead } from '../store/repositories/pull-request-state.ts';
import { pullRequestOf } from '../store/repositories/pull-requests.ts';
import type { ExecutionDeps, StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import type { LoopResult } from './execution-loop.ts';
import type { StatusMessage } from './execution-status.ts';
import { followCi } from './follow-ci.ts';
import { openPullRequest } from './open-pull-request.ts';
import { emojiText } from './render-ci.ts';
import {
  outcomeLine,
  outcomeOf,
  type ResultView,
  renderResult,
  validationLines,
} from './render-execution.ts';
import { resultAlreadyPosted } from './result-posted.ts';
import { withWaits } from './retry-later.ts';
import { checkScope } from './scope-check.ts';

export interface FinishInput {
  workspace: Workspace;
  auth: GitAuth;
  cloneUrl: string;
  loop: LoopResult;
  status: StatusMessage;
  move(to: ExecutionState, detail: string): Promise<unknown>;
  /** A later iteration on the branch of an open pull request: it must add a commit. */
  continuing?: boolean;
}

/** Scope check, commit, push, pull request, and the result in the thread: exactly what was proven. */
export async function finishExecution(
  deps: StageDeps,
  x: ExecutionDeps,
  ctx: ExecutionContext,
  input: FinishInput,
): Promise<void> {
  const { workspace, loop, status, move } = input;
  const diff = await x.workspaces.diff(workspace, 200_000);
  const scope = checkScope(diff, ctx.version.body);
  const outcome = outcomeOf(loop.compared);
  await setExecutionFields(deps.db, ctx.row.id, {
    summary: loop.summary,
    scopeReport: { ...scope },
    diffStat: { files: diff.files, truncated: diff.truncated },
    validationOutcome: outcome === 'passed' ? 'passed' : outcome === 'none' ? 'none' : 'failed',
  });
  if (diff.files.length === 0)
    throw new Error(
      `the agent made no change. ${loop.summary ? `It said: ${loop.summary.slice(0, 300)}` : ''}`,
    );
  // Pushing would hand Codecot's own credential to everyone who can read the repository.
  if (scope.credentials?.length)
    throw new Error(
      `the change adds one of Codecot's own credentials (in ${scope.credentials.join(', ')}), so nothing was pushed.`,
    );

  await move('pushing', workspace.branch);
  await status.show(`Pushing \`${workspace.branch}\`…`, true);
  const iteration = ctx.row.iteration > 1 ? ` (iteration ${ctx.row.iteration})` : '';
  const head = await x.workspaces.commitAll(
    workspace,
    redact(
      `${ctx.version.body.title}${iteration}\n\nImplements spec v${ctx.version.number} (Codecot execution ${ctx.row.id}).`,
    ),
  );
  // A restart may find its interrupted run's commit already on the branch: nothing new is then fine.
  if (!head && input.continuing && ctx.row.trigger !== 'restart')
    throw new Error(`the agent made no new change in this iteration. ${loop.summary.slice(0, 300)}`);
  if (head) await setExecutionFields(deps.db, ctx.row.id, { headSha: head });
  await x.workspaces.push(workspace, input.auth, input.cloneUrl, { replace: !input.continuing });
  status.log.write('push', `pushed ${workspace.branch}${head ? ` at ${head.slice(0, 10)}` : ''}`);

  const view: Omit<ResultView, 'pullRequest'> = {
    title: ctx.version.body.title,
    version: ctx.version.number,
    outcome,
    outcomeText: outcomeLine(outcome, loop.compared, loop.attempts),
    checks: validationLines(loop.compared),
    scope,
    agent: x.agent.name,
    model: deps.model?.modelName ?? null,
    tokens: loop.tokens,
    summary: loop.summary,
    branch: workspace.branch,
    sandbox: { name: x.sandbox.name, isolated: x.sandbox.isolated },
  };
  // The branch is pushed: a short rate limit is waited out rather than wasting the run.
  const pr = await withWaits(() => openPullRequest(deps, x.codeHost, ctx, workspace, view), {
    tries: 3,
    maxWaitSeconds: 300,
    onWait: (seconds) =>
      status.show(`GitHub asked me to wait ${seconds} s before the pull request; waiting…`, true),
  });
  const sha = head ?? pr.headSha;
  await recordHead(deps, ctx.version.id, sha, pr.draft);
  status.log.write(
    'pull-request',
    `${pr.draft ? 'draft ' : ''}pull request #${pr.number} ${input.continuing ? 'updated' : 'opened'}: ${pr.url}`,
  );
  await move('pr-open', `#${pr.number}`);
  if (!(await resultAlreadyPosted(deps, ctx, pr.url)))
    await ctx.chat.post(
      ctx.channel.ref,
      renderResult({ ...view, pullRequest: { url: pr.url, number: pr.number, draft: pr.draft } }),
      ctx.replyTo,
    );
  if (outcome === 'failed') {
    await move('failed', `validation failed; draft pull request #${pr.number}`);
    await status.show(
      `Validation failed: draft pull request #${pr.number} ${pr.url}. ${view.outcomeText} React ${emojiText('repeat', ctx.chat.name)} here to try again with the failures as feedback, or reply in the thread.`,
      true,
    );
    return;
  }
  if (await followCi(deps, ctx.row, { repo: workspace.repo, number: pr.number }, sha)) {
    status.log.write('state', `pr-open → ci-pending: waiting for CI on ${sha.slice(0, 7)}`);
    await status.show(
      `Pull request #${pr.number} ${pr.url} ${input.continuing ? 'updated' : 'opened'}. ${view.outcomeText} Waiting for CI on \`${sha.slice(0, 7)}\`…`,
      true,
    );
    return;
  }
  await move(
    'succeeded',
    outcome === 'passed' ? 'validated change proposed' : `change proposed, validation ${outcome}`,
  );
  await status.show(
    `Done: ${pr.draft ? 'draft ' : ''}pull request #${pr.number} ${pr.url}. ${view.outcomeText}`,
    true,
  );
}

/** The pull request's head is what CI runs on and what webhooks name: keep it current on each iteration. */
async function recordHead(
  deps: StageDeps,
  specVersionId: string,
  sha: string,
  draft: boolean,
): Promise<void> {
  const record = await pullRequestOf(deps.db, specVersionId);
  if (record && (record.head_sha !== sha || record.draft !== draft))
    await setPullRequestHead(deps.db, record.id, sha, draft);
}
