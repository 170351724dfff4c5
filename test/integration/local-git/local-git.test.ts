import { spawn } from 'node:child_process';
import { readFile, realpath, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalGitCodeHost } from '../../../adapters/local-git/index.ts';
import { isCodecotError } from '../../../src/errors.ts';
import { createLogger } from '../../../src/logger.ts';
import { runGit } from '../../fakes/github/index.ts';
import { createBareRepo, pushCommit } from './bare-repos.ts';
import { type LocalSetup, REPO, startLocalGit } from './harness.ts';

let local: LocalSetup;
beforeAll(async () => {
  local = await startLocalGit();
});
afterAll(async () => local?.close());

const open = (head: string, repo = REPO) =>
  local.host.openPullRequest({ repo, head, base: 'main', title: head, body: 'Proof', draft: false });

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('local-git repositories', () => {
  it('clones from the absolute path, shows a file:// URL, and reads the default branch from HEAD', async () => {
    const real = await realpath(local.repoPath);
    expect(await local.host.getRepository(REPO)).toEqual({
      fullName: REPO,
      cloneUrl: real,
      defaultBranch: 'main',
      htmlUrl: pathToFileURL(real).href,
    });
    await createBareRepo(join(local.root, 'acme', 'trunked.git'), { 'a.txt': 'a\n' }, 'trunk');
    expect((await local.host.getRepository('acme/trunked')).defaultBranch).toBe('trunk');
    expect(await local.host.gitAuth(REPO)).toEqual({ configArgs: [] });
  });

  it('refuses names that would leave the root, and refs that look like options', async () => {
    for (const name of ['../etc', 'acme/..', 'acme/../../x', 'just-a-name']) {
      expect(isCodecotError(await errorOf(local.host.getRepository(name)), 'bad_input')).toBe(true);
    }
    expect(
      isCodecotError(await errorOf(local.host.readFile(REPO, 'README.md', '--output=/tmp/x')), 'bad_input'),
    ).toBe(true);
  });

  it('serves a mapped repository elsewhere, even a non-bare one', async () => {
    const elsewhere = join(local.root, '..', `${local.root.split('/').pop()}-work`);
    await runGit(['init', '--quiet', '--initial-branch=main', elsewhere]);
    await writeFile(join(elsewhere, 'app.txt'), 'app\n');
    await runGit(['add', '--all'], { cwd: elsewhere });
    await runGit(['commit', '--quiet', '-m', 'app'], { cwd: elsewhere });
    try {
      const host = createLocalGitCodeHost({
        root: local.root,
        repositories: { 'team/app': elsewhere },
        logger: createLogger('silent'),
      });
      expect(await host.getRepository('team/app')).toMatchObject({
        cloneUrl: await realpath(elsewhere),
        defaultBranch: 'main',
      });
      expect(await host.readFile('team/app', 'app.txt')).toBe('app\n');
      await runGit(['checkout', '--quiet', '-b', 'feature'], { cwd: elsewhere });
      await writeFile(join(elsewhere, 'app.txt'), 'feature\n');
      await runGit(['commit', '--quiet', '-am', 'feature'], { cwd: elsewhere });
      const pull = await host.openPullRequest({
        repo: 'team/app',
        head: 'feature',
        base: 'main',
        title: 'f',
        body: '',
        draft: false,
      });
      expect(pull.number).toBe(1);
      const records = JSON.parse(await readFile(join(elsewhere, '.git', 'codecot', 'pulls.json'), 'utf8'));
      expect(records.pulls[0]).toMatchObject({ repo: 'team/app', head: 'feature', number: 1 });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('local-git pull requests', () => {
  it('records each pull request beside the repository, visible to a new host instance', async () => {
    const sha = await pushCommit(local.repoPath, 'record', { 'r.txt': 'r\n' });
    const pull = await open('record');
    expect(pull).toMatchObject({ headSha: sha, state: 'open', draft: false });
    expect(pull.url).toBe(`${pathToFileURL(await realpath(local.repoPath)).href}#pull/${pull.number}`);
    const file = JSON.parse(await readFile(join(local.repoPath, 'codecot', 'pulls.json'), 'utf8'));
    expect(file.pulls.find((p: { number: number }) => p.number === pull.number)).toMatchObject({
      head: 'record',
      base: 'main',
      title: 'record',
      body: 'Proof',
    });
    const fresh = createLocalGitCodeHost({ root: local.root, logger: createLogger('silent') });
    expect((await fresh.listPullRequests(REPO)).map((p) => p.number)).toContain(pull.number);
  });

  it('many simultaneous opens for one head record one pull request', async () => {
    await pushCommit(local.repoPath, 'crowd', { 'c.txt': 'c\n' });
    const pulls = await Promise.all(Array.from({ length: 6 }, () => open('crowd')));
    expect(new Set(pulls.map((pull) => pull.number)).size).toBe(1);
    expect((await local.host.listPullRequests(REPO)).filter((pull) => pull.head === 'crowd')).toHaveLength(1);
  });

  it('processes racing on one repository lose no record and open one pull request per head', async () => {
    const heads = ['race-a', 'race-b', 'race-c'];
    for (const head of heads) await pushCommit(local.repoPath, head, { [`${head}.txt`]: 'x\n' });
    const script = fileURLToPath(new URL('./open-in-child.ts', import.meta.url));
    const runs = [...heads, ...heads].map((head) => ({
      head,
      child: spawn(process.execPath, [script, local.root, REPO, head], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    }));
    const lines = runs.map(({ child }) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
    for (const line of lines) expect((await line.next()).value).toBe('ready');
    for (const { child } of runs) child.stdin.write('go\n');
    const numbers: number[] = await Promise.all(
      lines.map(async (line) => JSON.parse((await line.next()).value ?? 'null').number),
    );
    const byHead = heads.map((head) => new Set(numbers.filter((_, index) => runs[index]?.head === head)));
    expect(byHead.map((set) => set.size)).toEqual([1, 1, 1]);
    expect(new Set(numbers).size).toBe(3);
    const recorded = (await local.host.listPullRequests(REPO)).filter((pull) => heads.includes(pull.head));
    expect(recorded.map((pull) => pull.number).sort()).toEqual([...new Set(numbers)].sort());
  });

  it('waits for a lock another process holds, and takes over a stale one', async () => {
    await pushCommit(local.repoPath, 'locked', { 'l.txt': 'l\n' });
    const lock = join(local.repoPath, 'codecot', 'pulls.lock');
    await writeFile(lock, '');
    let settled = false;
    const opening = open('locked').finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    expect((await opening).state).toBe('open');
  });

  it('follows the branch, notices a merge, and then a new pull request can be opened', async () => {
    await pushCommit(local.repoPath, 'merge-me', { 'm.txt': 'm\n' });
    const first = await open('merge-me');
    const moved = await pushCommit(local.repoPath, 'merge-me', { 'm.txt': 'm2\n' });
    expect((await local.host.listPullRequests(REPO)).find((p) => p.number === first.number)?.headSha).toBe(
      moved,
    );
    await runGit(['--git-dir', local.repoPath, 'update-ref', 'refs/heads/main', moved]);
    // New work on the same branch before anyone looked: the merge must still be noticed.
    await pushCommit(local.repoPath, 'merge-me', { 'm.txt': 'm3\n' });
    const second = await open('merge-me');
    expect(second.number).not.toBe(first.number);
    const states = (await local.host.listPullRequests(REPO)).filter((p) => p.head === 'merge-me');
    expect(states.map((p) => [p.number, p.state])).toEqual([
      [first.number, 'merged'],
      [second.number, 'open'],
    ]);
  });

  it('refuses a head with nothing to merge, and unknown numbers are not_found', async () => {
    const same = await errorOf(open('main'));
    expect(isCodecotError(same, 'code_host_error')).toBe(true);
    expect((same as Error).message).toContain('No commits between main and main');
    expect(isCodecotError(await errorOf(local.host.comment(REPO, 999, 'x')), 'not_found')).toBe(true);
    expect(
      isCodecotError(await errorOf(local.host.updatePullRequest(REPO, 999, { body: 'x' })), 'not_found'),
    ).toBe(true);
  });

  it('lists the pull requests of every repository under the root for the dashboard', async () => {
    const other = join(local.root, 'acme', 'gadgets.git');
    await createBareRepo(other, { 'g.txt': 'g\n' });
    await pushCommit(other, 'gadget', { 'g.txt': 'g2\n' });
    await open('gadget', 'acme/gadgets');
    const all = await local.host.listPullRequests();
    expect(all.some((pull) => pull.repo === 'acme/gadgets' && pull.head === 'gadget')).toBe(true);
    expect(all.some((pull) => pull.repo === REPO && pull.head === 'record')).toBe(true);
  });
});
