import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationTokens } from '../../../adapters/github/app-auth.ts';
import { registerSecrets } from '../../../src/redact.ts';
import { runGit } from '../../fakes/github/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { APP_ID, type AppSetup, INSTALLATIONS, OTHER_REPO, startAppGitHub } from './app-harness.ts';
import { REPO } from './harness.ts';

let gh: AppSetup;
let scratch: string;
beforeAll(async () => {
  gh = await startAppGitHub();
  scratch = await mkdtemp(join(tmpdir(), 'github-app-'));
}, 60_000);
afterAll(async () => {
  await gh?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});
afterEach(() => registerSecrets([]));

const restTo = (path: string) => gh.fake.requests.filter((request) => request.path === path);

describe('GitHub App authentication against the fake GitHub', () => {
  it('pushes a branch and opens a pull request with installation tokens only', async () => {
    const host = gh.host();
    const { cloneUrl } = await host.getRepository(REPO);
    const auth = (await host.gitAuth(REPO)).configArgs;
    const dir = join(scratch, 'pushed');
    await runGit([...auth, 'clone', '--quiet', cloneUrl, dir]);
    await runGit(['checkout', '--quiet', '-b', 'app/change'], { cwd: dir });
    await runGit(['commit', '--quiet', '--allow-empty', '-m', 'App change'], { cwd: dir });
    await runGit([...auth, 'push', '--quiet', 'origin', 'app/change'], { cwd: dir });
    const sha = await runGit(['rev-parse', 'HEAD'], { cwd: dir });
    const pull = await host.openPullRequest({
      repo: REPO,
      head: 'app/change',
      base: 'main',
      title: 'App change',
      body: 'Opened by the App',
      draft: false,
    });

    expect(pull.headSha).toBe(sha);
    expect(gh.fake.pulls(REPO).map((p) => p.headRef)).toContain('app/change');
    expect(await gh.fake.branchSha(REPO, 'app/change')).toBe(sha);
    // The fake refuses the personal token, so every accepted request carried an installation token.
    const tokens = gh.app.issued.map((issued) => issued.token);
    expect(tokens.length).toBeGreaterThan(0);
    expect(gh.fake.gitRequests.some((request) => request.method === 'POST' && request.authorized)).toBe(true);
    expect(
      gh.fake.gitRequests.every((request) => !tokens.some((token) => request.path.includes(token))),
    ).toBe(true);
    expect(restTo(`/app/installations/${INSTALLATIONS[REPO]}/access_tokens`).map((r) => r.status)).toContain(
      201,
    );
  });

  it("finds each repository's installation once, and never uses one installation's token on another", async () => {
    const host = gh.host();
    const before = restTo(`/repos/${OTHER_REPO}/installation`).length;
    await host.getRepository(OTHER_REPO);
    await host.readFile(OTHER_REPO, 'README.md');
    await host.getRepository(REPO);

    expect(restTo(`/repos/${OTHER_REPO}/installation`).length - before).toBe(1);
    const installationsUsed = new Set(gh.app.issued.map((issued) => issued.installationId));
    expect(installationsUsed).toEqual(new Set([INSTALLATIONS[REPO], INSTALLATIONS[OTHER_REPO]]));
    // The fake scopes tokens to their installation's repositories: the wrong one would have been refused.
    expect(gh.fake.requests.filter((r) => r.path.startsWith('/repos/') && !r.authorized)).toEqual([]);
  });

  it('with GITHUB_APP_INSTALLATION_ID, looks nothing up', async () => {
    const lookups = gh.fake.requests.filter((r) => r.path.endsWith('/installation')).length;
    const host = gh.host({ installationId: INSTALLATIONS[REPO] });
    expect((await host.getRepository(REPO)).fullName).toBe(REPO);
    expect(gh.fake.requests.filter((r) => r.path.endsWith('/installation')).length).toBe(lookups);
  });

  const provider = () =>
    createInstallationTokens({
      appId: String(APP_ID),
      privateKey: gh.privateKey,
      apiUrl: gh.fake.url,
      installationId: INSTALLATIONS[OTHER_REPO],
      refreshBeforeMs: 0,
    });
  const minted = () => gh.app.issued.filter((i) => i.installationId === INSTALLATIONS[OTHER_REPO]).length;
  const statusWith = async (token: string) =>
    (await fetch(`${gh.fake.url}/repos/${OTHER_REPO}`, { headers: { authorization: `token ${token}` } }))
      .status;

  it('keeps a token while it is valid', async () => {
    const tokens = provider();
    const first = await tokens(OTHER_REPO);
    const count = minted();
    expect(await tokens(OTHER_REPO)).toBe(first);
    expect(minted()).toBe(count);
  });

  it('mints a new token once the cached one has expired', async () => {
    gh.app.tokenLifetimeSeconds = 1;
    const tokens = provider();
    let expiring: string;
    try {
      expiring = await tokens(OTHER_REPO);
    } finally {
      gh.app.tokenLifetimeSeconds = 3600;
    }
    await waitFor(() => gh.app.isExpired(expiring));
    // The fake refuses the expired token, which @octokit/auth-app's cache would still hand out.
    expect(await statusWith(expiring)).toBe(401);
    const renewed = await tokens(OTHER_REPO);
    expect(renewed).not.toBe(expiring);
    expect(await statusWith(renewed)).toBe(200);
  });
});
