import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Workspace } from '../../../src/ports/workspaces.ts';
import { runGit } from '../../fakes/github/index.ts';
import { importHistory } from './generated-history.ts';
import { startTestbed, type Testbed } from './testbed.ts';

let bed: Testbed;
const children: ChildProcess[] = [];
const mirror = () => join(bed.dataDir, 'mirrors', 'acme', 'widgets.git');

beforeAll(async () => {
  bed = await startTestbed({ 'README.md': '# Widgets\n' });
  // Big enough that a first download takes a while, so unserialised fetches would overlap.
  await importHistory(bed.repo.bareDir, 'main', { files: 200, commits: 200, linesPerFile: 80 });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await bed?.close();
});

/** Processes preparing workspaces on one data dir (their git talks HTTP to this process's fake). */
async function startChildren(ids: string[]) {
  const script = join(import.meta.dirname, 'prepare-in-child.ts');
  return Promise.all(
    ids.map(async (id) => {
      const child = spawn(process.execPath, [script, bed.dataDir, bed.repo.cloneUrl, id], {
        env: { ...process.env, FAKE_TOKEN: bed.fake.token },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      expect((await lines.next()).value).toBe('ready');
      return {
        go: () => child.stdin.write('go\n'),
        result: async () => {
          const line = (await lines.next()).value as string;
          await once(child, 'exit');
          return JSON.parse(line) as Workspace;
        },
      };
    }),
  );
}

it('processes sharing a data dir take turns on the mirror: all prepares succeed, one download', async () => {
  const sha = await bed.fake.branchSha('acme/widgets', 'main');
  const processes = await startChildren(['proc-1', 'proc-2', 'proc-3']);
  // The very first fetch (the full download), started by every process at the same moment.
  for (const child of processes) child.go();
  const workspaces = await Promise.all(processes.map((child) => child.result()));
  for (const workspace of workspaces) {
    expect(workspace.baseSha).toBe(sha);
    expect(await runGit(['status', '--porcelain'], { cwd: workspace.path })).toBe('');
  }
  await runGit(['--git-dir', mirror(), 'fsck', '--no-progress']);
  // Serialised, the first process downloads everything and the others find nothing new: one pack.
  expect(await runGit(['--git-dir', mirror(), 'count-objects', '-v'])).toMatch(/^packs: 1$/m);
});
