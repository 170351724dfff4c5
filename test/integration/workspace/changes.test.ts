import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../src/ports/workspaces.ts';
import { runGit } from '../../fakes/github/index.ts';
import { startTestbed, type Testbed } from './testbed.ts';

let bed: Testbed;
let workspace: Workspace;
const NEW_README = '# Widgets\nnew line\nanother\n';
const longText = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');

beforeAll(async () => {
  bed = await startTestbed({
    'README.md': '# Widgets\nold line\n',
    'docs/guide.md': `${longText}\n`,
    'obsolete.txt': 'remove me\n',
    '.gitignore': '*.log\n',
  });
  workspace = await bed.manager.prepare(bed.input('exec-changes'));
  const at = (path: string) => join(workspace.path, path);
  await writeFile(at('README.md'), NEW_README);
  await rm(at('obsolete.txt'));
  await mkdir(at('src'));
  await writeFile(at('src/new.ts'), 'export const x = 1;\n');
  await writeFile(at('logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 255]));
  await rename(at('docs/guide.md'), at('docs/handbook.md'));
  await writeFile(at('debug.log'), 'ignored\n');
});

afterAll(async () => {
  await bed?.close();
});

describe('diff', () => {
  it('reports added, modified, deleted, renamed and binary files, untracked included, ignored not', async () => {
    const diff = await bed.manager.diff(workspace, 1_000_000);
    const byPath = Object.fromEntries(diff.files.map((file) => [file.path, file]));
    expect(Object.keys(byPath).sort()).toEqual([
      'README.md',
      'docs/handbook.md',
      'logo.png',
      'obsolete.txt',
      'src/new.ts',
    ]);
    expect(byPath['README.md']).toEqual({
      path: 'README.md',
      status: 'modified',
      additions: 2,
      deletions: 1,
      binary: false,
      bytes: Buffer.byteLength(NEW_README),
    });
    expect(byPath['obsolete.txt']).toMatchObject({ status: 'deleted', deletions: 1, bytes: 0 });
    expect(byPath['src/new.ts']).toMatchObject({ status: 'added', additions: 1, deletions: 0, bytes: 20 });
    expect(byPath['logo.png']).toMatchObject({ status: 'added', binary: true, additions: 0, bytes: 12 });
    expect(byPath['docs/handbook.md']).toMatchObject({ status: 'renamed', additions: 0, deletions: 0 });
    expect(diff.truncated).toBe(false);
    expect(diff.patch).toContain('diff --git a/README.md b/README.md');
    expect(diff.patch).toContain('+new line');
    expect(diff.patch).toContain('Binary files /dev/null and b/logo.png differ');
    expect(diff.patch).not.toContain('debug.log');
  });

  it('cuts the patch at maxPatchBytes and says so', async () => {
    const full = await bed.manager.diff(workspace, 1_000_000);
    const cut = await bed.manager.diff(workspace, 200);
    expect(cut.truncated).toBe(true);
    expect(Buffer.byteLength(cut.patch)).toBeLessThanOrEqual(200);
    expect(full.patch.startsWith(cut.patch)).toBe(true);
    expect(cut.files).toEqual(full.files);
    const exact = await bed.manager.diff(workspace, Buffer.byteLength(full.patch));
    expect(exact).toEqual(full);
  });
});

describe('commitAll and push', () => {
  it('commits everything as Codecot, then returns null when nothing changed', async () => {
    const sha = await bed.manager.commitAll(workspace, 'Add the new module\n\nSpec #12');
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await bed.manager.commitAll(workspace, 'again')).toBeNull();
    const gitDir = join(bed.dataDir, 'gitdirs', 'exec-changes.git');
    const show = (format: string) =>
      runGit(['--git-dir', gitDir, 'log', '-1', `--format=${format}`, sha ?? '']);
    expect(await show('%an <%ae>|%cn <%ce>|%P|%B')).toBe(
      `Codecot <codecot@users.noreply.local>|Codecot <codecot@users.noreply.local>|${workspace.baseSha}|Add the new module\n\nSpec #12`,
    );
    // Committed changes still count against the base.
    expect((await bed.manager.diff(workspace, 10_000)).files).toHaveLength(5);
  });

  it('pushes the branch to the repository, then fast-forwards it on the next iteration', async () => {
    await bed.manager.push(workspace, bed.auth, bed.repo.cloneUrl);
    const first = await bed.fake.branchSha('acme/widgets', workspace.branch);
    expect(await bed.fake.readFile('acme/widgets', workspace.branch, 'src/new.ts')).toBe(
      'export const x = 1;\n',
    );
    expect(await bed.fake.readFile('acme/widgets', workspace.branch, 'debug.log')).toBeUndefined();

    await writeFile(join(workspace.path, 'src/new.ts'), 'export const x = 2;\n');
    const second = await bed.manager.commitAll(workspace, 'Iteration 2');
    await bed.manager.push(workspace, bed.auth, bed.repo.cloneUrl);
    expect(await bed.fake.branchSha('acme/widgets', workspace.branch)).toBe(second);
    const parent = await runGit(['--git-dir', bed.repo.bareDir, 'rev-parse', `${second}^`]);
    expect(parent).toBe(first);
  });

  it('refuses to overwrite a branch that moved on remotely, with a permanent error', async () => {
    await bed.fake.pushFiles('acme/widgets', workspace.branch, { 'human.txt': 'edited on the website\n' });
    await writeFile(join(workspace.path, 'src/new.ts'), 'export const x = 3;\n');
    await bed.manager.commitAll(workspace, 'Iteration 3');
    const error = await bed.manager
      .push(workspace, bed.auth, bed.repo.cloneUrl)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'code_host_error', retryable: false });
    expect((error as Error).message).toContain('the remote branch moved on');
    expect((error as Error).message).not.toContain(bed.fake.token);
  });
});

describe('remove', () => {
  it('deletes the checkout and leaves the mirror serving the next run', async () => {
    await bed.manager.remove(workspace);
    await expect(stat(workspace.path)).rejects.toThrow();
    await expect(stat(join(bed.dataDir, 'gitdirs', 'exec-changes.git'))).rejects.toThrow();
    await runGit(['--git-dir', join(bed.dataDir, 'mirrors', 'acme', 'widgets.git'), 'fsck', '--no-progress']);
    const next = await bed.manager.prepare(bed.input('exec-after-remove'));
    expect(await runGit(['status', '--porcelain'], { cwd: next.path })).toBe('');
    expect(next.baseSha).toBe(workspace.baseSha);
  });
});

describe('a repository on a local path (the local-git code host)', () => {
  it('prepares, commits and pushes with no credentials at all', async () => {
    const local = { cloneUrl: bed.repo.bareDir, auth: { configArgs: [] } };
    const workspace = await bed.manager.prepare(bed.input('exec-local', { repo: 'local/widgets', ...local }));
    expect(workspace.baseSha).toBe(await bed.fake.branchSha('acme/widgets', 'main'));
    await writeFile(join(workspace.path, 'local.txt'), 'from a local path\n');
    const sha = await bed.manager.commitAll(workspace, 'Local change');
    await bed.manager.push(workspace, local.auth, local.cloneUrl);
    expect(await bed.fake.branchSha('acme/widgets', workspace.branch)).toBe(sha);
  });
});
