import { generateText, isStepCount, type LanguageModel } from 'ai';
import type { Logger } from '../../../src/logger.ts';
import type { AgentOutcome, AgentTask, CodingAgent } from '../../../src/ports/coding-agent.ts';
import { budgetStop, isTokenBudgetSpent, progressNote, tokensUsed } from './budget.ts';
import { workspaceRoot } from './confine.ts';
import type { ToolContext } from './context.ts';
import { runFailure } from './failure.ts';
import { progressDetail } from './progress-detail.ts';
import { renderSystemPrompt, taskMessage } from './prompt.ts';
import { codingTools } from './tools.ts';

export interface BuiltinAgentConfig {
  model: LanguageModel;
  /** Reported in the outcome and the logs. */
  modelName: string;
  /** Model calls per run (default 30). */
  maxSteps?: number;
  /** Input + output tokens per run (default 1,000,000); checked after each step. */
  maxTokens?: number;
  /** Wall-clock limit of a run (default 20 minutes). */
  timeoutMs?: number;
  /** Limit of one run_command (default 5 minutes; never beyond the run's own deadline). */
  commandTimeoutMs?: number;
  logger: Logger;
}

/** The built-in coding agent: an AI SDK tool loop over workspace-confined file tools and sandboxed commands. */
export function createBuiltinAgent(config: BuiltinAgentConfig): CodingAgent {
  return { name: 'builtin', run: (task) => runBuiltinAgent(config, task) };
}

async function runBuiltinAgent(config: BuiltinAgentConfig, task: AgentTask): Promise<AgentOutcome> {
  const limits = {
    maxSteps: config.maxSteps ?? 30,
    maxTokens: config.maxTokens ?? 1_000_000,
    timeoutMs: config.timeoutMs ?? 20 * 60_000,
    commandTimeoutMs: config.commandTimeoutMs ?? 5 * 60_000,
  };
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const fatal = new AbortController();
  const context: ToolContext = {
    root: await workspaceRoot(task.workspace),
    workspace: task.workspace,
    sandbox: task.sandbox,
    signal: AbortSignal.any([task.signal, timeout, fatal.signal]),
    deadline: Date.now() + limits.timeoutMs,
    commandTimeoutMs: limits.commandTimeoutMs,
    fail(error) {
      fatal.abort(error);
      throw error;
    },
  };
  const steps: Parameters<typeof progressNote>[0][] = [];
  try {
    const result = await generateText({
      model: config.model,
      system: renderSystemPrompt({
        maxSteps: String(limits.maxSteps),
        commandTimeoutSeconds: String(Math.round(limits.commandTimeoutMs / 1000)),
      }),
      prompt: taskMessage(task),
      tools: codingTools(context),
      stopWhen: [isStepCount(limits.maxSteps), isTokenBudgetSpent(limits.maxTokens)],
      // One tool at a time: a write and a test run in the same step must not race.
      toolCallConcurrency: 1,
      abortSignal: context.signal,
      // A provider that ignores the signal still cannot start another step once it fired.
      prepareStep: () => {
        context.signal.throwIfAborted();
        return undefined;
      },
      onStepEnd: (step) => {
        steps.push(step);
        reportProgress(config.logger, task, steps.length, progressNote(step), progressDetail(step));
      },
    });
    const used = tokensUsed(result.steps);
    const stop = budgetStop(result.steps, result.finishReason !== 'tool-calls', limits);
    const summary = [result.text.trim(), stop].filter(Boolean).join('\n\n') || '(the model gave no summary)';
    config.logger.info({ steps: result.steps.length, ...used, stop }, 'builtin agent finished');
    return { summary, steps: result.steps.length, ...used, model: config.modelName };
  } catch (error) {
    const used = tokensUsed(steps);
    config.logger.warn({ err: error, steps: steps.length, ...used }, 'builtin agent stopped by an error');
    throw runFailure(error, { task, timeout, fatal: fatal.signal, limits, steps: steps.length });
  }
}

/** The progress callback belongs to the caller; its failure must not end the agent's work. */
function reportProgress(logger: Logger, task: AgentTask, step: number, note: string, detail: string): void {
  try {
    task.onProgress(step, note, detail);
  } catch (error) {
    logger.warn({ err: error, step }, 'agent progress callback failed');
  }
}
