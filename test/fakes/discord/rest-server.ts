import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimiter } from './rate-limits.ts';
import { parseBody } from './rest-body.ts';
import { decodePath, matchRoute, splitApiPrefix } from './rest-router.ts';
import { discordError, type RestCall, type RestResponse, type Route } from './rest-types.ts';

export interface RestServerDeps {
  token: string;
  routes: readonly Route[];
  rateLimits: RateLimiter;
  onCall: (call: RestCall) => void;
  onHandlerError: (error: unknown) => void;
}

const UNAUTHORIZED = (): RestResponse => discordError(401, 0, '401: Unauthorized');
const UNKNOWN_ROUTE = (): RestResponse => discordError(404, 0, 'Unknown');

/** Answers one HTTP request the way Discord's REST API would, recording it once it is answered. */
export async function handleRestRequest(
  deps: RestServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const at = Date.now();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const method = (request.method ?? 'GET').toUpperCase();
  const { body, files } = await parseBody(request);
  const api = splitApiPrefix(url.pathname);
  const rawPath = api?.rawPath ?? url.pathname;
  const call: RestCall = {
    method,
    path: decodePath(rawPath),
    rawPath,
    version: api?.version ?? null,
    query: Object.fromEntries(url.searchParams),
    body,
    files,
    status: 0,
    at,
  };
  const answer = decide(deps, call, api !== null, request.headers.authorization);
  call.status = answer.status;
  write(response, answer);
  deps.onCall(call);
  answer.after?.();
}

function decide(deps: RestServerDeps, call: RestCall, isApi: boolean, authorization?: string): RestResponse {
  const match = isApi ? matchRoute(deps.routes, call.method, call.rawPath) : null;
  const needsBotToken = match?.route.auth !== 'none';
  if (needsBotToken && authorization !== `Bot ${deps.token}`) return UNAUTHORIZED();
  const limited = deps.rateLimits.take(call);
  if (limited) return limited;
  if (!match) return UNKNOWN_ROUTE();
  try {
    return match.route.handle({ call, params: match.params });
  } catch (error) {
    deps.onHandlerError(error);
    return discordError(500, 0, `500: fake handler failed: ${String(error)}`);
  }
}

function write(response: ServerResponse, answer: RestResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body !== undefined) headers['content-type'] = 'application/json';
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}
