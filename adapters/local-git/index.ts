import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodecotError, isCodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { CodeHost } from '../../src/ports/code-host.ts';
import { branchSha, git, gitMaybe } from './git.ts';
import { locateRepo } from './locate.ts';
import type { LocalPullRecord } from './pull-store.ts';
import { changePull, listPulls, openPullRequest } from './pulls.ts';

export type { LocalPullRecord } from './pull-store.ts';

export interface LocalGitCodeHostConfig {
  /** Repositories live at `<root>/<owner>/<name>.git` (bare, so pushes to any branch are accepted). */
  root: string;
  /** Repositories kept elsewhere: `owner/name` → path (absolute, or relative to root). */
  repositories?: Readonly<Record<string, string>> | undefined;
  logger: Logger;
}

/** A CodeHost with the pull requests kept beside the repository, for the dashboard to show. */
export interface LocalGitCodeHost extends CodeHost {
  /** Every recorded pull request of one repository, or of every repository the host can find. */
  listPullRequests(fullName?: string): Promise<LocalPullRecord[]>;
}

/** A code host for teams without GitHub: plain git repositories on this machine, no CI. */
export function createLocalGitCodeHost(config: LocalGitCodeHostConfig): LocalGitCodeHost {
  const paths = config.repositories ?? {};
  const locate = (fullName: string) => locateRepo(config.root, paths, fullName);
  const log = config.logger.child({ codeHost: 'local-git' });

  return {
    name: 'local-git',
    async getRepository(fullName) {
      const repo = await locate(fullName);
      const head = await gitMaybe(repo.gitDir, ['symbolic-ref', '--short', 'HEAD']);
      return {
        fullName,
        cloneUrl: repo.path,
        defaultBranch: head ?? 'main',
        htmlUrl: pathToFileURL(repo.path).href,
      };
    },
    gitAuth: async () => ({ configArgs: [] }),
    branchHead: async (fullName, branch) =>
      (await branchSha((await locate(fullName)).gitDir, branch)) ?? null,
    async readFile(fullName, path, ref) {
      const repo = await locate(fullName);
      if (ref?.startsWith('-'))
        throw new CodecotError('bad_input', `"${ref}" is not a ref`, { platform: 'local-git' });
      const object = `${ref ?? 'HEAD'}:${path.replace(/^\/+/, '')}`;
      if ((await gitMaybe(repo.gitDir, ['cat-file', '-t', object])) !== 'blob') return null;
      return (await git(repo.gitDir, ['cat-file', 'blob', object])).toString('utf8');
    },
    async openPullRequest(input) {
      const pull = await openPullRequest(await locate(input.repo), input);
      log.info({ repo: input.repo, number: pull.number, head: input.head }, 'pull request recorded');
      return pull;
    },
    async updatePullRequest(fullName, number, patch) {
      await changePull(await locate(fullName), number, (record) => {
        if (patch.body !== undefined) record.body = patch.body;
        if (patch.draft !== undefined) record.draft = patch.draft;
      });
    },
    async comment(fullName, number, body) {
      await changePull(await locate(fullName), number, (record) => {
        record.comments.push({ body, createdAt: new Date().toISOString() });
      });
    },
    // No CI runs for a local repository; validation inside the sandbox is the only proof.
    checks: async () => [],
    async listPullRequests(fullName) {
      if (fullName) return listPulls(await locate(fullName));
      const names = await knownRepositories(config.root, paths);
      // A directory under root that only looks like a repository is skipped, not fatal to the dashboard.
      const lists = await Promise.all(
        names.map((name) =>
          locate(name).then(listPulls, (error: unknown) => {
            if (isCodecotError(error, 'not_found')) return [];
            throw error;
          }),
        ),
      );
      return lists.flat();
    },
  };
}

/** The mapped repositories plus every `<owner>/<name>.git` under root. */
async function knownRepositories(root: string, paths: Readonly<Record<string, string>>): Promise<string[]> {
  const names = new Set(Object.keys(paths));
  for (const owner of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!owner.isDirectory()) continue;
    for (const entry of await readdir(join(root, owner.name), { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.endsWith('.git'))
        names.add(`${owner.name}/${entry.name.slice(0, -4)}`);
    }
  }
  return [...names].sort();
}
