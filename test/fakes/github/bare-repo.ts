import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runGit, runGitBuffer } from './git-cli.ts';

/** File contents keyed by repository path; `null` deletes the file. */
export type FileChanges = Record<string, string | null>;

/** Anything starting with '-' would be parsed by git as an option; the fake treats such refs as missing. */
function isSafeRef(ref: string): boolean {
  return ref.length > 0 && !ref.startsWith('-') && !ref.includes('\0');
}

export async function initBareRepository(bareDir: string, defaultBranch: string): Promise<void> {
  await mkdir(bareDir, { recursive: true });
  await runGit(['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`, bareDir]);
}

/** Resolves a branch, tag or sha to a commit sha; undefined when it does not exist. */
export async function resolveCommit(bareDir: string, ref: string): Promise<string | undefined> {
  if (!isSafeRef(ref)) return undefined;
  try {
    return await runGit(['--git-dir', bareDir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

export async function branchSha(bareDir: string, branch: string): Promise<string | undefined> {
  return isSafeRef(branch) ? resolveCommit(bareDir, `refs/heads/${branch}`) : undefined;
}

export interface TreeEntry {
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size: number;
  path: string;
}

/** What `ref:path` points to (file or directory), or undefined. */
export async function statPath(
  bareDir: string,
  commit: string,
  path: string,
): Promise<TreeEntry | undefined> {
  if (path === '') return { type: 'tree', sha: commit, size: 0, path: '' };
  const entries = await listTree(bareDir, commit, path, false);
  return entries.find((entry) => entry.path === path);
}

/** `git ls-tree -l`; with `children` true lists the directory's content instead of the entry itself. */
export async function listTree(
  bareDir: string,
  commit: string,
  path: string,
  children: boolean,
): Promise<TreeEntry[]> {
  const target = children && path !== '' ? `${path}/` : path;
  const args = ['--git-dir', bareDir, 'ls-tree', '-l', '-z', commit];
  const output = await runGitBuffer(target === '' ? args : [...args, '--', target]);
  return output
    .toString('utf8')
    .split('\0')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [meta = '', entryPath = ''] = line.split('\t');
      const [, type = 'blob', sha = '', size = '-'] = meta.split(/\s+/);
      return { type: type as TreeEntry['type'], sha, size: size === '-' ? 0 : Number(size), path: entryPath };
    });
}

export async function readBlob(bareDir: string, blobSha: string): Promise<Buffer> {
  return runGitBuffer(['--git-dir', bareDir, 'cat-file', 'blob', blobSha]);
}

/** File content at `ref:path` through `git show`, or undefined when the ref or the path is missing. */
export async function showFile(bareDir: string, ref: string, path: string): Promise<Buffer | undefined> {
  const commit = await resolveCommit(bareDir, ref);
  if (!commit) return undefined;
  try {
    return await runGitBuffer(['--git-dir', bareDir, 'show', `${commit}:${path}`]);
  } catch {
    return undefined;
  }
}

/** Number of commits reachable from `head` but not from `base` (0 means "nothing to merge"). */
export async function commitsAhead(bareDir: string, base: string, head: string): Promise<number> {
  return Number(await runGit(['--git-dir', bareDir, 'rev-list', '--count', `${base}..${head}`]));
}

/**
 * Commits `files` onto `branch` the way a person would: clone into a throwaway work tree, edit, commit,
 * push. A missing branch starts from `startFrom` (or as an orphan in an empty repository).
 */
export async function commitFiles(
  bareDir: string,
  options: { branch: string; files: FileChanges; message: string; startFrom?: string },
): Promise<string> {
  const workTree = await mkdtemp(join(tmpdir(), 'fake-github-worktree-'));
  try {
    await runGit(['clone', '--quiet', bareDir, workTree]);
    const existing = await branchSha(bareDir, options.branch);
    const start = existing ?? (options.startFrom ? await branchSha(bareDir, options.startFrom) : undefined);
    if (start) await runGit(['checkout', '--quiet', '-B', options.branch, start], { cwd: workTree });
    else await runGit(['checkout', '--quiet', '--orphan', options.branch], { cwd: workTree });
    for (const [path, content] of Object.entries(options.files)) {
      const target = join(workTree, path);
      if (content === null) await rm(target, { force: true });
      else {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    await runGit(['add', '--all'], { cwd: workTree });
    await runGit(['commit', '--quiet', '--allow-empty', '-m', options.message], { cwd: workTree });
    await runGit(['push', '--quiet', 'origin', `HEAD:refs/heads/${options.branch}`], { cwd: workTree });
    return await runGit(['rev-parse', 'HEAD'], { cwd: workTree });
  } finally {
    await rm(workTree, { recursive: true, force: true });
  }
}
