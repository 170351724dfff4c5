import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface TestRepo {
  /** The git checkout an agent works in. */
  workspace: string;
  /** A sibling directory outside the workspace holding `secret.txt`, the target of escape attempts. */
  outside: string;
  /** Parent of both; removed by `cleanup`. */
  base: string;
  git(...args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/** A real git repository with the given files committed on `main`, next to an "outside" directory. */
export async function makeRepo(files: Record<string, string>): Promise<TestRepo> {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), 'codecot-agent-')));
  const workspace = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  await mkdir(workspace);
  await mkdir(outside);
  await writeFile(path.join(outside, 'secret.txt'), 'top secret\n');
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
    await writeFile(path.join(workspace, name), content);
  }
  const git = async (...args: string[]) => (await exec('git', args, { cwd: workspace })).stdout;
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'test@codecot.invalid');
  await git('config', 'user.name', 'Codecot Test');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'initial');
  return { workspace, outside, base, git, cleanup: () => rm(base, { recursive: true, force: true }) };
}
