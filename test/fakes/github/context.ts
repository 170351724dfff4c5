import type { FakeState, RepoRecord } from './state.ts';

export interface FakeUrls {
  /** `http://127.0.0.1:<port>`: the website and, with a bare baseUrl, the REST API. */
  web: string;
  /** Base for `url` fields in REST JSON. */
  api: string;
  /** Prefix of clone URLs: `<web>/git`. */
  git: string;
}

/** What routes and the test-control API share. */
export interface FakeContext {
  state: FakeState;
  urls: FakeUrls;
  /** Login of the token's owner: author of pull requests and comments created through the API. */
  login: string;
}

export function cloneUrl(context: FakeContext, repo: RepoRecord): string {
  return `${context.urls.git}/${repo.fullName}.git`;
}

export function repoApiUrl(context: FakeContext, repo: RepoRecord): string {
  return `${context.urls.api}/repos/${repo.fullName}`;
}

export function repoHtmlUrl(context: FakeContext, repo: RepoRecord): string {
  return `${context.urls.web}/${repo.fullName}`;
}

/** Stable numeric id per login, so the same user always has the same id. */
export function userId(login: string): number {
  let hash = 7;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return hash + 1;
}

export function userJson(context: FakeContext, login: string) {
  return {
    login,
    id: userId(login),
    node_id: `U_${userId(login)}`,
    avatar_url: `${context.urls.web}/avatars/${login}`,
    url: `${context.urls.api}/users/${login}`,
    html_url: `${context.urls.web}/${login}`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}
