import type { Repository } from '../../src/ports/code-host.ts';
import type { GitHubClient } from './client.ts';
import { gitHubError, statusOf } from './errors.ts';
import { splitRepo } from './repo-name.ts';

export async function getRepository(client: GitHubClient, fullName: string): Promise<Repository> {
  const coordinates = splitRepo(fullName);
  try {
    const { data } = await client.octokit.rest.repos.get(coordinates);
    return {
      fullName: data.full_name,
      cloneUrl: data.clone_url,
      defaultBranch: data.default_branch,
      htmlUrl: data.html_url,
    };
  } catch (error) {
    // The port promises not_found for a repository that is missing or hidden from the token.
    const code = statusOf(error) === 404 ? 'not_found' : 'code_host_error';
    throw gitHubError(`look up the repository ${fullName}`, error, client.secrets(), { code });
  }
}

/** A file's text, or null when the path is missing, a directory, a symlink or a submodule. */
export async function readFile(
  client: GitHubClient,
  fullName: string,
  path: string,
  ref?: string,
): Promise<string | null> {
  const params = { ...splitRepo(fullName), path: path.replace(/^\/+/, ''), ...(ref ? { ref } : {}) };
  const doing = `read ${params.path} in ${fullName}${ref ? ` at ${ref}` : ''}`;
  try {
    const { data } = await client.octokit.rest.repos.getContent(params);
    if (Array.isArray(data) || data.type !== 'file') return null;
    if (data.encoding === 'base64') return Buffer.from(data.content, 'base64').toString('utf8');
    // Files over 1 MB come without content; the raw media type returns them (up to 100 MB).
    const raw = await client.octokit.rest.repos.getContent({ ...params, mediaType: { format: 'raw' } });
    return typeof raw.data === 'string' ? raw.data : null;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw gitHubError(doing, error, client.secrets());
  }
}

/** The commit `branch` points to now; null when the branch does not exist. */
export async function branchHead(client: GitHubClient, fullName: string, branch: string) {
  try {
    const { data } = await client.octokit.rest.repos.getBranch({ ...splitRepo(fullName), branch });
    return data.commit.sha;
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw gitHubError(`read the branch ${branch} of ${fullName}`, error, client.secrets());
  }
}
