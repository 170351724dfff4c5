/** What kind of failure a GitHub answer is; decides whether a retry can help and how long to wait. */
export type FailureKind =
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid'
  | 'other';

export interface Classification {
  kind: FailureKind;
  retryable: boolean;
  /** Seconds GitHub asked us to wait (`retry-after`, or until `x-ratelimit-reset`), when it said. */
  retryAfterSeconds: number | undefined;
}

export type Headers = Record<string, string | number | undefined>;

/** GitHub documents one minute as the wait for a secondary rate limit that names no time. */
const DEFAULT_RATE_LIMIT_WAIT = 60;

/**
 * GitHub signals rate limits with 429 or with a 403 that carries `retry-after` (secondary) or
 * `x-ratelimit-remaining: 0` (primary); any other 403 is a missing permission and will fail again.
 */
export function classify(
  status: number | undefined,
  headers: Headers,
  message: string,
  nowMs = Date.now(),
): Classification {
  if (status === undefined) return { kind: 'network', retryable: true, retryAfterSeconds: undefined };
  const wait = waitFromHeaders(headers, nowMs);
  const limited =
    status === 429 ||
    (status === 403 &&
      (headers['retry-after'] !== undefined ||
        String(headers['x-ratelimit-remaining']) === '0' ||
        /rate limit/i.test(message)));
  if (limited) {
    return { kind: 'rate_limit', retryable: true, retryAfterSeconds: wait ?? DEFAULT_RATE_LIMIT_WAIT };
  }
  if (status >= 500) return { kind: 'server', retryable: true, retryAfterSeconds: wait };
  const kind = KIND_BY_STATUS[status] ?? 'other';
  return { kind, retryable: false, retryAfterSeconds: undefined };
}

const KIND_BY_STATUS: Record<number, FailureKind> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  410: 'not_found',
  422: 'invalid',
};

/** `retry-after` (seconds or an HTTP date) wins; else the time until `x-ratelimit-reset` when none remain. */
export function waitFromHeaders(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
    const date = Date.parse(String(retryAfter));
    if (Number.isFinite(date)) return Math.max(1, Math.ceil((date - nowMs) / 1000));
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (String(headers['x-ratelimit-remaining']) === '0' && Number.isFinite(reset) && reset > 0) {
    return Math.max(1, Math.ceil(reset - nowMs / 1000));
  }
  return undefined;
}
