import type { ExecutionState } from '../domain/execution.ts';
import type { GitAuth } from '../ports/code-host.ts';
import type { Workspace } from '../ports/workspaces.ts';
import { setExecutionFields } from '../store/repositories/executions.ts';
import type { ExecutionDeps, StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import type { LoopResult } from './execution-loop.ts';
import type { StatusMessage } from './execution-status.ts';
import { openPullRequest } from './open-pull-request.ts';
import {
  outcomeLine,
  outcomeOf,
  type ResultView,
  renderResult,
  validationLines,
} from './render-execution.ts';
import { checkScope } from './scope-check.ts';

export interface FinishInput {
  workspace: Workspace;
  auth: GitAuth;
  cloneUrl: string;
  loop: LoopResult;
  status: StatusMessage;
  move(to: ExecutionState, detail: string): Promise<unknown>;
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

  await move('pushing', workspace.branch);
  await status.show(`Pushing \`${workspace.branch}\`…`, true);
  const head = await x.workspaces.commitAll(
    workspace,
    `${ctx.version.body.title}\n\nImplements spec v${ctx.version.number} (Codecot execution ${ctx.row.id}).`,
  );
  if (head) await setExecutionFields(deps.db, ctx.row.id, { headSha: head });
  await x.workspaces.push(workspace, input.auth, input.cloneUrl);

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
  const pr = await openPullRequest(deps, x.codeHost, ctx, workspace, view);
  await move('pr-open', `#${pr.number}`);
  await ctx.chat.post(
    ctx.channel.ref,
    renderResult({ ...view, pullRequest: { url: pr.url, number: pr.number, draft: pr.draft } }),
    ctx.replyTo,
  );
  if (outcome === 'failed') {
    await move('failed', `validation failed; draft pull request #${pr.number}`);
    await status.show(
      `Validation failed: draft pull request #${pr.number} ${pr.url}. ${view.outcomeText}`,
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
