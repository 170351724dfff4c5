import type { RateLimitOptions } from '../types.ts';

interface PendingLimit {
  remaining: number;
  retryAfterSeconds: number;
}

/** Scripted HTTP 429s: the next N calls of a method are refused with a Retry-After. */
export class RateLimiter {
  readonly #pending = new Map<string, PendingLimit>();

  limitNext(method: string, { times = 1, retryAfterSeconds = 1 }: RateLimitOptions = {}): void {
    this.#pending.set(method, { remaining: times, retryAfterSeconds });
  }

  /** Consume one scripted refusal for `method`; returns its Retry-After seconds, if any. */
  take(method: string): number | undefined {
    const limit = this.#pending.get(method);
    if (!limit || limit.remaining <= 0) return undefined;
    limit.remaining -= 1;
    if (limit.remaining === 0) this.#pending.delete(method);
    return limit.retryAfterSeconds;
  }
}
