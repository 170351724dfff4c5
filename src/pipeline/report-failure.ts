import type { MessageRef } from '../domain/chat.ts';
import { isCodecotError } from '../errors.ts';
import { redact } from '../redact.ts';
import { chatFor, type StageDeps } from './context.ts';

/**
 * Decides what a failed stage means for the thread: a retryable error before the last attempt is
 * rethrown (the job runs again, state unchanged); anything else is told to the thread in plain words
 * and the job ends, so a request never fails silently.
 */
export async function reportFailure(
  deps: StageDeps,
  where: MessageRef | undefined,
  error: unknown,
  attempt: { number: number; max: number },
): Promise<void> {
  const retryable = !isCodecotError(error) || error.retryable;
  if (retryable && attempt.number < attempt.max) throw error;
  deps.logger.error({ err: error, attempt: attempt.number }, 'stage failed; telling the thread');
  if (!where) return;
  await chatFor(deps, where.channel.platform).post(
    where.channel,
    { text: `I could not finish this: ${explain(error)}` },
    where,
  );
}

function explain(error: unknown): string {
  if (isCodecotError(error, 'budget_exhausted')) return error.message;
  if (isCodecotError(error, 'model_error')) {
    return error.retryable
      ? 'the model did not answer after several tries. Mention me again later.'
      : 'the model answered twice with something that was not a usable spec. Mention me again, perhaps with a more precise request.';
  }
  return redact(error instanceof Error ? error.message : String(error));
}
