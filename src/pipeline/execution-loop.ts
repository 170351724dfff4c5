import type { ExecutionState } from '../domain/execution.ts';
import type { Workspace } from '../ports/workspaces.ts';
import { addTokens, setExecutionFields } from '../store/repositories/executions.ts';
import { recordValidationRuns } from '../store/repositories/validation-runs.ts';
import type { ExecutionDeps, StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import type { StatusMessage } from './execution-status.ts';
import type { RepoChecks } from './repo-checks.ts';
import { specMarkdown } from './spec-markdown.ts';
import {
  type CheckRun,
  type ComparedCheck,
  compareWithBaseline,
  failureSignature,
  feedbackFor,
  newFailures,
  type RunOptions,
  runChecks,
} from './validate.ts';

export interface LoopInput {
  workspace: Workspace;
  checks: RepoChecks;
  baseline: CheckRun[];
  options: Omit<RunOptions, 'onCheck'>;
  status: StatusMessage;
  move(to: ExecutionState, detail: string): Promise<unknown>;
  /** What a later iteration is asked to fix or add (failing CI, a reply); given with every attempt. */
  feedback?: string;
}

export interface LoopResult {
  compared: ComparedCheck[];
  attempts: number;
  summary: string;
  tokens: { input: number; output: number };
}

/**
 * The agent works, Codecot validates; new failures go back to the agent as a compact report, for at
 * most `maxAttempts` attempts, stopping early when an attempt leaves the same failures as the last.
 */
export async function runAgentLoop(
  deps: StageDeps,
  x: ExecutionDeps,
  ctx: ExecutionContext,
  input: LoopInput,
): Promise<LoopResult> {
  const { workspace, checks, baseline, options, status, move } = input;
  await recordValidationRuns(deps.db, ctx.row.id, 0, 'baseline', baseline);
  const tokens = { input: 0, output: 0 };
  let compared: ComparedCheck[] = [];
  let feedback: string | undefined = input.feedback;
  let lastSignature: string | undefined;
  let summary = '';
  let attempt = 0;
  while (attempt < x.maxAttempts) {
    attempt += 1;
    status.log.attempt = attempt;
    await setExecutionFields(deps.db, ctx.row.id, { attempt });
    await move('agent', `attempt ${attempt}`);
    await status.show(`The agent is working (attempt ${attempt} of ${x.maxAttempts})…`, true);
    const outcome = await x.agent.run({
      workspace: workspace.path,
      specMarkdown: specMarkdown(ctx.version.body, ctx.version.number),
      specJson: JSON.stringify(ctx.version.body),
      iteration: ctx.row.iteration,
      ...(feedback ? { feedback } : {}),
      sandbox: x.sandbox,
      signal: options.signal,
      onProgress: (step, note, detail) => {
        status.log.write('agent', `step ${step}: ${detail ?? note}`);
        void status.show(`The agent is working (attempt ${attempt}): step ${step}, ${note}`);
      },
    });
    status.log.write('agent-summary', `done after ${outcome.steps} step(s): ${outcome.summary}`);
    summary = outcome.summary;
    tokens.input += outcome.inputTokens;
    tokens.output += outcome.outputTokens;
    await addTokens(deps.db, ctx.row.id, outcome.inputTokens, outcome.outputTokens);
    await move('validating', `attempt ${attempt}`);
    await runChecks(checks.setup, {
      ...options,
      allowHosts: checks.setupHosts,
      ...status.log.checkHooks('setup', (k, m) => void status.show(`Setting up the change (${k} of ${m})…`)),
    });
    const after = await runChecks(checks.validate, {
      ...options,
      ...status.log.checkHooks(
        'validation',
        (k, m) => void status.show(`Validating: check ${k} of ${m}…`, true),
      ),
    });
    await recordValidationRuns(deps.db, ctx.row.id, attempt, 'change', after);
    compared = compareWithBaseline(baseline, after);
    const failures = newFailures(compared);
    if (failures.length === 0) break;
    status.log.write(
      'note',
      `${failures.length} check(s) newly failing: ${failures.map((f) => f.after.name).join(', ')}`,
    );
    const signature = failureSignature(failures);
    if (signature === lastSignature) break;
    lastSignature = signature;
    feedback = [input.feedback, feedbackFor(failures)].filter(Boolean).join('\n\n');
  }
  return { compared, attempts: attempt, summary, tokens };
}
