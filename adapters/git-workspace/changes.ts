import type { ChangedFile, WorkspaceDiff } from '../../src/ports/workspaces.ts';
import { cutPatch, parseNumstat, parseRaw, parseSizes } from './diff-parse.ts';
import type { RunGit } from './git-command.ts';
import type { ExecutionPaths } from './paths.ts';

/** git against Codecot's own git directory with the checkout as work tree: never the agent's `.git`. */
export function controlArgs(paths: ExecutionPaths): string[] {
  return ['--git-dir', paths.gitDir, '--work-tree', paths.checkout];
}

/** Stages everything in the checkout, untracked files included, ignored ones not, into Codecot's index. */
export async function stageAll(run: RunGit, paths: ExecutionPaths): Promise<void> {
  await run([...controlArgs(paths), 'add', '--all'], { cwd: paths.checkout });
}

const DIFF = ['diff', '--cached', '-M', '--no-color', '--no-ext-diff', '--no-textconv'];

/** What changed against `baseSha`, committed by Codecot or not yet, with a patch cut at `maxPatchBytes`. */
export async function diffAgainstBase(
  run: RunGit,
  paths: ExecutionPaths,
  baseSha: string,
  maxPatchBytes: number,
): Promise<WorkspaceDiff> {
  await stageAll(run, paths);
  const git = controlArgs(paths);
  const [raw, numstat, patch] = await Promise.all([
    run([...git, ...DIFF, '--raw', '-z', '--no-abbrev', baseSha]),
    run([...git, ...DIFF, '--numstat', '-z', baseSha]),
    // One byte more than allowed tells a patch of exactly the limit from a longer one.
    run([...git, ...DIFF, baseSha], { maxStdoutBytes: maxPatchBytes + 1 }),
  ]);
  const entries = parseRaw(raw.stdout.toString('utf8'));
  const counts = parseNumstat(numstat.stdout.toString('utf8'));
  const shas = entries.filter((entry) => hasBlob(entry.newMode)).map((entry) => entry.newSha);
  const sizes = shas.length === 0 ? new Map<string, number>() : await blobSizes(run, paths, shas);
  const files: ChangedFile[] = entries.map((entry) => {
    const count = counts.get(entry.path) ?? { additions: 0, deletions: 0, binary: false };
    return {
      path: entry.path,
      status: entry.status,
      additions: count.additions,
      deletions: count.deletions,
      binary: count.binary,
      bytes: entry.status === 'deleted' ? 0 : (sizes.get(entry.newSha) ?? 0),
    };
  });
  return { files, ...cutPatch(patch.stdout, maxPatchBytes) };
}

/** Regular files and symlinks have a blob; a deleted file (000000) or a submodule (160000) does not. */
function hasBlob(mode: string): boolean {
  return mode.startsWith('100') || mode === '120000';
}

/** Sizes from the staged blobs, not from the file system: a symlink the agent planted is never followed. */
async function blobSizes(run: RunGit, paths: ExecutionPaths, shas: string[]): Promise<Map<string, number>> {
  const output = await run(
    ['--git-dir', paths.gitDir, 'cat-file', '--batch-check=%(objectname) %(objectsize)'],
    {
      input: `${[...new Set(shas)].join('\n')}\n`,
    },
  );
  return parseSizes(output.stdout.toString('utf8'));
}
