import type { StopCondition, ToolSet } from 'ai';

/** The part of a step result the budgets and progress notes look at. */
interface StepUsage {
  usage: { inputTokens: number | undefined; outputTokens: number | undefined };
  toolCalls: ReadonlyArray<{ toolName: string }>;
}

/** Input plus output tokens of the given steps; a provider that reports nothing counts as 0. */
export function tokensUsed(steps: readonly StepUsage[]): { inputTokens: number; outputTokens: number } {
  let inputTokens = 0;
  let outputTokens = 0;
  for (const step of steps) {
    inputTokens += step.usage.inputTokens ?? 0;
    outputTokens += step.usage.outputTokens ?? 0;
  }
  return { inputTokens, outputTokens };
}

/** Stops the loop after the step in which input + output tokens reached `maxTokens`. */
export function isTokenBudgetSpent<TOOLS extends ToolSet>(maxTokens: number): StopCondition<TOOLS> {
  return ({ steps }) => {
    const used = tokensUsed(steps);
    return used.inputTokens + used.outputTokens >= maxTokens;
  };
}

/** A short line for the progress callback: the tools a step used, or that the model answered. */
export function progressNote(step: StepUsage): string {
  const names = [...new Set(step.toolCalls.map((call) => call.toolName))];
  return names.length > 0 ? names.join(', ') : 'answered';
}

/** Why a loop that ended on tool calls stopped, for the summary; null when the model finished. */
export function budgetStop(
  steps: readonly StepUsage[],
  finished: boolean,
  limits: { maxSteps: number; maxTokens: number },
): string | null {
  if (finished) return null;
  const used = tokensUsed(steps);
  if (used.inputTokens + used.outputTokens >= limits.maxTokens) {
    return `Stopped by the token budget (${used.inputTokens + used.outputTokens} of ${limits.maxTokens} tokens used) before the agent finished.`;
  }
  return `Stopped by the step budget (${steps.length} of ${limits.maxSteps} steps) before the agent finished.`;
}
