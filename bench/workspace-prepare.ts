// Preparing a workspace from a warm mirror against a fresh clone of the same repository, over the fake
// GitHub's smart HTTP with a token, measured interleaved in one run (target: at most 0.2x).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGitWorkspaces } from '../adapters/git-workspace/index.ts';
import { FakeGitHub, gitBasicAuthHeader, runGit } from '../test/fakes/github/index.ts';
import { importHistory } from '../test/integration/workspace/generated-history.ts';

const REPO = 'bench/app';
/** A modest real-world service: 300 files of ~4 KB, 400 commits. */
const SHAPE = { files: 300, commits: 400, linesPerFile: 100 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

export async function workspacePrepare(
  runs = 10,
): Promise<{ freshCloneMs: number; warmMirrorMs: number; ratio: number }> {
  const fake = await FakeGitHub.start();
  const scratch = await mkdtemp(join(tmpdir(), 'bench-workspace-'));
  try {
    const repo = await fake.createRepo(REPO);
    await importHistory(repo.bareDir, 'main', SHAPE);
    // Served from one pack, as GitHub serves a repository.
    await runGit(['--git-dir', repo.bareDir, 'gc', '--quiet']);
    const header = `http.extraHeader=${gitBasicAuthHeader(fake.token)}`;
    const manager = createGitWorkspaces({ dataDir: join(scratch, 'data'), logger: pino({ level: 'silent' }) });
    const input = (executionId: string) => ({
      repo: REPO,
      cloneUrl: repo.cloneUrl,
      auth: { configArgs: ['-c', header] },
      baseBranch: 'main',
      branch: `codecot/${executionId}`,
      executionId,
    });
    await manager.remove(await manager.prepare(input('warm-up'))); // the one full download, not measured

    const fresh: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      // The base moves between runs, so every fetch has something to bring.
      await fake.pushFiles(REPO, 'main', { [`notes/run-${run}.md`]: `run ${run}\n` });
      const cloneDir = join(scratch, `clone-${run}`);
      const clone = () => runGit(['-c', header, 'clone', '--quiet', repo.cloneUrl, cloneDir]);
      const prepare = () => manager.prepare(input(`run-${run}`));
      // Alternate which goes first, so neither always gets the warmer caches.
      if (run % 2 === 0) fresh.push((await timed(clone))[0]);
      const [prepareMs, workspace] = await timed(prepare);
      warm.push(prepareMs);
      if (run % 2 === 1) fresh.push((await timed(clone))[0]);
      await manager.remove(workspace);
      await rm(cloneDir, { recursive: true, force: true });
    }
    const freshCloneMs = median(fresh);
    const warmMirrorMs = median(warm);
    return { freshCloneMs, warmMirrorMs, ratio: warmMirrorMs / freshCloneMs };
  } finally {
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
