import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreatedRepo,
  checkSuiteCompleted,
  FakeGitHub,
  GitCommandError,
  gitBasicAuthHeader,
  runGit,
  sendWebhook,
  signWebhook,
} from '../../fakes/github/index.ts';

const REPO = 'acme/widgets';
const [OWNER, NAME] = ['acme', 'widgets'];
const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let fake: FakeGitHub;
let repo: CreatedRepo;
let octokit: Octokit;
let workDir: string;

beforeAll(async () => {
  fake = await FakeGitHub.start();
  repo = await fake.createRepo(REPO, {
    defaultBranch: 'main',
    files: { 'README.md': '# Widgets\n', 'package.json': '{ "name": "widgets" }\n' },
  });
  octokit = new Octokit({ auth: fake.token, baseUrl: fake.url, log: silentLog });
  workDir = await mkdtemp(join(tmpdir(), 'github-fake-test-'));
});

afterAll(async () => {
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const authHeader = () => `http.extraHeader=${gitBasicAuthHeader(fake.token)}`;

/** Clones with the token in a header only, as Codecot must (never in the URL). */
async function cloneWithToken(name: string): Promise<string> {
  const dir = join(workDir, name);
  await runGit(['-c', authHeader(), 'clone', '--quiet', repo.cloneUrl, dir]);
  return dir;
}

/** Clones, commits `files` on a new branch and pushes it over HTTP; returns the pushed sha. */
async function pushBranch(branch: string, files: Record<string, string>): Promise<string> {
  const dir = await cloneWithToken(`push-${branch}`);
  await runGit(['checkout', '--quiet', '-b', branch], { cwd: dir });
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, path), content);
  await runGit(['add', '--all'], { cwd: dir });
  await runGit(['commit', '--quiet', '-m', `Change on ${branch}`], { cwd: dir });
  await runGit(['-c', authHeader(), 'push', '--quiet', 'origin', branch], { cwd: dir });
  return runGit(['rev-parse', 'HEAD'], { cwd: dir });
}

async function openPull(branch: string, files: Record<string, string>) {
  const sha = await pushBranch(branch, files);
  const { data } = await octokit.rest.pulls.create({
    owner: OWNER,
    repo: NAME,
    head: branch,
    base: 'main',
    title: branch,
  });
  return { sha, pull: data };
}

/** The RequestError Octokit throws (name 'HttpError'), so tests can assert status, headers and message. */
async function requestError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: 'HttpError' });
  return error as {
    status: number;
    message: string;
    response?: { headers: Record<string, string | undefined> };
  };
}

describe('REST basics', () => {
  it('repos.get returns clone_url and default_branch, with a bare baseUrl and with /api/v3', async () => {
    const { data } = await octokit.rest.repos.get({ owner: OWNER, repo: NAME });
    expect(data).toMatchObject({
      full_name: REPO,
      default_branch: 'main',
      clone_url: `${fake.url}/git/${REPO}.git`,
    });
    expect(data.permissions?.push).toBe(true);
    const enterprise = new Octokit({ auth: fake.token, baseUrl: fake.enterpriseUrl, log: silentLog });
    expect((await enterprise.rest.repos.get({ owner: OWNER, repo: NAME })).data.id).toBe(data.id);
  });

  it('rejects a wrong token with 401 Bad credentials, and unknown routes with 404', async () => {
    const stranger = new Octokit({ auth: 'ghs_wrong', baseUrl: fake.url, log: silentLog });
    const denied = await requestError(stranger.rest.repos.get({ owner: OWNER, repo: NAME }));
    expect(denied.status).toBe(401);
    expect(denied.message).toContain('Bad credentials');
    const missing = await requestError(
      octokit.request('GET /repos/{owner}/{repo}/nope', { owner: OWNER, repo: NAME }),
    );
    expect(missing.status).toBe(404);
  });

  it('reads contents, branches and refs from the real repository', async () => {
    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: NAME, path: 'package.json' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('{ "name": "widgets" }\n');
    const absent = await requestError(
      octokit.rest.repos.getContent({ owner: OWNER, repo: NAME, path: 'nope.txt' }),
    );
    expect(absent.status).toBe(404);
    const sha = await fake.branchSha(REPO, 'main');
    expect(
      (await octokit.rest.repos.getBranch({ owner: OWNER, repo: NAME, branch: 'main' })).data.commit.sha,
    ).toBe(sha);
    expect(
      (await octokit.rest.git.getRef({ owner: OWNER, repo: NAME, ref: 'heads/main' })).data.object.sha,
    ).toBe(sha);
  });
});

