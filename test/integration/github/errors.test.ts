import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubCodeHost, GitHubApiError } from '../../../adapters/github/index.ts';
import { isCodecotError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/logger.ts';
import { redactDeep } from '../../../src/redact.ts';
import { type GitHubSetup, REPO, startGitHub } from './harness.ts';

let gh: GitHubSetup;
beforeAll(async () => {
  gh = await startGitHub();
});
afterAll(async () => gh?.close());

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GitHubApiError);
  return error as GitHubApiError;
}

/** The token must be nowhere: not in the message, the JSON, the logged form or a deep inspection. */
function expectNoSecret(error: unknown, secrets: readonly string[]) {
  const views = [
    (error as Error).message,
    JSON.stringify(error),
    JSON.stringify(redactDeep(error)),
    inspect(error, { depth: 12 }),
  ];
  for (const view of views) for (const secret of secrets) expect(view).not.toContain(secret);
}

describe('GitHub API failures', () => {
  it('401 (a revoked token) is not retryable, points at GITHUB_TOKEN and never shows the token', async () => {
    const token = `ghp_${'x'.repeat(36)}`;
    const stranger = createGitHubCodeHost({ token, apiUrl: gh.fake.url, logger: createLogger('silent') });
    const error = await failure(stranger.getRepository(REPO));
    expect(error).toMatchObject({
      code: 'code_host_error',
      retryable: false,
      platform: 'github',
      status: 401,
    });
    expect(error.message).toBe(
      'GitHub refused to look up the repository acme/widgets (401): Bad credentials. ' +
        'The token is invalid, expired or revoked: check GITHUB_TOKEN (or the GitHub App settings).',
    );
    expectNoSecret(error, [token, Buffer.from(`x-access-token:${token}`).toString('base64')]);
    gh.fake.failNext(`GET /repos/${REPO}/contents/README.md`, { status: 401 });
    const injected = await failure(gh.host.readFile(REPO, 'README.md'));
    expect(injected).toMatchObject({ retryable: false, status: 401 });
    expectNoSecret(injected, gh.secrets);
  });

  it('a response that echoes the token is scrubbed from the message and the kept cause', async () => {
    gh.fake.failNext(`GET /repos/${REPO}`, {
      status: 401,
      message: `Bad credentials: token ${gh.fake.token}`,
    });
    const error = await failure(gh.host.getRepository(REPO));
    expect(error.message).toContain('Bad credentials: token [REDACTED]');
    expect(error.cause).toMatchObject({
      name: 'HttpError',
      status: 401,
      requestId: expect.stringMatching(/^FAKE:/),
    });
    expectNoSecret(error, gh.secrets);
  });

  it('a plain 403 is a missing permission: not retryable, says what to check', async () => {
    gh.fake.failNext(`POST /repos/${REPO}/pulls`, { status: 403 });
    const error = await failure(
      gh.host.openPullRequest({ repo: REPO, head: 'x', base: 'main', title: 't', body: '', draft: false }),
    );
    expect(error).toMatchObject({ retryable: false, status: 403, retryAfterSeconds: undefined });
    expect(error.message).toContain('GitHub refused to open the pull request for x in acme/widgets (403)');
    expect(error.message).toContain('Resource not accessible by integration');
    expect(error.message).toContain('lacks a permission');
  });

  it('404: a missing repository is not_found, a missing pull request a plain refusal', async () => {
    const missing = await failure(gh.host.getRepository('acme/ghost'));
    expect(missing).toMatchObject({ code: 'not_found', retryable: false, status: 404 });
    const comment = await failure(gh.host.comment(REPO, 999, 'hello'));
    expect(comment).toMatchObject({ code: 'code_host_error', retryable: false, status: 404 });
    expect(comment.message).toContain('comment on pull request #999 in acme/widgets (404): Not Found');
  });

  it('422 names what GitHub found invalid and is not retryable', async () => {
    const error = await failure(
      gh.host.openPullRequest({
        repo: REPO,
        head: 'main',
        base: 'no-such-base',
        title: 't',
        body: '',
        draft: false,
      }),
    );
    expect(error).toMatchObject({ retryable: false, status: 422 });
    expect(error.message).toContain('(422): Validation Failed: PullRequest base invalid');
  });

  it.each([500, 502, 503] as const)('%i is retryable', async (status) => {
    gh.fake.failNext(`GET /repos/${REPO}`, { status });
    const error = await failure(gh.host.getRepository(REPO));
    expect(error).toMatchObject({ code: 'code_host_error', retryable: true, status });
    expect(error.message).toMatch(
      new RegExp(`^GitHub failed to look up the repository acme/widgets \\(${status}\\)`),
    );
    expect((await gh.host.getRepository(REPO)).defaultBranch).toBe('main');
  });

  it('a secondary rate limit (403 + retry-after) is retryable after the time GitHub named', async () => {
    gh.fake.rateLimitNext(`GET /repos/${REPO}/commits/abc/check-runs`, {
      kind: 'secondary',
      retryAfterSeconds: 7,
    });
    const error = await failure(gh.host.checks(REPO, 'abc'));
    expect(error).toMatchObject({ retryable: true, status: 403, retryAfterSeconds: 7 });
    expect(error.message).toContain(
      'GitHub rate-limited the request to read the checks of abc in acme/widgets (403)',
    );
    expect(error.message).toContain('secondary rate limit');
    expect(error.message).toContain('Retrying in 7 s');
  });

  it.each([403, 429] as const)(
    'a primary rate limit (%i, x-ratelimit-reset) waits until the reset',
    async (status) => {
      gh.fake.rateLimitNext(`GET /repos/${REPO}`, { kind: 'primary', status, retryAfterSeconds: 120 });
      const error = await failure(gh.host.getRepository(REPO));
      expect(error).toMatchObject({ retryable: true, status });
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(119);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
      expect(error.message).toContain('API rate limit exceeded');
    },
  );

  it('an unreachable GitHub and a stalled one are retryable network errors', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const logger = createLogger('silent');
    const gone = createGitHubCodeHost({ token: gh.fake.token, apiUrl: `http://127.0.0.1:${port}`, logger });
    const refused = await failure(gone.getRepository(REPO));
    expect(refused).toMatchObject({ retryable: true, status: undefined });
    expect(refused.message).toMatch(/^GitHub could not be reached to look up the repository acme\/widgets: /);

    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const stalled = createGitHubCodeHost({ token: gh.fake.token, apiUrl: url, logger, timeoutMs: 200 });
      const timedOut = await failure(stalled.readFile(REPO, 'README.md'));
      expect(timedOut).toMatchObject({ retryable: true, status: undefined });
      expect(timedOut.message).toContain('could not be reached to read README.md in acme/widgets');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('nothing the adapter logged contains the token', () => {
    expect(gh.logs.length).toBeGreaterThan(0);
    for (const line of gh.logs) for (const secret of gh.secrets) expect(line).not.toContain(secret);
  });

  it('every failure above is a CodecotError the job can classify', async () => {
    gh.fake.failNext(`GET /repos/${REPO}`, { status: 500 });
    const error = await gh.host.getRepository(REPO).catch((caught: unknown) => caught);
    expect(isCodecotError(error, 'code_host_error')).toBe(true);
  });
});
