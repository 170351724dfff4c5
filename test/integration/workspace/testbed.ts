import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitWorkspaces, type GitWorkspaceManager } from '../../../adapters/git-workspace/index.ts';
import { createLogger } from '../../../src/logger.ts';
import type { GitAuth } from '../../../src/ports/code-host.ts';
import type { PrepareInput } from '../../../src/ports/workspaces.ts';
import { type CreatedRepo, FakeGitHub, gitBasicAuthHeader } from '../../fakes/github/index.ts';

export const REPO = 'acme/widgets';

export interface Testbed {
  fake: FakeGitHub;
  repo: CreatedRepo;
  dataDir: string;
  manager: GitWorkspaceManager;
  auth: GitAuth;
  /** A PrepareInput for `executionId` against `repo` (or another repository of the fake). */
  input(executionId: string, overrides?: Partial<PrepareInput>): PrepareInput;
  close(): Promise<void>;
}

/** The fake GitHub with `acme/widgets`, a temp data dir and a manager on it. */
export async function startTestbed(files: Record<string, string>, maxWorkspaces?: number): Promise<Testbed> {
  const fake = await FakeGitHub.start();
  const repo = await fake.createRepo(REPO, { files });
  const dataDir = await mkdtemp(join(tmpdir(), 'git-workspace-test-'));
  const auth = authFor(fake.token);
  const manager = managerOn(dataDir, maxWorkspaces);
  return {
    fake,
    repo,
    dataDir,
    manager,
    auth,
    input: (executionId, overrides = {}) => ({
      repo: REPO,
      cloneUrl: repo.cloneUrl,
      auth,
      baseBranch: 'main',
      branch: `codecot/${executionId}`,
      executionId,
      ...overrides,
    }),
    async close() {
      await manager.idle();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function managerOn(
  dataDir: string,
  maxWorkspaces?: number,
  spareCheckouts?: boolean,
): GitWorkspaceManager {
  return createGitWorkspaces({
    dataDir,
    logger: createLogger('silent'),
    ...(maxWorkspaces === undefined ? {} : { maxWorkspaces }),
    ...(spareCheckouts === undefined ? {} : { spareCheckouts }),
  });
}

/** A manager whose log lines (parsed JSON) the test can read. */
export function observedManager(dataDir: string): {
  manager: GitWorkspaceManager;
  logs: Array<Record<string, unknown>>;
} {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('info', { write: (line: string) => logs.push(JSON.parse(line)) });
  return { manager: createGitWorkspaces({ dataDir, logger }), logs };
}

/** What a CodeHost's gitAuth returns for GitHub: the token in an extra header, never in the URL. */
export function authFor(token: string): GitAuth {
  return { configArgs: ['-c', `http.extraHeader=${gitBasicAuthHeader(token)}`] };
}

/** Every regular file under `root`, for proving what is (not) on disk. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
