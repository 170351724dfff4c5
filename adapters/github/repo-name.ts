import { CodecotError } from '../../src/errors.ts';

/** GitHub's rules for owner and repository names; anything else is refused before any request is made. */
const FULL_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9_.-]+)$/;

/** A type alias, not an interface, so Octokit's parameter types (an index signature) accept it. */
export type RepoCoordinates = { owner: string; repo: string };

export function splitRepo(fullName: string): RepoCoordinates {
  const match = FULL_NAME.exec(fullName.trim());
  const [, owner, repo] = match ?? [];
  if (!owner || !repo || repo === '.' || repo === '..') {
    throw new CodecotError('bad_input', `"${fullName}" is not a repository name of the form owner/name`, {
      platform: 'github',
    });
  }
  return { owner, repo: repo.replace(/\.git$/, '') };
}
