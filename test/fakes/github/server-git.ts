import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthCheck, checkAuthorization } from './auth.ts';
import type { FaultQueue } from './faults.ts';
import { runGitHttpBackend } from './git-http-backend.ts';
import type { FakeState } from './state.ts';

const GIT_PATH = /^\/git\/([^/]+)\/([^/]+?)\.git(\/.*)?$/;

export interface GitHandlerDeps {
  state: FakeState;
  tokens: ReadonlySet<string>;
  faults: FaultQueue;
  reposRoot: string;
  /** A GitHub App's check (JWTs, installation tokens) before the token check; undefined defers to it. */
  authorize?: ((path: string, headers: IncomingMessage['headers']) => AuthCheck | undefined) | undefined;
}

/**
 * Git smart HTTP under `/git/<owner>/<name>.git/...`, always behind the token (as for a private repo):
 * no or wrong credentials -> 401 + `WWW-Authenticate: Basic`, which makes git fail instead of cloning.
 */
export async function handleGitRequest(
  deps: GitHandlerDeps,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<void> {
  const method = request.method ?? 'GET';
  const auth =
    deps.authorize?.(url.pathname, request.headers) ?? checkAuthorization(request.headers, deps.tokens);
  const answer = (status: number, headers: Record<string, string>, payload: Buffer | string) => {
    deps.state.gitRequests.push({
      method,
      path: request.url ?? url.pathname,
      authorized: auth.authorized,
      auth: auth.style,
      ...(auth.username === undefined ? {} : { username: auth.username }),
      status,
    });
    response.writeHead(status, headers);
    response.end(payload);
  };
  if (!auth.authorized) {
    answer(
      401,
      { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' },
      'Unauthorized\n',
    );
    return;
  }
  const fault = deps.faults.take({ method, path: url.pathname, body: undefined });
  if (fault) {
    answer(fault.status, { 'content-type': 'text/plain', ...fault.headers }, `${fault.message}\n`);
    return;
  }
  const [, owner = '', name = '', rest = ''] = GIT_PATH.exec(url.pathname) ?? [];
  const repo = deps.state.repo(`${owner}/${name}`);
  if (!repo) {
    answer(404, { 'content-type': 'text/plain' }, 'Repository not found.\n');
    return;
  }
  const cgi = await runGitHttpBackend({
    projectRoot: deps.reposRoot,
    // The canonical spelling, so a differently-cased URL still finds the directory on disk.
    pathInfo: `/${repo.fullName}.git${rest}`,
    method,
    queryString: url.search.replace(/^\?/, ''),
    contentType: request.headers['content-type'],
    remoteUser: auth.username || 'x-access-token',
    body,
    gitProtocol: headerValue(request.headers['git-protocol']),
  });
  answer(cgi.status, cgi.headers, cgi.body);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(':') : value;
}
