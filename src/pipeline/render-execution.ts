import type { RichMessage } from '../domain/chat.ts';
import type { ScopeReport } from './scope-check.ts';
import { scopeFlags } from './scope-check.ts';
import type { ComparedCheck } from './validate.ts';

export type ValidationOutcome = 'passed' | 'no-new-failures' | 'failed' | 'none';

/** What the validation proved, in one word; "passed" only when every check passed. */
export function outcomeOf(compared: readonly ComparedCheck[]): ValidationOutcome {
  if (compared.length === 0) return 'none';
  if (compared.some((c) => c.verdict === 'new-failure')) return 'failed';
  if (compared.some((c) => c.verdict === 'failed-on-base-too')) return 'no-new-failures';
  return 'passed';
}

export function outcomeLine(
  outcome: ValidationOutcome,
  compared: readonly ComparedCheck[],
  attempts: number,
): string {
  switch (outcome) {
    case 'passed':
      return `Validation passed: ${compared.length} check${compared.length === 1 ? '' : 's'}, all passing.`;
    case 'no-new-failures':
      return `No new failures, but validation did not pass: ${compared
        .filter((c) => c.verdict === 'failed-on-base-too')
        .map((c) => c.after.name)
        .join(', ')} also fail${compared.length === 1 ? 's' : ''} on the base branch.`;
    case 'failed':
      return `Validation failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${compared
        .filter((c) => c.verdict === 'new-failure')
        .map((c) => c.after.name)
        .join(', ')}.`;
    case 'none':
      return 'No validation ran: the repository has no .codecot.yml and no test, lint or typecheck script.';
  }
}

const ICON = { passed: '✅', fixed: '✅', 'new-failure': '❌', 'failed-on-base-too': '⚠️' } as const;

/** One line per check: status, the reason, counts and duration. */
export function validationLines(compared: readonly ComparedCheck[]): string[] {
  return compared.map(({ after, verdict, newFailingNames }) => {
    const what =
      after.status === 'timed-out'
        ? 'timed out'
        : verdict === 'passed'
          ? 'passed'
          : verdict === 'fixed'
            ? 'passed (failed on the base branch)'
            : verdict === 'failed-on-base-too'
              ? 'failed, also fails on the base branch'
              : 'failed';
    const counts = after.passed !== null ? ` (${after.passed} passed, ${after.failed ?? 0} failed)` : '';
    const names = newFailingNames.length ? ` — ${newFailingNames.slice(0, 5).join('; ')}` : '';
    return `${after.status === 'timed-out' ? '⏱' : ICON[verdict]} ${after.name}: ${what}${counts} in ${(after.durationMs / 1000).toFixed(1)} s${names}`;
  });
}

export interface ResultView {
  title: string;
  version: number;
  outcome: ValidationOutcome;
  outcomeText: string;
  checks: string[];
  scope: ScopeReport;
  agent: string;
  model: string | null;
  tokens: { input: number; output: number };
  summary: string;
  pullRequest: { url: string; number: number; draft: boolean } | undefined;
  branch: string;
  sandbox: { name: string; isolated: boolean };
}

export function renderResult(view: ResultView): RichMessage {
  const flags = scopeFlags(view.scope);
  const pr = view.pullRequest
    ? `${view.pullRequest.draft ? 'Draft pull request' : 'Pull request'} #${view.pullRequest.number}: ${view.pullRequest.url}`
    : `Branch \`${view.branch}\` (no pull request)`;
  return {
    title: `Spec v${view.version}: ${view.title} — ${view.outcome === 'passed' && !view.pullRequest?.draft ? 'ready for review' : view.outcome === 'failed' ? 'validation failed' : 'needs a look'}`,
    text: `${pr}\n${view.outcomeText}`,
    sections: [
      // The outcome is a section too: Slack shows `text` only as the notification fallback.
      { heading: 'Outcome', body: view.outcomeText },
      { heading: 'Validation', items: view.checks.length ? view.checks : ['no checks configured'] },
      {
        heading: 'Scope',
        items: [
          `${view.scope.filesChanged} file${view.scope.filesChanged === 1 ? '' : 's'} changed, +${view.scope.additions} −${view.scope.deletions}`,
          ...(flags.length
            ? flags.map((f) => `⚠️ ${f}`)
            : [
                view.scope.scopeHasPaths
                  ? 'all changes inside the spec’s scope'
                  : 'the spec’s scope names no paths to check against',
              ]),
        ],
      },
      { heading: 'What the agent did', body: view.summary || '(no summary)' },
      {
        fields: [
          { label: 'Agent', value: view.agent },
          { label: 'Model', value: view.model ?? 'n/a' },
          { label: 'Tokens', value: `${view.tokens.input} in / ${view.tokens.output} out` },
          {
            label: 'Sandbox',
            value: view.sandbox.isolated ? view.sandbox.name : `${view.sandbox.name} (NOT isolated)`,
          },
        ],
      },
    ],
    context: pr,
  };
}
