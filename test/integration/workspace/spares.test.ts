import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../src/ports/workspaces.ts';
import { runGit } from '../../fakes/github/index.ts';
import { managerOn, observedManager, startTestbed, type Testbed } from './testbed.ts';

let bed: Testbed;
const spareDir = () => join(bed.dataDir, 'spares', 'acme', 'widgets');
const mirrorDir = () => join(bed.dataDir, 'mirrors', 'acme', 'widgets.git');
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  bed = await startTestbed({
    'README.md': '# Widgets\n',
    'src/a.ts': 'a\n',
    'src/b.ts': 'b\n',
    'old.txt': 'old\n',
  });
});

afterAll(async () => {
  await bed?.close();
});

/** A claimed spare must be indistinguishable from a checkout made from scratch at the same commit. */
async function expectPristine(workspace: Workspace): Promise<void> {
  const git = (...args: string[]) => runGit(args, { cwd: workspace.path });
  expect(await git('status', '--porcelain', '--untracked-files=all', '--ignored')).toBe('');
  expect(await git('ls-files')).toBe(await git('ls-tree', '-r', '--name-only', workspace.baseSha));
  expect(await git('symbolic-ref', 'HEAD')).toBe(`refs/heads/${workspace.branch}`);
  expect(await git('for-each-ref', '--format=%(refname) %(objectname)')).toBe(
    `refs/heads/${workspace.branch} ${workspace.baseSha}\nrefs/remotes/origin/main ${workspace.baseSha}`,
  );
  expect(await git('remote', 'get-url', 'origin')).toBe(bed.repo.cloneUrl);
  expect(await exists(join(workspace.path, '.git', 'CODECOT_SPARE'))).toBe(false);
  expect((await bed.manager.diff(workspace, 1000)).files).toEqual([]);
}

describe('spare checkouts', () => {
  it('makes one after a prepare, and the next prepare takes it and writes only what changed', async () => {
    const first = await bed.manager.prepare(bed.input('spare-1'));
    await bed.manager.idle();
    expect((await readFile(join(spareDir(), '.git', 'CODECOT_SPARE'), 'utf8')).trim()).toBe(first.baseSha);

    const sha = await bed.fake.pushFiles('acme/widgets', 'main', {
      'src/a.ts': 'a2\n',
      'old.txt': null,
      'new.txt': 'n\n',
    });
    const untouched = (await stat(join(spareDir(), 'src/b.ts'))).ino;
    const { manager, logs } = observedManager(bed.dataDir);
    const second = await manager.prepare(bed.input('spare-2'));
    expect(logs.find((line) => line.msg === 'workspace prepared')).toMatchObject({ fromSpare: true });
    expect(second.baseSha).toBe(sha);
    // The unchanged file is the very same inode: the spare was renamed into place, not written again.
    expect((await stat(join(second.path, 'src/b.ts'))).ino).toBe(untouched);
    expect(await readFile(join(second.path, 'src/a.ts'), 'utf8')).toBe('a2\n');
    expect(await readFile(join(second.path, 'new.txt'), 'utf8')).toBe('n\n');
    expect(await exists(join(second.path, 'old.txt'))).toBe(false);
    await expectPristine(second);
    await manager.idle();
    expect((await readFile(join(spareDir(), '.git', 'CODECOT_SPARE'), 'utf8')).trim()).toBe(sha);
  });

  it('a change, commit and push from a claimed spare land like any other', async () => {
    await bed.manager.idle();
    const workspace = await bed.manager.prepare(bed.input('spare-push'));
    await runGit(['rm', '--quiet', 'src/b.ts'], { cwd: workspace.path });
    const sha = await bed.manager.commitAll(workspace, 'Drop b');
    await bed.manager.push(workspace, bed.auth, bed.repo.cloneUrl);
    expect(await bed.fake.branchSha('acme/widgets', workspace.branch)).toBe(sha);
    expect(await bed.fake.readFile('acme/widgets', workspace.branch, 'src/b.ts')).toBeUndefined();
  });

  it('throws a spare away when the mirror was compacted since, and checks out from scratch', async () => {
    await bed.manager.idle();
    expect(await exists(spareDir())).toBe(true);
    await runGit(['--git-dir', mirrorDir(), 'gc', '--quiet']);
    const { manager, logs } = observedManager(bed.dataDir);
    const workspace = await manager.prepare(bed.input('spare-after-gc'));
    expect(logs.find((line) => line.msg === 'workspace prepared')).toMatchObject({ fromSpare: false });
    await expectPristine(workspace);
    await manager.idle();
  });

  it('can be turned off', async () => {
    const plain = managerOn(join(bed.dataDir, 'plain'), undefined, false);
    await plain.prepare(bed.input('no-spare'));
    await plain.idle();
    expect(await exists(join(bed.dataDir, 'plain', 'spares'))).toBe(false);
  });
});
