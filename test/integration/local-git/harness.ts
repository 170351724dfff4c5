import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalGitCodeHost, type LocalGitCodeHost } from '../../../adapters/local-git/index.ts';
import { createLogger } from '../../../src/logger.ts';
import type { CodeHostHarness } from '../../contract/code-host.contract.ts';
import { createBareRepo } from './bare-repos.ts';

export const REPO = 'acme/widgets';
export const SEED = { 'README.md': '# Widgets\n', 'docs/guide.md': 'Guide\n' };

export interface LocalSetup {
  root: string;
  repoPath: string;
  host: LocalGitCodeHost;
  close(): Promise<void>;
}

/** A temporary root holding `acme/widgets.git`, and the local-git host over it. */
export async function startLocalGit(): Promise<LocalSetup> {
  const root = await mkdtemp(join(tmpdir(), 'local-git-root-'));
  const repoPath = join(root, 'acme', 'widgets.git');
  await createBareRepo(repoPath, SEED);
  const host = createLocalGitCodeHost({ root, logger: createLogger('silent') });
  return { root, repoPath, host, close: () => rm(root, { recursive: true, force: true }) };
}

export async function localGitHarness(): Promise<CodeHostHarness> {
  const setup = await startLocalGit();
  return {
    host: setup.host,
    repo: REPO,
    missingRepo: 'acme/no-such-repo',
    secrets: [],
    pulls: async () =>
      (await setup.host.listPullRequests(REPO)).map(({ number, head, draft, body }) => ({
        number,
        head,
        draft,
        body,
      })),
    comments: async (number) =>
      (await setup.host.listPullRequests(REPO))
        .find((pull) => pull.number === number)
        ?.comments.map((comment) => comment.body) ?? [],
    close: setup.close,
  };
}
