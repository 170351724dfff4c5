import { appendFile, chmod, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../src/ports/workspaces.ts';
import { runGit } from '../../fakes/github/index.ts';
import { startTestbed, type Testbed } from './testbed.ts';

// An agent can write anything inside its checkout, `.git` included. Git run there by the bot (outside the
// sandbox) would obey what it finds: hooks, fsmonitor, filters, URL rewrites. These tests plant all of
// them, prove a naive `git add`/`git commit` runs them, then that Codecot's diff/commit/push do not.

let bed: Testbed;
let markers: string;

beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n' });
  markers = await mkdtemp(join(tmpdir(), 'hostile-markers-'));
});

afterAll(async () => {
  await bed?.close();
  if (markers) await rm(markers, { recursive: true, force: true });
});

/** Leaves a marker when run; a filter passes the content through, anything else reads nothing. */
async function script(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  const body = name.startsWith('filter') ? 'cat' : 'exit 0';
  await writeFile(path, `#!/bin/sh\necho ran >> '${join(markers, name)}'\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

async function plantTraps(workspace: Workspace): Promise<void> {
  const dotGit = join(workspace.path, '.git');
  await mkdir(join(dotGit, 'hooks'), { recursive: true });
  for (const hook of ['pre-commit', 'post-commit', 'pre-push', 'reference-transaction']) {
    await script(join(dotGit, 'hooks'), hook);
  }
  const tools = join(workspace.path, '.tools');
  await mkdir(tools);
  const fsmonitor = await script(tools, 'fsmonitor');
  const clean = await script(tools, 'filter-clean');
  await appendFile(
    join(dotGit, 'config'),
    `[core]\n\tfsmonitor = ${fsmonitor}\n[filter "evil"]\n\tclean = ${clean}\n` +
      `[url "http://127.0.0.1:1/"]\n\tinsteadOf = ${bed.fake.url}\n`,
  );
  await writeFile(join(workspace.path, '.gitattributes'), '* filter=evil\n');
  await writeFile(join(workspace.path, 'feature.txt'), 'the change\n');
}

const ran = async () => (await readdir(markers)).sort();

describe('a checkout whose .git the agent rewrote', () => {
  it('runs the planted commands under a naive git add + commit (the traps work)', async () => {
    const workspace = await bed.manager.prepare(bed.input('exec-naive'));
    await plantTraps(workspace);
    await runGit(['add', '--all'], { cwd: workspace.path });
    await runGit(['commit', '--quiet', '-m', 'naive'], { cwd: workspace.path });
    expect(await ran()).toEqual(
      expect.arrayContaining(['filter-clean', 'fsmonitor', 'pre-commit', 'post-commit']),
    );
    await bed.manager.remove(workspace);
    for (const name of await ran()) await rm(join(markers, name));
  });

  it('diff, commitAll and push run none of them and push the files as they are', async () => {
    const workspace = await bed.manager.prepare(bed.input('exec-hostile'));
    await plantTraps(workspace);
    const diff = await bed.manager.diff(workspace, 100_000);
    expect(diff.files.map((file) => file.path).sort()).toEqual([
      '.gitattributes',
      '.tools/filter-clean',
      '.tools/fsmonitor',
      'feature.txt',
    ]);
    const sha = await bed.manager.commitAll(workspace, 'Change');
    await bed.manager.push(workspace, bed.auth, bed.repo.cloneUrl);
    expect(await ran()).toEqual([]);
    expect(await bed.fake.branchSha('acme/widgets', workspace.branch)).toBe(sha);
    expect(await bed.fake.readFile('acme/widgets', workspace.branch, 'feature.txt')).toBe('the change\n');
  });

  it('ignores a .git replaced by a link to the mirror and commits a planted symlink as a link', async () => {
    const workspace = await bed.manager.prepare(bed.input('exec-swapped'));
    const mirror = join(bed.dataDir, 'mirrors', 'acme', 'widgets.git');
    const mirrorRefs = await runGit(['--git-dir', mirror, 'for-each-ref']);
    await rm(join(workspace.path, '.git'), { recursive: true });
    await symlink(mirror, join(workspace.path, '.git'));
    await symlink('/etc/hostname', join(workspace.path, 'leak'));
    const diff = await bed.manager.diff(workspace, 100_000);
    expect(diff.files).toEqual([
      {
        path: 'leak',
        status: 'added',
        additions: 1,
        deletions: 0,
        binary: false,
        bytes: '/etc/hostname'.length,
      },
    ]);
    expect(await bed.manager.commitAll(workspace, 'Link')).toMatch(/^[0-9a-f]{40}$/);
    expect(await runGit(['--git-dir', mirror, 'for-each-ref'])).toBe(mirrorRefs);
  });
});
