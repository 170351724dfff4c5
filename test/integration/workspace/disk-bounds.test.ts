import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managerOn, startTestbed, type Testbed } from './testbed.ts';

let bed: Testbed;
const checkouts = async () => (await readdir(join(bed.dataDir, 'workspaces'))).sort();
const gitDirs = async () => (await readdir(join(bed.dataDir, 'gitdirs'))).sort();

beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n', 'src/app.ts': 'x'.repeat(20_000) }, 3);
});

afterAll(async () => {
  await bed?.close();
});

describe('disk bounds', () => {
  it('removes the oldest leftovers beyond maxWorkspaces, never a checkout in use', async () => {
    // A crashed process left three checkouts behind.
    const crashed = managerOn(bed.dataDir, 3);
    for (const id of ['run-a', 'run-b', 'run-c']) await crashed.prepare(bed.input(id));
    await crashed.idle();
    expect(await checkouts()).toEqual(['run-a', 'run-b', 'run-c']);

    await bed.manager.prepare(bed.input('run-d'));
    expect(await checkouts()).toEqual(['run-b', 'run-c', 'run-d']);
    expect(await gitDirs()).toEqual(['run-b.git', 'run-c.git', 'run-d.git']);
    await bed.manager.prepare(bed.input('run-e'));
    await bed.manager.prepare(bed.input('run-f'));
    expect(await checkouts()).toEqual(['run-d', 'run-e', 'run-f']);
    // All three in use by this manager: the bound is exceeded rather than an execution broken.
    await bed.manager.prepare(bed.input('run-g'));
    expect(await checkouts()).toEqual(['run-d', 'run-e', 'run-f', 'run-g']);
  });

  it('reports the bytes of mirrors and of checkouts, and checkouts shrink when removed', async () => {
    const before = await bed.manager.diskUsage();
    expect(before.mirrorsBytes).toBeGreaterThan(8_000);
    expect(before.workspacesBytes).toBeGreaterThan(4 * 20_000);
    await bed.manager.remove({
      path: join(bed.dataDir, 'workspaces', 'run-g'),
      repo: 'acme/widgets',
      branch: 'codecot/run-g',
      baseBranch: 'main',
      baseSha: bed.repo.headSha,
    });
    const after = await bed.manager.diskUsage();
    expect(after.mirrorsBytes).toBe(before.mirrorsBytes);
    expect(after.workspacesBytes).toBeLessThan(before.workspacesBytes - 20_000);
  });

  it('cleanupOrphans removes every checkout not listed as active', async () => {
    expect((await bed.manager.cleanupOrphans(['run-e'])).sort()).toEqual(['run-d', 'run-f']);
    expect(await checkouts()).toEqual(['run-e']);
    expect(await gitDirs()).toEqual(['run-e.git']);
  });

  it('refuses to remove a path that is not one of its workspaces', async () => {
    const outside = { path: bed.dataDir, repo: 'acme/widgets', branch: 'b', baseBranch: 'main', baseSha: '' };
    await expect(bed.manager.remove(outside)).rejects.toMatchObject({ code: 'bad_input' });
    expect(await checkouts()).toEqual(['run-e']);
  });
});
