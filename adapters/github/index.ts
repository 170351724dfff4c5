import type { Logger } from '../../src/logger.ts';
import type { CodeHost } from '../../src/ports/code-host.ts';
import { createInstallationTokens, type InstallationTokenOptions } from './app-auth.ts';
import { gitAuthArgs, staticToken, type TokenProvider } from './auth.ts';
import { checks } from './checks.ts';
import { createGitHubClient } from './client.ts';
import { comment, openPullRequest, updatePullRequest } from './pulls.ts';
import { branchHead, getRepository, readFile } from './repos.ts';

export type { GitHubAppCredentials } from './app-auth.ts';
export type { TokenProvider } from './auth.ts';
export { GitHubApiError } from './errors.ts';

export interface GitHubCodeHostConfig {
  /** A fine-grained or classic personal access token (or any token GitHub accepts as `token ...`). */
  token: string;
  /** REST base URL; GitHub's when omitted, `https://<host>/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string | undefined;
  logger: Logger;
  /** How long one API request may take; 30 s by default. */
  timeoutMs?: number | undefined;
}

/** GitHub (or GitHub Enterprise Server) as Codecot's code host, through Octokit. */
export function createGitHubCodeHost(config: GitHubCodeHostConfig): CodeHost {
  return createGitHubCodeHostWithTokens({ ...config, tokenProvider: staticToken(config.token) });
}

/**
 * The host authenticated as a GitHub App: API calls and git both use installation tokens, minted per
 * installation, cached and refreshed before they expire.
 */
export function createGitHubAppCodeHost(
  config: Omit<GitHubCodeHostConfig, 'token'> & Omit<InstallationTokenOptions, 'apiUrl' | 'timeoutMs'>,
): CodeHost {
  return createGitHubCodeHostWithTokens({ ...config, tokenProvider: createInstallationTokens(config) });
}

/**
 * The same host with the token asked for on each use; the seam where GitHub App installation tokens
 * (which expire after an hour) plug in.
 */
export function createGitHubCodeHostWithTokens(
  config: Omit<GitHubCodeHostConfig, 'token'> & { tokenProvider: TokenProvider },
): CodeHost {
  const client = createGitHubClient({
    tokenProvider: config.tokenProvider,
    apiUrl: config.apiUrl,
    logger: config.logger,
    timeoutMs: config.timeoutMs ?? 30_000,
  });
  return {
    name: 'github',
    runsCi: true,
    getRepository: (fullName) => getRepository(client, fullName),
    gitAuth: async (fullName) => ({ configArgs: gitAuthArgs(await client.token(fullName)) }),
    branchHead: (fullName, branch) => branchHead(client, fullName, branch),
    readFile: (fullName, path, ref) => readFile(client, fullName, path, ref),
    openPullRequest: (input) => openPullRequest(client, input),
    updatePullRequest: (fullName, number, patch) => updatePullRequest(client, fullName, number, patch),
    comment: (fullName, number, body) => comment(client, fullName, number, body),
    checks: (fullName, sha) => checks(client, fullName, sha),
  };
}
