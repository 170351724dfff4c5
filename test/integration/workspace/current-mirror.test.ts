import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestbed, type Testbed } from './testbed.ts';

// The code host says where the base branch is; a mirror already there is not fetched again, and a push
// webhook's refresh brings the mirror there ahead of the next execution.
let bed: Testbed;
const uploadPacks = () => bed.fake.gitRequests.filter((request) => request.path.includes('git-upload-pack'));

beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n' });
  await bed.manager.remove(await bed.manager.prepare(bed.input('warm-up')));
});

afterAll(async () => {
  await bed?.close();
});

describe('a mirror that is already current', () => {
  it('is not fetched when the code host reports the base tip the mirror has', async () => {
    const before = uploadPacks().length;
    const workspace = await bed.manager.prepare(
      bed.input('exec-current', { expectedBaseSha: bed.repo.headSha }),
    );
    expect(workspace.baseSha).toBe(bed.repo.headSha);
    expect(uploadPacks().length).toBe(before);
    expect(await readFile(join(workspace.path, 'README.md'), 'utf8')).toBe('# Widgets\n');
  });

  it('is fetched when the reported tip differs, and the new commit is the base', async () => {
    const newSha = await bed.fake.pushFiles('acme/widgets', 'main', { 'NEWS.md': 'one\n' });
    const before = uploadPacks().length;
    const workspace = await bed.manager.prepare(bed.input('exec-moved', { expectedBaseSha: newSha }));
    expect(uploadPacks().length).toBeGreaterThan(before);
    expect(workspace.baseSha).toBe(newSha);
    expect(await readFile(join(workspace.path, 'NEWS.md'), 'utf8')).toBe('one\n');
  });

  it('a stale hint (the base moved again since the host answered) still gets a fetch, never an old base', async () => {
    const first = await bed.fake.pushFiles('acme/widgets', 'main', { 'NEWS.md': 'two\n' });
    const second = await bed.fake.pushFiles('acme/widgets', 'main', { 'NEWS.md': 'three\n' });
    const workspace = await bed.manager.prepare(bed.input('exec-stale', { expectedBaseSha: first }));
    expect(workspace.baseSha).toBe(second);
  });

  it('a later iteration always fetches: its own branch tip is not covered by the base hint', async () => {
    const base = await bed.fake.branchSha('acme/widgets', 'main');
    await bed.fake.pushFiles('acme/widgets', 'codecot/iter', { 'WORK.md': 'pushed by a first run\n' });
    const before = uploadPacks().length;
    const workspace = await bed.manager.prepare(
      bed.input('exec-iter', { branch: 'codecot/iter', existingBranch: true, expectedBaseSha: base ?? '' }),
    );
    expect(uploadPacks().length).toBeGreaterThan(before);
    expect(await readFile(join(workspace.path, 'WORK.md'), 'utf8')).toBe('pushed by a first run\n');
  });
});

describe('refresh', () => {
  it('fetches an existing mirror, after which a prepare at the new tip needs no fetch', async () => {
    const newSha = await bed.fake.pushFiles('acme/widgets', 'main', { 'NEWS.md': 'four\n' });
    expect(
      await bed.manager.refresh({ repo: 'acme/widgets', cloneUrl: bed.repo.cloneUrl, auth: bed.auth }),
    ).toBe(true);
    const before = uploadPacks().length;
    const workspace = await bed.manager.prepare(bed.input('exec-refreshed', { expectedBaseSha: newSha }));
    expect(uploadPacks().length).toBe(before);
    expect(workspace.baseSha).toBe(newSha);
    expect(await readFile(join(workspace.path, 'NEWS.md'), 'utf8')).toBe('four\n');
  });

  it('creates nothing for a repository this process never prepared', async () => {
    const other = await bed.fake.createRepo('acme/other', { files: { 'a.txt': 'a\n' } });
    const before = uploadPacks().length;
    expect(await bed.manager.refresh({ repo: 'acme/other', cloneUrl: other.cloneUrl, auth: bed.auth })).toBe(
      false,
    );
    expect(uploadPacks().length).toBe(before);
  });
});
