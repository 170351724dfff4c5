import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkAuthorization } from './auth.ts';
import type { FaultQueue } from './faults.ts';
import { HttpError, notFound, parseJsonBody, readRequestBody, sendJson } from './http-io.ts';
import type { RouteResponse, Router } from './router.ts';
import { type GitHandlerDeps, handleGitRequest } from './server-git.ts';

export interface ServerDeps extends GitHandlerDeps {
  router: Router;
  faults: FaultQueue;
}

/** GitHub Enterprise clients use `<host>/api/v3`; github.com style clients use the bare host. Both work. */
const ENTERPRISE_PREFIX = '/api/v3';

export function createFakeServer(deps: ServerDeps): Server {
  return createServer((request, response) => {
    handle(deps, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { message: String(error) });
      else response.destroy();
    });
  });
}

async function handle(deps: ServerDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
  const raw = await readRequestBody(request);
  if (url.pathname.startsWith('/git/')) return handleGitRequest(deps, request, response, url, raw);
  const method = request.method ?? 'GET';
  const path = stripPrefix(url.pathname);
  const auth = deps.authorize?.(path, request.headers) ?? checkAuthorization(request.headers, deps.tokens);
  let body: unknown;
  let result: RouteResponse;
  try {
    if (!auth.authorized) throw new HttpError(401, 'Bad credentials');
    body = parseJsonBody(raw);
    const fault = deps.faults.take({ method, path, body });
    if (fault) throw fault;
    const route = deps.router.match(method, path);
    if (!route) throw notFound();
    result = await route.handler({
      method,
      path,
      params: route.params,
      query: url.searchParams,
      body,
      requestUrl: url,
    });
  } catch (error) {
    result = errorResponse(error);
  }
  deps.state.recordRequest({
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    body,
    status: result.status,
    auth: auth.style,
    authorized: auth.authorized,
  });
  sendJson(response, result.status, result.body, result.headers);
}

function stripPrefix(pathname: string): string {
  if (pathname === ENTERPRISE_PREFIX) return '/';
  return pathname.startsWith(`${ENTERPRISE_PREFIX}/`) ? pathname.slice(ENTERPRISE_PREFIX.length) : pathname;
}

function errorResponse(error: unknown): RouteResponse {
  if (error instanceof HttpError) return { status: error.status, body: error.body, headers: error.headers };
  return { status: 500, body: { message: `fake-github internal error: ${String(error)}` } };
}
