import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CodecotError } from '../../src/errors.ts';
import { gitMaybe } from './git.ts';

/** Owner and name as GitHub allows them; this also keeps `..` and slashes out of the paths built from them. */
const FULL_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export interface LocatedRepo {
  fullName: string;
  /** What git clones from and pushes to: the repository's path. */
  path: string;
  /** The git directory (the repository itself when bare), where the pull request records live. */
  gitDir: string;
}

/** `<root>/<owner>/<name>.git`, unless the path map names the repository. */
export async function locateRepo(
  root: string,
  paths: Readonly<Record<string, string>>,
  fullName: string,
): Promise<LocatedRepo> {
  const mapped = paths[fullName];
  if (mapped === undefined) {
    if (!FULL_NAME.test(fullName) || fullName.split('/').some((part) => /^\.+$/.test(part))) {
      throw new CodecotError('bad_input', `"${fullName}" is not a repository name of the form owner/name`, {
        platform: 'local-git',
      });
    }
  }
  const candidate = mapped !== undefined ? resolve(root, mapped) : join(resolve(root), `${fullName}.git`);
  const gitDir = await gitDirOf(candidate);
  if (!gitDir) {
    throw new CodecotError('not_found', `There is no git repository ${fullName} at ${candidate}`, {
      platform: 'local-git',
    });
  }
  return { fullName, path: await realpath(candidate), gitDir: await realpath(gitDir) };
}

async function gitDirOf(path: string): Promise<string | undefined> {
  const isDirectory = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isDirectory) return undefined;
  // --git-dir=<path> on a work tree would be wrong; ask git from inside instead.
  const dir = await gitMaybe(join(path, '.git'), ['rev-parse', '--absolute-git-dir']);
  if (dir) return dir;
  const bare = await gitMaybe(path, ['rev-parse', '--is-bare-repository']);
  return bare === 'true' ? path : undefined;
}