describe('git smart HTTP', () => {
  it('clones with the token in an extra header and refuses without credentials', async () => {
    const dir = await cloneWithToken('clone-ok');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# Widgets\n');
    expect(await runGit(['rev-parse', 'HEAD'], { cwd: dir })).toBe(repo.headSha);
    expect(await readFile(join(dir, '.git', 'config'), 'utf8')).not.toContain(fake.token);

    const failure = await runGit(['clone', '--quiet', repo.cloneUrl, join(workDir, 'clone-denied')]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GitCommandError);
    expect(fake.gitRequests.some((request) => request.status === 401 && request.auth === 'none')).toBe(true);
    expect(fake.gitRequests.some((request) => request.authorized && request.auth === 'basic')).toBe(true);
    expect(fake.gitRequests.every((request) => !request.path.includes(fake.token))).toBe(true);
  });

  it('accepts a Bearer header too', async () => {
    const refs = await runGit([
      '-c',
      `http.extraHeader=Authorization: Bearer ${fake.token}`,
      'ls-remote',
      repo.cloneUrl,
    ]);
    expect(refs).toContain('refs/heads/main');
    expect(fake.gitRequests.at(-1)).toMatchObject({ auth: 'bearer', authorized: true });
  });
});

describe('pull requests', () => {
  it('opens a PR for a pushed branch whose head sha is the pushed commit', async () => {
    const { sha, pull } = await openPull('feature-one', { 'one.txt': 'one\n' });
    expect(pull.head).toMatchObject({ ref: 'feature-one', sha });
    expect(await fake.branchSha(REPO, 'feature-one')).toBe(sha);
    expect(fake.pulls(REPO).map((record) => record.number)).toContain(pull.number);
  });

  it('answers 422 for a duplicate PR and for a head branch that does not exist', async () => {
    await openPull('feature-dup', { 'dup.txt': 'dup\n' });
    const duplicate = await requestError(
      octokit.rest.pulls.create({
        owner: OWNER,
        repo: NAME,
        head: `${OWNER}:feature-dup`,
        base: 'main',
        title: 'again',
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.message).toContain('A pull request already exists');
    const ghost = await requestError(
      octokit.rest.pulls.create({
        owner: OWNER,
        repo: NAME,
        head: 'no-such-branch',
        base: 'main',
        title: 'ghost',
      }),
    );
    expect(ghost.status).toBe(422);
    expect(ghost.message).toContain('Validation Failed');
    expect(ghost.message).toContain('"field":"head"');
  });

  it('creates and lists comments, and octokit.paginate follows Link headers across pages', async () => {
    const { pull } = await openPull('feature-comments', { 'c.txt': 'c\n' });
    const params = { owner: OWNER, repo: NAME, issue_number: pull.number };
    for (const index of [1, 2, 3, 4, 5])
      await octokit.rest.issues.createComment({ ...params, body: `note ${index}` });
    const firstPage = await octokit.rest.issues.listComments({ ...params, per_page: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...params, per_page: 2 });
    expect(all.map((comment) => comment.body)).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
    expect(fake.comments(REPO, pull.number)).toHaveLength(5);
  });

  it('merging really moves the base branch', async () => {
    const { pull } = await openPull('feature-merge', { 'merged.txt': 'merged content\n' });
    const before = await fake.branchSha(REPO, 'main');
    const { data } = await octokit.rest.pulls.merge({ owner: OWNER, repo: NAME, pull_number: pull.number });
    expect(data.merged).toBe(true);
    const after = await fake.branchSha(REPO, 'main');
    expect(after).not.toBe(before);
    expect(after).toBe(data.sha);
    expect(await fake.readFile(REPO, 'main', 'merged.txt')).toBe('merged content\n');
    const parents = await runGit([
      '--git-dir',
      repo.bareDir,
      'rev-list',
      '--parents',
      '-n',
      '1',
      after ?? '',
    ]);
    expect(parents.split(' ')).toHaveLength(3);
    const merged = (await octokit.rest.pulls.get({ owner: OWNER, repo: NAME, pull_number: pull.number }))
      .data;
    expect(merged).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: after });
    expect(merged.merged_at).toEqual(expect.any(String));
  });

  it('fake.mergePull merges like a human on the website, visible through pulls.list', async () => {
    const { pull } = await openPull('feature-human', { 'human.txt': 'by hand\n' });
    const { sha } = await fake.mergePull(REPO, pull.number);
    expect(await fake.branchSha(REPO, 'main')).toBe(sha);
    const listed = await octokit.rest.pulls.list({
      owner: OWNER,
      repo: NAME,
      head: `${OWNER}:feature-human`,
      state: 'all',
    });
    expect(listed.data.map((item) => [item.number, item.state, item.merged_at !== null])).toEqual([
      [pull.number, 'closed', true],
    ]);
    expect(fake.pulls(REPO).find((record) => record.number === pull.number)?.mergedBy).toBe('octocat');
  });
});

