import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../fakes/github/index.ts';
import { type GitHubSetup, REPO, startGitHub } from './harness.ts';

let gh: GitHubSetup;
let scratch: string;
beforeAll(async () => {
  gh = await startGitHub();
  scratch = await mkdtemp(join(tmpdir(), 'github-pulls-'));
});
afterAll(async () => {
  await gh?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function pushBranch(branch: string): Promise<string> {
  const auth = (await gh.host.gitAuth(REPO)).configArgs;
  const dir = join(scratch, branch);
  await runGit([...auth, 'clone', '--quiet', (await gh.host.getRepository(REPO)).cloneUrl, dir]);
  await runGit(['checkout', '--quiet', '-b', branch], { cwd: dir });
  await writeFile(join(dir, `${branch}.txt`), `${branch}\n`);
  await runGit(['add', '--all'], { cwd: dir });
  await runGit(['commit', '--quiet', '-m', branch], { cwd: dir });
  await runGit([...auth, 'push', '--quiet', 'origin', branch], { cwd: dir });
  expect(await readFile(join(dir, '.git', 'config'), 'utf8')).not.toContain(gh.fake.token);
  return runGit(['rev-parse', 'HEAD'], { cwd: dir });
}

const open = (head: string, draft = false) =>
  gh.host.openPullRequest({ repo: REPO, head, base: 'main', title: head, body: 'Proof', draft });

describe('GitHub repository and git access', () => {
  it('takes clone_url and the default branch from the API', async () => {
    expect(await gh.host.getRepository(REPO)).toEqual({
      fullName: REPO,
      cloneUrl: gh.created.cloneUrl,
      defaultBranch: 'main',
      htmlUrl: gh.created.htmlUrl,
    });
  });

  it('git authenticates with a Basic header only: never a token in a URL', async () => {
    await pushBranch('git-auth');
    const used = gh.fake.gitRequests.filter((request) => request.authorized);
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((request) => request.auth === 'basic' && request.username === 'x-access-token')).toBe(
      true,
    );
    expect(gh.fake.gitRequests.every((request) => !request.path.includes(gh.fake.token))).toBe(true);
  });
});

describe('GitHub pull requests', () => {
  it("a second open for the same head finds the existing pull request through GitHub's 422", async () => {
    const sha = await pushBranch('idempotent');
    const first = await open('idempotent');
    const second = await open('idempotent');
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      headSha: sha,
      state: 'open',
      url: `${gh.created.htmlUrl}/pull/${first.number}`,
    });
    const creates = gh.fake.requests.filter(
      (request) => request.method === 'POST' && request.path.endsWith('/pulls'),
    );
    expect(creates.slice(-2).map((request) => request.status)).toEqual([201, 422]);
    const lookup = gh.fake.requests.filter(
      (request) => request.method === 'GET' && request.path === `/repos/${REPO}/pulls`,
    );
    expect(lookup.at(-1)?.query).toMatchObject({ head: 'acme:idempotent', base: 'main', state: 'open' });
    expect(gh.fake.pulls(REPO).filter((pull) => pull.headRef === 'idempotent')).toHaveLength(1);
  });

  it('a closed pull request for the head does not block a new one', async () => {
    await pushBranch('reopened');
    const first = await open('reopened');
    await gh.fake.mergePull(REPO, first.number);
    await gh.fake.pushFiles(REPO, 'reopened', { 'more.txt': 'more\n' });
    const second = await open('reopened');
    expect(second.number).not.toBe(first.number);
    expect(second.state).toBe('open');
  });

  it('marks a draft ready through GraphQL, also on GitHub Enterprise Server (/api/v3, /api/graphql)', async () => {
    const enterprise = await startGitHub({ enterprise: true });
    try {
      await enterprise.fake.pushFiles(REPO, 'enterprise', { 'e.txt': 'e\n' });
      const pull = await enterprise.host.openPullRequest({
        repo: REPO,
        head: 'enterprise',
        base: 'main',
        title: 'Enterprise',
        body: '',
        draft: true,
      });
      expect(pull.draft).toBe(true);
      await enterprise.host.updatePullRequest(REPO, pull.number, { draft: false, body: 'Ready' });
      expect(enterprise.fake.pulls(REPO)[0]).toMatchObject({ draft: false, body: 'Ready' });
      expect(enterprise.fake.requests.some((request) => request.path === '/api/graphql')).toBe(true);
      // Already ready: no second mutation is sent.
      const mutations = () =>
        enterprise.fake.requests.filter((request) => request.path.endsWith('graphql')).length;
      const before = mutations();
      await enterprise.host.updatePullRequest(REPO, pull.number, { draft: false });
      expect(mutations()).toBe(before);
    } finally {
      await enterprise.close();
    }
  });
});
