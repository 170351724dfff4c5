import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runGit } from '../../fakes/github/index.ts';

/** Creates a bare repository at `path` whose `branch` holds `files` in one commit, made through a clone. */
export async function createBareRepo(
  path: string,
  files: Record<string, string>,
  branch = 'main',
): Promise<string> {
  await mkdir(path, { recursive: true });
  await runGit(['init', '--quiet', '--bare', `--initial-branch=${branch}`, path]);
  const work = await mkdtemp(join(tmpdir(), 'local-git-seed-'));
  try {
    await runGit(['clone', '--quiet', path, work]);
    await runGit(['checkout', '--quiet', '-B', branch], { cwd: work });
    for (const [file, content] of Object.entries(files)) {
      await mkdir(dirname(join(work, file)), { recursive: true });
      await writeFile(join(work, file), content);
    }
    await runGit(['add', '--all'], { cwd: work });
    await runGit(['commit', '--quiet', '-m', 'Initial commit'], { cwd: work });
    await runGit(['push', '--quiet', 'origin', branch], { cwd: work });
    return await runGit(['rev-parse', 'HEAD'], { cwd: work });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Commits straight into a bare repository through a throwaway clone (someone else pushing). */
export async function pushCommit(
  repoPath: string,
  branch: string,
  files: Record<string, string>,
  from = 'main',
): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'local-git-push-'));
  try {
    await runGit(['clone', '--quiet', repoPath, work]);
    const exists = await runGit(['ls-remote', '--heads', 'origin', branch], { cwd: work });
    await runGit(['checkout', '--quiet', '-B', branch, `origin/${exists ? branch : from}`], { cwd: work });
    for (const [file, content] of Object.entries(files)) await writeFile(join(work, file), content);
    await runGit(['add', '--all'], { cwd: work });
    await runGit(['commit', '--quiet', '-m', `Update ${branch}`], { cwd: work });
    await runGit(['push', '--quiet', 'origin', branch], { cwd: work });
    return await runGit(['rev-parse', 'HEAD'], { cwd: work });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
