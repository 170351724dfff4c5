import { describe, expect, it } from 'vitest';
import { gitAuthArgs } from '../../../adapters/github/auth.ts';
import { checkRunConclusion, statusConclusion } from '../../../adapters/github/checks.ts';
import { gitHubError } from '../../../adapters/github/errors.ts';
import { toPullRequest } from '../../../adapters/github/pulls.ts';
import { splitRepo } from '../../../adapters/github/repo-name.ts';
import { isCodecotError } from '../../../src/errors.ts';
import { gitBasicAuthHeader } from '../../fakes/github/index.ts';

describe('check conclusions', () => {
  it.each([
    ['queued', null, 'pending'],
    ['in_progress', null, 'pending'],
    ['waiting', null, 'pending'],
    ['completed', 'success', 'success'],
    ['completed', 'failure', 'failure'],
    ['completed', 'timed_out', 'timed_out'],
    ['completed', 'action_required', 'failure'],
    ['completed', 'stale', 'cancelled'],
    ['completed', null, 'neutral'],
  ] as const)('%s/%s -> %s', (status, conclusion, expected) => {
    expect(checkRunConclusion(status, conclusion)).toBe(expected);
  });

  it.each([
    ['success', 'success'],
    ['pending', 'pending'],
    ['failure', 'failure'],
    ['error', 'failure'],
  ])('commit status %s -> %s', (state, expected) => {
    expect(statusConclusion(state)).toBe(expected);
  });
});

describe('pull request state', () => {
  const base = { number: 3, html_url: 'u', head: { sha: 'abc' }, draft: true };
  it('a merged pull request is merged, not merely closed', () => {
    expect(toPullRequest({ ...base, state: 'closed', merged_at: '2025-01-01T00:00:00Z' }).state).toBe(
      'merged',
    );
    expect(toPullRequest({ ...base, state: 'closed', merged_at: null }).state).toBe('closed');
    expect(toPullRequest({ ...base, state: 'open', merged_at: null })).toEqual({
      number: 3,
      url: 'u',
      headSha: 'abc',
      state: 'open',
      draft: true,
    });
  });
});

describe('repository names and git auth', () => {
  it('splits owner/name and refuses anything else as bad input', () => {
    expect(splitRepo('acme/widgets.git')).toEqual({ owner: 'acme', repo: 'widgets' });
    for (const bad of ['widgets', 'acme/', '../x', 'acme/..', 'a/b/c', '-acme/x']) {
      expect(() => splitRepo(bad)).toThrow(expect.objectContaining({ code: 'bad_input' }));
    }
  });

  it('git auth is the Basic extra header the fake (and GitHub) accept', () => {
    expect(gitAuthArgs('ghs_abc')).toEqual(['-c', `http.extraHeader=${gitBasicAuthHeader('ghs_abc')}`]);
  });
});

describe('GraphQL failures', () => {
  it('an errors answer is a refusal; a RATE_LIMITED one is retryable', () => {
    const graphqlError = (type: string, message: string) =>
      Object.assign(new Error(message), { name: 'GraphqlResponseError', errors: [{ type, message }] });
    const refused = gitHubError(
      'mark #3 ready',
      graphqlError('NOT_FOUND', 'Could not resolve to a node'),
      [],
    );
    expect(isCodecotError(refused, 'code_host_error')).toBe(true);
    expect(refused).toMatchObject({ retryable: false, status: undefined });
    expect(refused.message).toBe('GitHub refused to mark #3 ready: Could not resolve to a node.');
    const limited = gitHubError('mark #3 ready', graphqlError('RATE_LIMITED', 'API rate limit exceeded'), []);
    expect(limited).toMatchObject({ retryable: true, retryAfterSeconds: 60 });
  });
});
