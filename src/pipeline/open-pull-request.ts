import type { CodeHost, PullRequest } from '../ports/code-host.ts';
import type { Workspace } from '../ports/workspaces.ts';
import { redact } from '../redact.ts';
import { pullRequestOf, recordPullRequest } from '../store/repositories/pull-requests.ts';
import type { StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import type { ResultView } from './render-execution.ts';
import { scopeFlags } from './scope-check.ts';
import { specMarkdown } from './spec-markdown.ts';

/**
 * Opens the pull request of a spec version (a draft unless validation passed) whose body carries
 * the spec and the proof, or returns the one it already has: one spec version never opens two.
 */
export async function openPullRequest(
  deps: StageDeps,
  codeHost: CodeHost,
  ctx: ExecutionContext,
  workspace: Workspace,
  view: Omit<ResultView, 'pullRequest'>,
): Promise<PullRequest> {
  const existing = await pullRequestOf(deps.db, ctx.version.id);
  const threadLink = ctx.replyTo ? await ctx.chat.permalink(ctx.replyTo).catch(() => undefined) : undefined;
  // Secret-like content is pushed only as a draft, flagged, so a person looks before anyone merges.
  const draft =
    (view.outcome !== 'passed' && view.outcome !== 'no-new-failures') || view.scope.secrets.length > 0;
  const body = redact(pullRequestBody(ctx, view, threadLink));
  if (existing) {
    // A later iteration updates the proof, and the draft flag follows its validation.
    const flip = existing.draft !== draft ? { draft } : {};
    await codeHost.updatePullRequest(existing.repo, existing.number, { body, ...flip });
    return {
      number: existing.number,
      url: existing.url,
      headSha: existing.head_sha,
      state: 'open',
      draft,
    };
  }
  const pr = await codeHost.openPullRequest({
    repo: workspace.repo,
    head: workspace.branch,
    base: workspace.baseBranch,
    title: redact(ctx.version.body.title),
    body,
    draft,
  });
  await recordPullRequest(deps.db, {
    specVersionId: ctx.version.id,
    repo: workspace.repo,
    number: pr.number,
    url: pr.url,
    branch: workspace.branch,
    state: pr.state,
    draft: pr.draft,
    headSha: pr.headSha,
  });
  return pr;
}

function pullRequestBody(
  ctx: ExecutionContext,
  view: Omit<ResultView, 'pullRequest'>,
  threadLink: string | undefined,
): string {
  const flags = scopeFlags(view.scope);
  return [
    `Opened by Codecot from an approved spec${threadLink ? ` ([discussion thread](${threadLink}))` : ''}.`,
    `## Validation\n${view.outcomeText}\n\n${view.checks.map((c) => `- ${c}`).join('\n') || '- no checks configured'}`,
    `## Scope check\n- ${view.scope.filesChanged} files changed, +${view.scope.additions} −${view.scope.deletions}\n${flags.length ? flags.map((f) => `- ⚠️ ${f}`).join('\n') : '- nothing flagged'}`,
    `## Agent\n- ${view.agent}, model ${view.model ?? 'n/a'}, ${view.tokens.input} input / ${view.tokens.output} output tokens\n- sandbox: ${view.sandbox.name}${view.sandbox.isolated ? '' : ' (not isolated)'}\n\n${view.summary}`,
    `## Approved spec\n${specMarkdown(ctx.version.body, ctx.version.number)}`,
  ].join('\n\n');
}
