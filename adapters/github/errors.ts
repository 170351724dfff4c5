import { CodecotError, type CodecotErrorCode } from '../../src/errors.ts';
import { redact } from '../../src/redact.ts';
import { type Classification, classify, type FailureKind, type Headers } from './classify.ts';

/** A failed GitHub call: the HTTP status, and how long to wait before the job tries again. */
export class GitHubApiError extends CodecotError {
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: CodecotErrorCode,
    message: string,
    status: number | undefined,
    how: Classification,
    cause: unknown,
  ) {
    super(code, message, { retryable: how.retryable, platform: 'github', cause });
    this.name = 'GitHubApiError';
    this.status = status;
    this.retryAfterSeconds = how.retryAfterSeconds;
  }
}

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers?: Headers; data?: unknown };
}

/** Octokit's RequestError (name `HttpError`), recognised by shape so no transitive package is imported. */
export function isHttpFailure(error: unknown): error is HttpFailure {
  return (
    error instanceof Error &&
    error.name === 'HttpError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

export const statusOf = (error: unknown): number | undefined =>
  isHttpFailure(error) && error.response ? error.status : undefined;

const ADVICE: Partial<Record<FailureKind, string>> = {
  unauthorized: ' The token is invalid, expired or revoked: check GITHUB_TOKEN (or the GitHub App settings).',
  forbidden: ' The token lacks a permission this needs (see "Connect GitHub" in the README).',
  not_found: ' It does not exist, or the token cannot see it.',
};

/**
 * Turns whatever Octokit threw into the one error type Codecot throws: says what Codecot was doing and what
 * GitHub answered, never the token (the message is redacted with the token's every form).
 */
export function gitHubError(
  doing: string,
  error: unknown,
  secrets: readonly string[],
  options: { code?: CodecotErrorCode; nowMs?: number } = {},
): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const response = isHttpFailure(error) ? error.response : undefined;
  const status = response ? (error as HttpFailure).status : undefined;
  const detail = response
    ? describeBody(response.data, (error as HttpFailure).message)
    : detailWithoutResponse(error);
  const how = classifyAny(error, status, response?.headers ?? {}, detail, options.nowMs);
  const text = phrase(doing, status, how, detail);
  const code = options.code ?? 'code_host_error';
  const scrub = (value: string) => redact(redact(value), secrets);
  return new GitHubApiError(code, scrub(text), status, how, safeCause(error, status, scrub));
}

/**
 * Octokit's error keeps the response body and request options; a proxy or GitHub itself could echo a
 * credential there. The cause kept for logs is a scrubbed copy: name, message, stack, status, request id.
 */
function safeCause(error: unknown, status: number | undefined, scrub: (value: string) => string): Error {
  if (!(error instanceof Error)) return new Error(scrub(String(error)));
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  copy.stack = scrub(error.stack ?? '');
  const requestId = isHttpFailure(error) ? error.response?.headers?.['x-github-request-id'] : undefined;
  return Object.assign(copy, { status, requestId });
}

function classifyAny(
  error: unknown,
  status: number | undefined,
  headers: Headers,
  detail: string,
  nowMs?: number,
) {
  if (error instanceof Error && error.name === 'GraphqlResponseError') {
    const limited = /RATE_LIMITED|rate limit/i.test(
      JSON.stringify((error as { errors?: unknown }).errors ?? ''),
    );
    return limited
      ? { kind: 'rate_limit' as const, retryable: true, retryAfterSeconds: 60 }
      : { kind: 'invalid' as const, retryable: false, retryAfterSeconds: undefined };
  }
  return classify(status, headers, detail, nowMs);
}

function phrase(doing: string, status: number | undefined, how: Classification, detail: string): string {
  if (how.kind === 'network') return `GitHub could not be reached to ${doing}: ${detail}. Retrying can help.`;
  const code = status === undefined ? '' : ` (${status})`;
  if (how.kind === 'rate_limit') {
    return `GitHub rate-limited the request to ${doing}${code}: ${detail}. Retrying in ${how.retryAfterSeconds} s.`;
  }
  if (how.kind === 'server') return `GitHub failed to ${doing}${code}: ${detail}. Retrying can help.`;
  return `GitHub refused to ${doing}${code}: ${detail}.${ADVICE[how.kind] ?? ''}`;
}

/** GitHub's `message` plus each entry of `errors` (where 422s say what was wrong), without the docs link. */
function describeBody(data: unknown, fallback: string): string {
  if (typeof data === 'string' && data.trim()) return clip(data.trim());
  if (typeof data !== 'object' || data === null) return clip(fallback);
  const body = data as { message?: unknown; errors?: unknown };
  const parts = Array.isArray(body.errors) ? body.errors.map(describeEntry).filter(Boolean) : [];
  const message = typeof body.message === 'string' ? body.message : fallback;
  return clip(parts.length ? `${message}: ${parts.join('; ')}` : message).replace(/\.$/, '');
}

function describeEntry(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const fields = (entry ?? {}) as { message?: unknown; field?: unknown; code?: unknown; resource?: unknown };
  if (typeof fields.message === 'string') return fields.message.replace(/\.$/, '');
  return [fields.resource, fields.field, fields.code].filter((part) => typeof part === 'string').join(' ');
}

function detailWithoutResponse(error: unknown): string {
  if (!(error instanceof Error)) return clip(String(error));
  if (error.name === 'GraphqlResponseError') {
    const errors = (error as { errors?: { message?: string }[] }).errors ?? [];
    return clip(errors.map((entry) => entry.message).join('; ') || error.message);
  }
  return clip(error.message || error.name);
}

const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 297)}...` : text);
