import { isCodecotError } from '../errors.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { StageDeps } from './context.ts';
import type { ExecutionContext } from './execution-context.ts';
import type { StatusMessage } from './execution-status.ts';

/**
 * Seconds an outside service asked us to wait before trying again: GitHub's `retry-after` or the time
 * until `x-ratelimit-reset`, which the GitHub adapter's error carries as `retryAfterSeconds`. Read by
 * shape, since src/ never imports an adapter. Undefined when the failure is not worth a retry or no
 * wait was named.
 */
export function retryAfterOf(error: unknown): number | undefined {
  if (!isCodecotError(error) || !error.retryable) return undefined;
  const wait = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? Math.ceil(wait) : undefined;
}

/** A failure of the code host (GitHub said no, or could not be reached), as opposed to a bug of ours. */
export const isCodeHostFailure = (error: unknown): boolean =>
  isCodecotError(error, 'code_host_error') || isCodecotError(error, 'not_found');

export interface WaitOptions {
  /** How many times the work runs at most. */
  tries: number;
  /** Longer waits are not worth holding a job for: the error is thrown instead. */
  maxWaitSeconds: number;
  onWait(seconds: number, error: unknown): Promise<void> | void;
}

/**
 * Runs `work`, waiting out short rate limits in between (as long as the service asked). Used where the
 * job has done expensive work already (a pushed branch) and starting over would waste it.
 */
export async function withWaits<T>(work: () => Promise<T>, options: WaitOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const wait = retryAfterOf(error);
      if (wait === undefined || wait > options.maxWaitSeconds || attempt >= options.tries) throw error;
      await options.onWait(wait, error);
      await new Promise((resolve) => setTimeout(resolve, wait * 1_000));
    }
  }
}

/**
 * The execute job before any work (still `queued`) met a rate limit: the thread is told in the status
 * message, and the same execution is queued again for when the code host said it may be asked again.
 */
export async function retryExecutionLater(
  deps: StageDeps,
  ctx: ExecutionContext,
  status: StatusMessage,
  retry: { executionId: string; delayedRetries?: number; wait: number; reason: string },
): Promise<void> {
  const round = (retry.delayedRetries ?? 0) + 1;
  await status.show(`${retry.reason} I will start again in ${retry.wait} s.`, true);
  await deps.queue.enqueue(
    QUEUES.execute,
    { executionId: retry.executionId, delayedRetries: round },
    {
      key: `${ctx.version.id}:${ctx.row.iteration}/wait-${round}`,
      startAfterSeconds: Math.max(1, retry.wait),
      ...(ctx.repo ? { group: ctx.repo } : {}),
    },
  );
}
