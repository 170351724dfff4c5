import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';

const run = promisify(execFile);

/** The sample repository the project ships (a tiny Node project with tests and a .codecot.yml). */
export const SAMPLE_SOURCE = join(import.meta.dirname, '../../samples/widgets');

export interface SeedOptions {
  /** The local-git root: the repository becomes `<root>/<owner>/<name>.git`. */
  root: string;
  fullName: string;
  source?: string;
  logger: Logger;
}

/**
 * Copies the sample into a bare repository with one commit, once: an existing repository is left
 * alone (it holds the user's branches and pull requests). Built beside the target and renamed into
 * place, so a crash never leaves half a repository that would be mistaken for a seeded one.
 */
export async function seedSampleRepository(
  options: SeedOptions,
): Promise<{ path: string; created: boolean }> {
  const target = join(options.root, `${options.fullName}.git`);
  if (await exists(target)) return { path: target, created: false };
  const work = await mkdtemp(join(tmpdir(), 'codecot-sample-'));
  const staging = `${target}.seeding-${process.pid}`;
  try {
    const tree = join(work, 'tree');
    await cp(options.source ?? SAMPLE_SOURCE, tree, { recursive: true });
    await git(tree, ['init', '--quiet', '--initial-branch=main']);
    await git(tree, ['add', '--all']);
    await git(tree, [
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      'Sample repository for the Codecot playground',
    ]);
    await mkdir(dirname(target), { recursive: true });
    await rm(staging, { recursive: true, force: true });
    await git(work, ['clone', '--quiet', '--bare', tree, staging]);
    await rename(staging, target);
    options.logger.info({ repo: options.fullName, path: target }, 'sample repository created');
    return { path: target, created: true };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new CodecotError('code_host_error', `Could not create the sample repository ${options.fullName}`, {
      cause: error,
      platform: 'local-git',
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Git without the machine's or user's configuration: a commit signing hook must not break the seed. */
function git(cwd: string, args: string[]) {
  return run(
    'git',
    ['-c', 'user.name=Codecot', '-c', 'user.email=codecot@localhost', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        HOME: tmpdir(),
      },
    },
  );
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
