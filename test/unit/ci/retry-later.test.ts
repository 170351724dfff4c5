import { describe, expect, test } from 'vitest';
import { gitHubError } from '../../../adapters/github/errors.ts';
import { CodecotError } from '../../../src/errors.ts';
import { retryAfterOf, withWaits } from '../../../src/pipeline/retry-later.ts';

const httpError = (status: number, headers: Record<string, string>, message: string) =>
  Object.assign(new Error(message), { name: 'HttpError', status, response: { headers, data: { message } } });

describe('waiting as long as GitHub asked', () => {
  test('retry-after and x-ratelimit-reset become the wait; permanent failures have none', () => {
    const now = Date.now();
    const secondary = gitHubError(
      'read the checks',
      httpError(403, { 'retry-after': '7' }, 'secondary rate limit'),
      [],
    );
    expect(retryAfterOf(secondary)).toBe(7);
    const reset = String(Math.floor(now / 1000) + 30);
    const primary = gitHubError(
      'read the checks',
      httpError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, 'API rate limit exceeded'),
      [],
      { nowMs: now },
    );
    expect(retryAfterOf(primary)).toBeGreaterThanOrEqual(29);
    expect(retryAfterOf(primary)).toBeLessThanOrEqual(30);
    expect(
      retryAfterOf(gitHubError('open the pull request', httpError(401, {}, 'Bad credentials'), [])),
    ).toBeUndefined();
    expect(retryAfterOf(new CodecotError('code_host_error', 'x', { retryable: true }))).toBeUndefined();
    expect(retryAfterOf(new Error('plain'))).toBeUndefined();
  });

  test('withWaits waits out a short limit and tries again; a long one is thrown at once', async () => {
    let calls = 0;
    const waits: number[] = [];
    const limited = gitHubError(
      'open the pull request',
      httpError(429, { 'retry-after': '0' }, 'slow down'),
      [],
    );
    const result = await withWaits(
      async () => {
        calls += 1;
        if (calls === 1) throw limited;
        return 'opened';
      },
      { tries: 3, maxWaitSeconds: 5, onWait: (seconds) => void waits.push(seconds) },
    );
    expect({ result, calls, waits }).toEqual({ result: 'opened', calls: 2, waits: [0] });

    const long = gitHubError(
      'open the pull request',
      httpError(429, { 'retry-after': '600' }, 'slow down'),
      [],
    );
    await expect(
      withWaits(
        async () => {
          throw long;
        },
        { tries: 3, maxWaitSeconds: 5, onWait: () => undefined },
      ),
    ).rejects.toBe(long);
  });
});
