import { join } from 'node:path';
import { branchSha, commitFiles, initBareRepository } from './bare-repo.ts';
import { cloneUrl, type FakeContext, repoHtmlUrl } from './context.ts';
import { isoNow } from './http-io.ts';
import type { RepoRecord } from './state.ts';

export interface CreateRepoOptions {
  defaultBranch?: string;
  /** Content of the initial commit; an empty README.md when omitted (GitHub's "initialize" checkbox). */
  files?: Record<string, string>;
  private?: boolean;
}

export interface CreatedRepo {
  fullName: string;
  defaultBranch: string;
  cloneUrl: string;
  htmlUrl: string;
  /** The bare repository on disk (tests may run `git --git-dir` against it directly). */
  bareDir: string;
  /** Sha of the initial commit on the default branch. */
  headSha: string;
}

const FULL_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Creates `<reposRoot>/<owner>/<name>.git` with one initial commit on the default branch. */
export async function createRepository(
  context: FakeContext,
  reposRoot: string,
  fullName: string,
  options: CreateRepoOptions = {},
): Promise<RepoRecord> {
  if (!FULL_NAME.test(fullName)) throw new Error(`createRepo: expected "owner/name", got "${fullName}"`);
  if (context.state.repo(fullName)) throw new Error(`createRepo: ${fullName} already exists`);
  const [owner = '', name = ''] = fullName.split('/');
  const defaultBranch = options.defaultBranch ?? 'main';
  const bareDir = join(reposRoot, owner, `${name}.git`);
  await initBareRepository(bareDir, defaultBranch);
  await commitFiles(bareDir, {
    branch: defaultBranch,
    files: options.files ?? { 'README.md': `# ${name}\n` },
    message: 'Initial commit',
  });
  const repo: RepoRecord = {
    id: context.state.nextId(),
    owner,
    name,
    fullName,
    defaultBranch,
    private: options.private ?? true,
    bareDir,
    createdAt: isoNow(),
    nextIssueNumber: 1,
    pulls: new Map(),
    comments: [],
    checkRuns: new Map(),
    statuses: new Map(),
  };
  context.state.repos.set(fullName.toLowerCase(), repo);
  return repo;
}

export async function describeRepo(context: FakeContext, repo: RepoRecord): Promise<CreatedRepo> {
  return {
    fullName: repo.fullName,
    defaultBranch: repo.defaultBranch,
    cloneUrl: cloneUrl(context, repo),
    htmlUrl: repoHtmlUrl(context, repo),
    bareDir: repo.bareDir,
    headSha: (await branchSha(repo.bareDir, repo.defaultBranch)) ?? '',
  };
}
