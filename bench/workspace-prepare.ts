// Preparing a workspace from a warm mirror against a fresh clone of the same repository, over the fake
// GitHub's smart HTTP with a token, measured interleaved in one run (target: at most 0.2x).
// The base moves before every run. A warm mirror is one the push webhook of that move already refreshed
// (untimed, as it happens in the background); the timed prepare still asks the API where the base is.
// The same prepare with the push not yet seen (the fetch on the waiting path) is measured beside it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGitWorkspaces, type GitWorkspaceManager } from '../adapters/git-workspace/index.ts';
import { createGitHubCodeHost } from '../adapters/github/index.ts';
import { FakeGitHub, gitBasicAuthHeader, runGit } from '../test/fakes/github/index.ts';
import { type HistoryShape, importHistory } from '../test/integration/workspace/generated-history.ts';
import { median } from './stats.ts';

const REPO = 'bench/app';
/** A modest real-world service: 300 files of ~4 KB, 400 commits. */
const SMALL_SERVICE: HistoryShape = { files: 300, commits: 400, linesPerFile: 100 };

export interface WorkspacePrepareResult {
  /** Median `git clone` of the repository over HTTP. */
  freshCloneMs: number;
  /**
   * Median of asking the API for the base tip plus prepare() from a mirror the push already refreshed,
   * with the spare checkout the previous run left (the steady state).
   */
  warmMirrorMs: number;
  ratio: number;
  /** The same with the push not yet seen: the fetch is on the waiting path. */
  unrefreshedMs: number;
  unrefreshedRatio: number;
  /** Median warm prepare() writing every file (spare checkouts off). */
  withoutSpareMs: number;
}

export async function workspacePrepare(runs = 10, shape = SMALL_SERVICE): Promise<WorkspacePrepareResult> {
  const fake = await FakeGitHub.start();
  const scratch = await mkdtemp(join(tmpdir(), 'bench-workspace-'));
  const logger = pino({ level: 'silent' });
  const withSpares = createGitWorkspaces({ dataDir: join(scratch, 'spares'), logger });
  const plain = createGitWorkspaces({ dataDir: join(scratch, 'plain'), logger, spareCheckouts: false });
  const unrefreshed = createGitWorkspaces({ dataDir: join(scratch, 'unrefreshed'), logger });
  const managers = [withSpares, plain, unrefreshed];
  try {
    const repo = await fake.createRepo(REPO);
    await importHistory(repo.bareDir, 'main', shape);
    // Served from one pack, as GitHub serves a repository.
    await runGit(['--git-dir', repo.bareDir, 'gc', '--quiet']);
    const header = `http.extraHeader=${gitBasicAuthHeader(fake.token)}`;
    const input = (executionId: string) => ({
      repo: REPO,
      cloneUrl: repo.cloneUrl,
      auth: { configArgs: ['-c', header] },
      baseBranch: 'main',
      branch: `codecot/${executionId}`,
      executionId,
    });
    // The one full download of each mirror, not measured.
    for (const manager of managers) await manager.remove(await manager.prepare(input('warm-up')));
    const host = createGitHubCodeHost({ token: fake.token, apiUrl: fake.url, logger });
    const auth = input('refresh').auth;

    /** Starts once background work (the previous spare) is done, so no step pays for another. */
    const timed = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
      for (const manager of managers) await manager.idle();
      const started = performance.now();
      const result = await work();
      return [performance.now() - started, result];
    };
    /** What run-execution does: ask the code host where the base is, then prepare with that hint. */
    const prepareAndRemove = async (manager: GitWorkspaceManager, id: string, into: number[]) => {
      const [ms, workspace] = await timed(async () => {
        const expectedBaseSha = (await host.branchHead?.(REPO, 'main')) ?? '';
        return manager.prepare({ ...input(id), expectedBaseSha });
      });
      into.push(ms);
      await manager.remove(workspace);
    };
    const fresh: number[] = [];
    const warm: number[] = [];
    const withoutSpare: number[] = [];
    const moved: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      // The base moves between runs, so every fetch has something to bring.
      await fake.pushFiles(REPO, 'main', { [`notes/run-${run}.md`]: `run ${run}\n` });
      // The push webhook's background refresh, for the warm managers only.
      for (const manager of [withSpares, plain])
        await manager.refresh({ repo: REPO, cloneUrl: repo.cloneUrl, auth });
      const cloneDir = join(scratch, `clone-${run}`);
      const steps = [
        async () => {
          fresh.push(
            (await timed(() => runGit(['-c', header, 'clone', '--quiet', repo.cloneUrl, cloneDir])))[0],
          );
        },
        () => prepareAndRemove(withSpares, `run-${run}`, warm),
        () => prepareAndRemove(plain, `run-${run}`, withoutSpare),
        () => prepareAndRemove(unrefreshed, `run-${run}`, moved),
      ];
      // Rotate which goes first, so none always gets the warmest caches.
      for (let i = 0; i < steps.length; i += 1) await steps[(run + i) % steps.length]?.();
      await rm(cloneDir, { recursive: true, force: true });
    }
    const freshCloneMs = median(fresh);
    const warmMirrorMs = median(warm);
    const unrefreshedMs = median(moved);
    return {
      freshCloneMs,
      warmMirrorMs,
      ratio: warmMirrorMs / freshCloneMs,
      unrefreshedMs,
      unrefreshedRatio: unrefreshedMs / freshCloneMs,
      withoutSpareMs: median(withoutSpare),
    };
  } finally {
    for (const manager of managers) await manager.idle();
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
