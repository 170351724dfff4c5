import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCodecotError } from '../../src/errors.ts';
import type { CodeHost } from '../../src/ports/code-host.ts';
import { runGit } from '../fakes/github/index.ts';

/** What the contract needs besides the host: a seeded repository and the host's own view of it. */
export interface CodeHostHarness {
  host: CodeHost;
  /** Default branch `main` holding `README.md` (`# Widgets\n`) and `docs/guide.md` (`Guide\n`). */
  repo: string;
  /** A well-formed name the host does not have. */
  missingRepo: string;
  /** Strings that must never be written into a clone (tokens in every form). */
  secrets: string[];
  /** The pull requests of `repo` as the host itself stores them. */
  pulls(): Promise<{ number: number; head: string; draft: boolean; body: string | null }[]>;
  comments(number: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The behaviour every CodeHost must have, driven through real git against the host's repositories. */
export function codeHostContract(name: string, makeHarness: () => Promise<CodeHostHarness>): void {
  describe(`CodeHost contract: ${name}`, () => {
    let h: CodeHostHarness;
    let scratch: string;
    beforeAll(async () => {
      h = await makeHarness();
      scratch = await mkdtemp(join(tmpdir(), 'code-host-contract-'));
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    /** Clones with the host's git auth, commits `files` on a new branch and pushes it; returns the commit. */
    async function pushBranch(branch: string, files: Record<string, string>): Promise<string> {
      const { cloneUrl } = await h.host.getRepository(h.repo);
      const auth = (await h.host.gitAuth(h.repo)).configArgs;
      const dir = join(scratch, branch.replaceAll('/', '-'));
      await runGit([...auth, 'clone', '--quiet', cloneUrl, dir]);
      await runGit(['checkout', '--quiet', '-b', branch], { cwd: dir });
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      await runGit(['add', '--all'], { cwd: dir });
      await runGit(['commit', '--quiet', '-m', `Change on ${branch}`], { cwd: dir });
      await runGit([...auth, 'push', '--quiet', 'origin', branch], { cwd: dir });
      const config = await readFile(join(dir, '.git', 'config'), 'utf8');
      for (const secret of h.secrets) expect(config).not.toContain(secret);
      return runGit(['rev-parse', 'HEAD'], { cwd: dir });
    }

    const openFor = (head: string, draft = false) =>
      h.host.openPullRequest({
        repo: h.repo,
        head,
        base: 'main',
        title: `Change ${head}`,
        body: 'Proof',
        draft,
      });

    test('looks a repository up; a missing one is a not_found error', async () => {
      const repo = await h.host.getRepository(h.repo);
      expect(repo).toMatchObject({ fullName: h.repo, defaultBranch: 'main' });
      expect(repo.cloneUrl).not.toBe('');
      expect(repo.htmlUrl).not.toBe('');
      const missing = await h.host.getRepository(h.missingRepo).catch((error: unknown) => error);
      expect(isCodecotError(missing, 'not_found')).toBe(true);
    });

    test('tells where a branch points now; a missing branch is null', async () => {
      expect(h.host.branchHead).toBeDefined();
      const sha = await pushBranch('contract/head', { 'HEAD.md': 'head\n' });
      expect(await h.host.branchHead?.(h.repo, 'contract/head')).toBe(sha);
      expect(await h.host.branchHead?.(h.repo, 'contract/never-pushed')).toBeNull();
    });

    test('reads files at the default branch and at a ref; missing paths and directories are null', async () => {
      expect(await h.host.readFile(h.repo, 'README.md')).toBe('# Widgets\n');
      expect(await h.host.readFile(h.repo, 'docs/guide.md')).toBe('Guide\n');
      expect(await h.host.readFile(h.repo, 'nope.md')).toBeNull();
      expect(await h.host.readFile(h.repo, 'docs')).toBeNull();
      await pushBranch('contract/read-at-ref', { 'README.md': '# Widgets, revised\n' });
      expect(await h.host.readFile(h.repo, 'README.md', 'contract/read-at-ref')).toBe('# Widgets, revised\n');
      expect(await h.host.readFile(h.repo, 'README.md')).toBe('# Widgets\n');
    });

    test('opens a pull request whose head is the pushed commit, once per head branch', async () => {
      const sha = await pushBranch('contract/open', { 'one.txt': 'one\n' });
      const first = await openFor('contract/open');
      expect(first).toMatchObject({ headSha: sha, state: 'open', draft: false });
      expect(first.url).not.toBe('');
      const again = await openFor('contract/open');
      expect(again.number).toBe(first.number);
      const pulls = (await h.pulls()).filter((pull) => pull.head === 'contract/open');
      expect(pulls).toHaveLength(1);
      expect(pulls[0]?.body).toBe('Proof');
    });

    test('a draft stays a draft until it is marked ready', async () => {
      await pushBranch('contract/draft', { 'draft.txt': 'draft\n' });
      const pull = await openFor('contract/draft', true);
      expect(pull.draft).toBe(true);
      await h.host.updatePullRequest(h.repo, pull.number, { draft: false });
      expect((await h.pulls()).find((p) => p.number === pull.number)?.draft).toBe(false);
      await h.host.updatePullRequest(h.repo, pull.number, { draft: true });
      expect((await h.pulls()).find((p) => p.number === pull.number)?.draft).toBe(true);
    });

    test('updates the body and comments on the pull request', async () => {
      await pushBranch('contract/update', { 'update.txt': 'update\n' });
      const pull = await openFor('contract/update');
      await h.host.updatePullRequest(h.repo, pull.number, { body: 'Proof, second iteration' });
      await h.host.comment(h.repo, pull.number, 'CI failed; fixing');
      const stored = (await h.pulls()).find((p) => p.number === pull.number);
      expect(stored).toMatchObject({ body: 'Proof, second iteration', draft: false });
      expect(await h.comments(pull.number)).toEqual(['CI failed; fixing']);
    });

    test('refuses a pull request for a branch that was never pushed, and says so', async () => {
      const error = await openFor('contract/never-pushed').catch((caught: unknown) => caught);
      expect(isCodecotError(error, 'code_host_error')).toBe(true);
      expect((error as Error).message).toContain('contract/never-pushed');
      expect((error as { retryable: boolean }).retryable).toBe(false);
      expect((await h.pulls()).some((pull) => pull.head === 'contract/never-pushed')).toBe(false);
    });

    test('a commit no CI reported on has no checks', async () => {
      const sha = await pushBranch('contract/checks', { 'checks.txt': 'x\n' });
      expect(await h.host.checks(h.repo, sha)).toEqual([]);
    });
  });
}