describe('checks and statuses', () => {
  it('returns the check runs and combined status the test set', async () => {
    const sha = await pushBranch('feature-checks', { 'checks.txt': 'x\n' });
    fake.setCheckRuns(REPO, sha, [
      { name: 'build', conclusion: 'success' },
      { name: 'test', status: 'in_progress' },
    ]);
    fake.setCommitStatus(REPO, sha, [
      { context: 'ci/lint', state: 'success' },
      { context: 'ci/e2e', state: 'failure', target_url: 'https://ci.example/1' },
    ]);
    const runs = (await octokit.rest.checks.listForRef({ owner: OWNER, repo: NAME, ref: 'feature-checks' }))
      .data;
    expect(runs.total_count).toBe(2);
    expect(runs.check_runs.map((run) => [run.name, run.status, run.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test', 'in_progress', null],
    ]);
    const combined = (
      await octokit.rest.repos.getCombinedStatusForRef({ owner: OWNER, repo: NAME, ref: sha })
    ).data;
    expect(combined.state).toBe('failure');
    expect(combined.statuses.map((status) => status.context).sort()).toEqual(['ci/e2e', 'ci/lint']);
  });
});

describe('failure injection and recording', () => {
  it('fails the next matching call with 500, then succeeds when the test retries', async () => {
    fake.failNext(`GET /repos/${REPO}`, { status: 500 });
    const failed = await requestError(octokit.rest.repos.get({ owner: OWNER, repo: NAME }));
    expect(failed.status).toBe(500);
    expect((await octokit.rest.repos.get({ owner: OWNER, repo: NAME })).status).toBe(200);
  });

  it('answers rate limits with GitHub headers', async () => {
    fake.rateLimitNext(/^GET \/repos\/acme\/widgets$/, { kind: 'secondary', retryAfterSeconds: 7 });
    const secondary = await requestError(octokit.rest.repos.get({ owner: OWNER, repo: NAME }));
    expect(secondary.status).toBe(403);
    expect(secondary.response?.headers['retry-after']).toBe('7');
    fake.rateLimitNext(() => true, { kind: 'primary', status: 429 });
    const primary = await requestError(octokit.rest.repos.get({ owner: OWNER, repo: NAME }));
    expect(primary.status).toBe(429);
    expect(primary.response?.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(primary.response?.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
  });

  it('waitForRequest resolves when the request arrives', async () => {
    const waiting = fake.waitForRequest((request) => request.path === '/user');
    void octokit.request('GET /user');
    const seen = await waiting;
    expect(seen).toMatchObject({ method: 'GET', status: 200, auth: 'token', authorized: true });
  });
});

describe('webhooks', () => {
  const secret = 'webhook-secret';
  const payload = checkSuiteCompleted({
    repo: REPO,
    headSha: 'a'.repeat(40),
    headBranch: 'feature-x',
    conclusion: 'success',
  });

  it('signWebhook output verifies with @octokit/webhooks, a tampered body does not', async () => {
    const webhooks = new Webhooks({ secret });
    const body = JSON.stringify(payload);
    expect(signWebhook(body, secret)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await webhooks.verify(body, signWebhook(body, secret))).toBe(true);
    expect(await webhooks.verify(body.replace('success', 'failure'), signWebhook(body, secret))).toBe(false);
  });

  it('sendWebhook delivers to a real @octokit/webhooks middleware; a forged signature is rejected', async () => {
    const webhooks = new Webhooks({ secret });
    const received: unknown[] = [];
    webhooks.on('check_suite.completed', ({ payload: event }) => {
      received.push(event.check_suite.conclusion);
    });
    const server: Server = createServer(createNodeMiddleware(webhooks, { path: '/hooks', log: silentLog }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    try {
      const ok = await sendWebhook(url, 'check_suite', payload, { secret });
      expect(ok.status).toBe(200);
      expect(received).toEqual(['success']);
      const forged = await sendWebhook(url, 'check_suite', payload, {
        secret,
        signature: signWebhook('{}', secret),
      });
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(received).toHaveLength(1);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
