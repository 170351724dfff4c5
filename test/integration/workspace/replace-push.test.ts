import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestbed, type Testbed } from './testbed.ts';

// A run restarted after a crash reuses its interrupted run's branch (so GitHub keeps one pull request):
// its fresh commit from the base replaces what the interrupted run pushed, which a plain push refuses.
let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n' });
});
afterAll(async () => {
  await bed?.close();
});

it('replace: a fresh checkout on the same branch overwrites what an interrupted run pushed', async () => {
  const branch = 'codecot/abcd1234-add-mul';
  const interrupted = await bed.manager.prepare(bed.input('exec-interrupted', { branch }));
  await writeFile(join(interrupted.path, 'mul.js'), 'first attempt\n');
  await bed.manager.commitAll(interrupted, 'first attempt');
  await bed.manager.push(interrupted, bed.auth, bed.repo.cloneUrl);

  const restarted = await bed.manager.prepare(bed.input('exec-restarted', { branch }));
  await writeFile(join(restarted.path, 'mul.js'), 'restarted run\n');
  const head = await bed.manager.commitAll(restarted, 'restarted run');
  const refused = await bed.manager
    .push(restarted, bed.auth, bed.repo.cloneUrl)
    .catch((error: unknown) => error);
  expect(refused).toMatchObject({ code: 'code_host_error', retryable: false });
  expect(await bed.fake.readFile('acme/widgets', branch, 'mul.js')).toBe('first attempt\n');

  await bed.manager.push(restarted, bed.auth, bed.repo.cloneUrl, { replace: true });
  expect(await bed.fake.branchSha('acme/widgets', branch)).toBe(head);
  expect(await bed.fake.readFile('acme/widgets', branch, 'mul.js')).toBe('restarted run\n');
});
