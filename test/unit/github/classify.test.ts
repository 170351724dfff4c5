import { describe, expect, it } from 'vitest';
import { classify, waitFromHeaders } from '../../../adapters/github/classify.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const nowSeconds = NOW / 1000;

describe('classify', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [422, 'invalid'],
    [409, 'other'],
  ] as const)('%i is %s and not retryable', (status, kind) => {
    expect(classify(status, {}, 'x', NOW)).toEqual({ kind, retryable: false, retryAfterSeconds: undefined });
  });

  it.each([500, 502, 503, 504])('%i is a retryable server failure', (status) => {
    expect(classify(status, {}, 'x', NOW)).toMatchObject({ kind: 'server', retryable: true });
  });

  it('no status at all (no answer) is a retryable network failure', () => {
    expect(classify(undefined, {}, 'fetch failed', NOW)).toMatchObject({ kind: 'network', retryable: true });
  });

  it('a 403 with retry-after is a secondary rate limit', () => {
    expect(classify(403, { 'retry-after': '30' }, 'x', NOW)).toEqual({
      kind: 'rate_limit',
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it('a 403 with no requests remaining waits until the reset', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 90) };
    expect(classify(403, headers, 'x', NOW)).toMatchObject({ kind: 'rate_limit', retryAfterSeconds: 90 });
  });

  it('a 403 that only says "secondary rate limit" waits the documented minute', () => {
    expect(classify(403, {}, 'You have exceeded a secondary rate limit', NOW)).toMatchObject({
      kind: 'rate_limit',
      retryAfterSeconds: 60,
    });
  });

  it('a 429 without headers is still a rate limit', () => {
    expect(classify(429, {}, 'Too Many Requests', NOW)).toMatchObject({
      kind: 'rate_limit',
      retryAfterSeconds: 60,
    });
  });

  it('a 403 with requests remaining is a permission problem, whatever the reset says', () => {
    const headers = { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(nowSeconds + 90) };
    expect(classify(403, headers, 'Resource not accessible by integration', NOW)).toMatchObject({
      kind: 'forbidden',
      retryable: false,
    });
  });
});

describe('waitFromHeaders', () => {
  it('reads retry-after as seconds or as an HTTP date', () => {
    expect(waitFromHeaders({ 'retry-after': '7' }, NOW)).toBe(7);
    expect(waitFromHeaders({ 'retry-after': new Date(NOW + 45_000).toUTCString() }, NOW)).toBe(45);
  });

  it('prefers retry-after over the reset time, and waits at least a second for a reset', () => {
    const both = {
      'retry-after': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(nowSeconds + 600),
    };
    expect(waitFromHeaders(both, NOW)).toBe(5);
    const past = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds - 10) };
    expect(waitFromHeaders(past, NOW)).toBe(1);
  });

  it('says nothing when GitHub said nothing', () => {
    expect(waitFromHeaders({}, NOW)).toBeUndefined();
    expect(waitFromHeaders({ 'x-ratelimit-reset': String(nowSeconds + 60) }, NOW)).toBeUndefined();
  });
});
