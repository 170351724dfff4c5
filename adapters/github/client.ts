import { Octokit } from '@octokit/rest';
import type { Logger } from '../../src/logger.ts';
import { secretForms, type TokenProvider } from './auth.ts';

export interface ClientOptions {
  tokenProvider: TokenProvider;
  /** REST base: GitHub's by default; `https://host/api/v3` for GitHub Enterprise Server. */
  apiUrl?: string | undefined;
  logger: Logger;
  /** Each request is abandoned after this long, so a stalled connection cannot hold a job forever. */
  timeoutMs: number;
}

export interface GitHubClient {
  octokit: Octokit;
  token: TokenProvider;
  /** Every token form seen so far (installation tokens rotate), for redaction. */
  secrets: () => string[];
}

/**
 * Octokit without its own auth: a request hook asks the provider for the token each time, which is what a
 * GitHub App's expiring installation tokens need, and what a static token costs nothing to go through.
 */
export function createGitHubClient(options: ClientOptions): GitHubClient {
  const seen = new Set<string>();
  const token: TokenProvider = async (repo) => {
    const value = await options.tokenProvider(repo);
    for (const form of secretForms(value)) seen.add(form);
    return value;
  };
  const log = options.logger.child({ codeHost: 'github' });
  const octokit = new Octokit({
    ...(options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'codecot',
    // Only the message is passed on: Octokit's debug log adds the request options, headers included.
    // A failed request is not an error here; it becomes a CodecotError that its caller reports.
    log: {
      debug: (message: string) => log.debug(message),
      info: (message: string) => log.debug(message),
      warn: (message: string) => log.warn(message),
      error: (message: string) => log.debug(message),
    },
  });
  octokit.hook.wrap('request', async (request, endpoint) => {
    endpoint.headers.authorization = `token ${await token(repoOf(endpoint))}`;
    endpoint.request = { ...endpoint.request, signal: AbortSignal.timeout(options.timeoutMs) };
    return request(endpoint);
  });
  return { octokit, token, secrets: () => [...seen] };
}

/**
 * The repository a request is about: its `{owner}/{repo}` parameters, the `/repos/o/r` of an expanded URL
 * (pagination's later pages), or `request.repo` given by the caller where the route has none (GraphQL).
 */
function repoOf(endpoint: {
  url?: unknown;
  owner?: unknown;
  repo?: unknown;
  request?: Record<string, unknown>;
}) {
  if (typeof endpoint.owner === 'string' && typeof endpoint.repo === 'string')
    return `${endpoint.owner}/${endpoint.repo}`;
  const [, owner, repo] = REPOS_PATH.exec(typeof endpoint.url === 'string' ? endpoint.url : '') ?? [];
  if (owner && repo) return `${decodeURIComponent(owner)}/${decodeURIComponent(repo)}`;
  return typeof endpoint.request?.repo === 'string' ? endpoint.request.repo : undefined;
}

const REPOS_PATH = /\/repos\/([^/{}?#]+)\/([^/{}?#]+)/;
