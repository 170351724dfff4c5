import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunGit } from './git-command.ts';
import type { ExecutionPaths } from './paths.ts';

/** The identity of every commit Codecot makes; also set in the checkout for commits the agent makes. */
export const CODECOT_IDENTITY = { name: 'Codecot', email: 'codecot@users.noreply.local' } as const;

export interface RepoState {
  cloneUrl: string;
  baseBranch: string;
  branch: string;
  baseSha: string;
  /** Where `branch` points: its remote tip for a later iteration, else `baseSha`. */
  headSha?: string;
}

/** A config value in double quotes, so `#`, `;` or a backslash in a URL are taken literally. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Writes a checkout's `.git` (its objects already copied) straight to disk: the branch at `baseSha`,
 * `origin/<baseBranch>`, HEAD and a config with the real clone URL (no credentials) and Codecot as
 * committer. Direct writes instead of `git clone` + `git config`: every git process costs milliseconds
 * on the path each execution waits on. Existing refs (a spare's) are replaced.
 */
export async function writeRepoState(dotGit: string, state: RepoState): Promise<void> {
  await rm(join(dotGit, 'refs'), { recursive: true, force: true });
  const config = [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tfilemode = true',
    '\tbare = false',
    '\tlogallrefupdates = true',
    '[remote "origin"]',
    `\turl = ${quoted(state.cloneUrl)}`,
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
    '[user]',
    `\tname = ${CODECOT_IDENTITY.name}`,
    `\temail = ${CODECOT_IDENTITY.email}`,
    '',
  ];
  await Promise.all([
    writeRef(dotGit, `refs/heads/${state.branch}`, state.headSha ?? state.baseSha),
    writeRef(dotGit, `refs/remotes/origin/${state.baseBranch}`, state.baseSha),
    mkdir(join(dotGit, 'refs', 'tags'), { recursive: true }),
    writeFile(join(dotGit, 'HEAD'), `ref: refs/heads/${state.branch}\n`),
    writeFile(join(dotGit, 'config'), config.join('\n')),
  ]);
}

/**
 * Brings the files and the index of `dir` to commit `to`: all of them for a new checkout (`from` null),
 * only the differences for a spare checked out at `from`.
 */
export async function checkoutFiles(
  run: RunGit,
  dir: string,
  from: string | null,
  to: string,
): Promise<void> {
  if (from === to) return;
  const git = ['--git-dir', join(dir, '.git'), '--work-tree', dir, 'read-tree'];
  await run(from === null ? [...git, '--reset', '-u', to] : [...git, '-m', '-u', from, to]);
}

/**
 * Codecot's own git directory for the checkout, outside it: the agent can rewrite `<checkout>/.git`
 * (hooks, `core.fsmonitor`, filters, `core.worktree`, `url.*.insteadOf`), and git run on it by the bot
 * would obey. This one holds the branch, an index of the checkout and the commits Codecot makes; its
 * objects come from the mirror through `objects/info/alternates`, so it costs a few kilobytes.
 */
export async function writeControlGitDir(paths: ExecutionPaths, state: RepoState, mirrorGitDir: string) {
  const config = [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tbare = true',
    '\tlogallrefupdates = false',
    '[user]',
    `\tname = ${CODECOT_IDENTITY.name}`,
    `\temail = ${CODECOT_IDENTITY.email}`,
    '',
  ];
  await mkdir(join(paths.gitDir, 'objects', 'info'), { recursive: true });
  await Promise.all([
    mkdir(join(paths.gitDir, 'refs', 'tags'), { recursive: true }),
    writeFile(join(paths.gitDir, 'objects', 'info', 'alternates'), `${join(mirrorGitDir, 'objects')}\n`),
    writeRef(paths.gitDir, `refs/heads/${state.branch}`, state.headSha ?? state.baseSha),
    writeFile(join(paths.gitDir, 'HEAD'), `ref: refs/heads/${state.branch}\n`),
    writeFile(join(paths.gitDir, 'config'), config.join('\n')),
  ]);
}

/**
 * Gives Codecot's git directory the index the checkout just got. Written by Codecot a moment ago, before
 * any agent ran: its stat data makes the first `git add --all` a quick scan instead of hashing every file.
 */
export async function copyCheckoutIndex(paths: ExecutionPaths): Promise<void> {
  await copyFile(join(paths.checkout, '.git', 'index'), join(paths.gitDir, 'index'));
}

async function writeRef(gitDir: string, ref: string, sha: string): Promise<void> {
  const file = join(gitDir, ref);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${sha}\n`);
}
