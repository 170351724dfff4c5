import type { RestCall, RestResponse } from './rest-types.ts';

export type RestCallPredicate = (call: RestCall) => boolean;

export interface RateLimitOptions {
  /** How many matching requests get a 429 before the route answers normally again. */
  times?: number;
  retryAfterSeconds?: number;
  /** A global limit sets `x-ratelimit-global` and applies to every route in discord.js. */
  global?: boolean;
}

interface Rule {
  matches: RestCallPredicate;
  remaining: number;
  retryAfterSeconds: number;
  global: boolean;
  /** Each rule is its own bucket so unrelated routes never share a queue in the client. */
  bucket: string;
}

/** Injected 429s: the next matching requests are refused the way Discord refuses them. */
export class RateLimiter {
  readonly #rules: Rule[] = [];

  add(matches: RestCallPredicate, options: RateLimitOptions = {}): void {
    this.#rules.push({
      matches,
      remaining: options.times ?? 1,
      retryAfterSeconds: options.retryAfterSeconds ?? 0.25,
      global: options.global ?? false,
      bucket: crypto.randomUUID().replaceAll('-', '').slice(0, 16),
    });
  }

  /** Consumes one refusal for `call` if a rule matches, returning the 429 to answer with. */
  take(call: RestCall): RestResponse | null {
    const rule = this.#rules.find((candidate) => candidate.remaining > 0 && candidate.matches(call));
    if (!rule) return null;
    rule.remaining -= 1;
    return rateLimitResponse(rule);
  }

  get pending(): number {
    return this.#rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }
}

/**
 * Discord's 429: `retry-after` and the `x-ratelimit-*` headers plus a JSON body with `retry_after`.
 * Discord rounds the `retry-after` header up to whole seconds; the fake sends the exact (possibly
 * fractional) value so tests stay fast. discord.js reads it with `Number()`, so both forms work.
 */
function rateLimitResponse({ retryAfterSeconds, global, bucket }: Rule): RestResponse {
  const resetAt = Date.now() / 1000 + retryAfterSeconds;
  const headers: Record<string, string> = {
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': resetAt.toFixed(3),
    'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-scope': global ? 'global' : 'user',
  };
  if (global) headers['x-ratelimit-global'] = 'true';
  return {
    status: 429,
    headers,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global, code: 0 },
  };
}
