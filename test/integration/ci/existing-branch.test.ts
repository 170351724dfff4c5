import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runGit } from '../../fakes/github/index.ts';
import { REPO, rejectionOf, startTestbed, type Testbed } from '../workspace/testbed.ts';

// A later iteration checks out the pull request's branch at its tip and commits on top of it.
let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed({ 'a.txt': 'a\n' });
});
afterAll(async () => bed?.close());

describe('prepare with an existing branch', () => {
  test('files at the tip, diff and scope from the fork point, the new commit fast-forwards the branch', async () => {
    const first = await bed.manager.prepare(bed.input('iter-1'));
    await writeFile(join(first.path, 'b.txt'), 'b\n');
    const tip = await bed.manager.commitAll(first, 'first iteration');
    await bed.manager.push(first, bed.auth, bed.repo.cloneUrl);
    await bed.manager.remove(first);
    // The base branch moves on after the pull request forked from it.
    await bed.fake.pushFiles(REPO, 'main', { 'c.txt': 'c\n' });

    const second = await bed.manager.prepare(
      bed.input('iter-2', { branch: first.branch, existingBranch: true }),
    );
    expect(second.baseSha).toBe(first.baseSha);
    expect(await readFile(join(second.path, 'b.txt'), 'utf8')).toBe('b\n');
    await expect(readFile(join(second.path, 'c.txt'), 'utf8')).rejects.toThrow();
    expect((await bed.manager.diff(second, 10_000)).files.map((f) => f.path)).toEqual(['b.txt']);

    expect(await bed.manager.commitAll(second, 'nothing changed yet')).toBeNull();
    await writeFile(join(second.path, 'b.txt'), 'b, fixed\n');
    const next = await bed.manager.commitAll(second, 'second iteration');
    expect(next).toMatch(/^[0-9a-f]{40}$/);
    await bed.manager.push(second, bed.auth, bed.repo.cloneUrl);
    const pushed = await bed.fake.branchSha(REPO, first.branch);
    expect(pushed).toBe(next);
    expect(await runGit(['--git-dir', bed.repo.bareDir, 'rev-parse', `${pushed}^`])).toBe(tip);
    expect(await bed.fake.readFile(REPO, first.branch, 'b.txt')).toBe('b, fixed\n');
    await bed.manager.remove(second);
  });

  test('a branch that does not exist is a clear, permanent error', async () => {
    const error = await rejectionOf(
      bed.manager.prepare(bed.input('iter-x', { branch: 'codecot/gone', existingBranch: true })),
    );
    expect(error).toMatchObject({ code: 'code_host_error', retryable: false });
    expect((error as Error).message).toBe('the branch "codecot/gone" does not exist in acme/widgets');
  });
});
