import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { CodecotError } from '../../src/errors.ts';
import { secretForms, type TokenProvider } from './auth.ts';
import { gitHubError, statusOf } from './errors.ts';
import { splitRepo } from './repo-name.ts';

export interface GitHubAppCredentials {
  appId: string;
  /** The App's private key (PEM). */
  privateKey: string;
  /** The one installation every repository is in; looked up per repository when omitted. */
  installationId?: number | undefined;
}

export interface InstallationTokenOptions extends GitHubAppCredentials {
  /** REST base, the same as the code host's (GitHub Enterprise Server: `https://host/api/v3`). */
  apiUrl?: string | undefined;
  /** Called with every form of each new installation token, so the redactor masks it from then on. */
  onSecrets?: ((secrets: string[]) => void) | undefined;
  /** A cached token this close to its expiry is replaced; 5 minutes by default (a long push must finish). */
  refreshBeforeMs?: number | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Installation tokens minted by `@octokit/auth-app` (which signs the App's JWT and caches tokens per
 * installation). Its cache keeps a token for 59 minutes whatever GitHub said, so the expiry GitHub
 * returned is checked here and an expiring token refreshed.
 */
export function createInstallationTokens(options: InstallationTokenOptions): TokenProvider {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // A client of its own: the code host's client would replace the App's JWT with an installation token.
  const octokit = new Octokit({
    ...(options.apiUrl ? { baseUrl: options.apiUrl.replace(/\/+$/, '') } : {}),
    userAgent: 'codecot',
  });
  octokit.hook.wrap('request', (send, endpoint) =>
    send({ ...endpoint, request: { ...endpoint.request, signal: AbortSignal.timeout(timeoutMs) } }),
  );
  const { request } = octokit;
  const auth = createAppAuth({ appId: options.appId, privateKey: options.privateKey, request });
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  const installations = new Map<string, Promise<number>>();
  const reported = new Set<string>();

  async function lookUpInstallation(repo: string): Promise<number> {
    const { token: jwt } = await auth({ type: 'app' });
    const { data } = await request('GET /repos/{owner}/{repo}/installation', {
      ...splitRepo(repo),
      headers: { authorization: `bearer ${jwt}` },
    });
    return data.id;
  }

  function installationFor(repo: string): Promise<number> {
    const key = repo.toLowerCase();
    let found = installations.get(key);
    if (!found) {
      found = lookUpInstallation(repo);
      // A failed lookup (App not installed yet) is asked again next time, not remembered.
      found.catch(() => installations.delete(key));
      installations.set(key, found);
    }
    return found;
  }

  async function tokenFor(installationId: number): Promise<string> {
    let minted = await auth({ type: 'installation', installationId });
    if (Date.parse(minted.expiresAt) - Date.now() <= refreshBeforeMs)
      minted = await auth({ type: 'installation', installationId, refresh: true });
    if (!reported.has(minted.token)) {
      if (reported.size >= 100) reported.clear();
      reported.add(minted.token);
      options.onSecrets?.(secretForms(minted.token));
    }
    return minted.token;
  }

  return async (repo) => {
    if (options.installationId === undefined && !repo) {
      const message =
        'A GitHub App without GITHUB_APP_INSTALLATION_ID needs a repository to find its installation';
      throw new CodecotError('code_host_error', message, { platform: 'github' });
    }
    try {
      return await tokenFor(options.installationId ?? (await installationFor(repo ?? '')));
    } catch (error) {
      // The App may have been reinstalled under a new id: the next call looks the installation up again.
      if (repo) installations.delete(repo.toLowerCase());
      // Octokit's error carries the request, JWT included; only a scrubbed copy goes further.
      const doing = `get a GitHub App installation token${repo ? ` for ${repo}` : ''}`;
      // 404 on the installation lookup: the App is not installed there, or the repository does not exist.
      const code = statusOf(error) === 404 ? 'not_found' : 'code_host_error';
      throw gitHubError(doing, error, [options.privateKey, ...reported], { code });
    }
  };
}
