import { HttpError } from './http-io.ts';

/** What a fault predicate sees: the request before it reaches a route. */
export interface FaultTarget {
  method: string;
  /** Path without `/api/v3` and without the query string (git requests keep their `/git/...` path). */
  path: string;
  body: unknown;
}

/** A function, a RegExp tested against "METHOD /path", or an exact "METHOD /path" string. */
export type RouteMatcher = ((target: FaultTarget) => boolean) | RegExp | string;

export interface FailNextOptions {
  status: 401 | 403 | 404 | 409 | 422 | 500 | 502 | 503;
  times?: number;
  headers?: Record<string, string>;
  message?: string;
}

export interface RateLimitOptions {
  kind: 'primary' | 'secondary';
  times?: number;
  /** GitHub uses 403 for both kinds and sometimes 429; default 403. */
  status?: 403 | 429;
  /** Seconds in `retry-after` (secondary) or until `x-ratelimit-reset` (primary). Default 60. */
  retryAfterSeconds?: number;
}

interface Fault {
  matches: (target: FaultTarget) => boolean;
  remaining: number;
  build: () => HttpError;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Queue of one-shot (or n-shot) failures, consumed in the order they were registered. */
export class FaultQueue {
  readonly #faults: Fault[] = [];

  failNext(matcher: RouteMatcher, options: FailNextOptions): void {
    const message = options.message ?? DEFAULT_MESSAGES[options.status] ?? 'Error';
    this.#push(
      matcher,
      options.times,
      () => new HttpError(options.status, message, {}, options.headers ?? {}),
    );
  }

  rateLimitNext(matcher: RouteMatcher, options: RateLimitOptions): void {
    this.#push(matcher, options.times, () => rateLimitError(options));
  }

  /** The error to answer with, if a registered fault matches (consuming one of its uses). */
  take(target: FaultTarget): HttpError | undefined {
    const fault = this.#faults.find((candidate) => candidate.remaining > 0 && candidate.matches(target));
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.build();
  }

  #push(matcher: RouteMatcher, times: number | undefined, build: () => HttpError): void {
    this.#faults.push({ matches: toPredicate(matcher), remaining: times ?? 1, build });
  }
}

function toPredicate(matcher: RouteMatcher): (target: FaultTarget) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (target) => matcher.test(`${target.method} ${target.path}`);
  return (target) => `${target.method} ${target.path}` === matcher;
}

/** Mirrors GitHub's documented rate-limit answers (headers Octokit's throttling plugin reads). */
function rateLimitError(options: RateLimitOptions): HttpError {
  const seconds = options.retryAfterSeconds ?? 60;
  const status = options.status ?? 403;
  if (options.kind === 'secondary') {
    return new HttpError(
      status,
      'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      {
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
      { 'retry-after': String(seconds) },
    );
  }
  const reset = Math.floor(Date.now() / 1000) + seconds;
  return new HttpError(
    status,
    'API rate limit exceeded for installation.',
    {
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
    },
    {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    },
  );
}
