import { CodecotError } from '../../../src/errors.ts';
import type { AgentTask } from '../../../src/ports/coding-agent.ts';

interface FailureContext {
  task: AgentTask;
  timeout: AbortSignal;
  /** Aborted by a tool when the sandbox itself failed; its reason is that failure. */
  fatal: AbortSignal;
  limits: { timeoutMs: number };
  steps: number;
}

/**
 * What a run that did not end normally throws. Cancellation rethrows the caller's own abort reason;
 * a broken sandbox, the wall-clock budget and a failing model each get their typed error.
 */
export function runFailure(error: unknown, context: FailureContext): unknown {
  if (context.task.signal.aborted) return context.task.signal.reason;
  if (context.fatal.aborted) {
    return new CodecotError('sandbox_error', 'the sandbox could not run a command of the built-in agent', {
      cause: context.fatal.reason,
    });
  }
  if (context.timeout.aborted) {
    const seconds = Math.round(context.limits.timeoutMs / 1000);
    return new CodecotError(
      'budget_exhausted',
      `the built-in agent ran out of time (${seconds} s) after ${context.steps} steps`,
      { cause: error },
    );
  }
  if (error instanceof CodecotError) return error;
  return new CodecotError('model_error', 'the built-in agent could not get an answer from the model', {
    cause: error,
    retryable: true,
  });
}
