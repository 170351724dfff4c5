import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeWorkspace } from '../workspace.ts';
import { decodeFormFields, parseApiArgs, SlackMethodError, stringArg } from './args.ts';
import type { CallRecorder } from './call-recorder.ts';
import { chatMethods } from './chat-methods.ts';
import { conversationMethods } from './conversation-methods.ts';
import { identityMethods } from './identity-methods.ts';
import type { MethodSpec, MethodTable } from './method.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { reactionMethods } from './reaction-methods.ts';

const METHODS: MethodTable = {
  ...identityMethods,
  ...chatMethods,
  ...reactionMethods,
  ...conversationMethods,
};

export interface WebApiDeps {
  workspace: FakeWorkspace;
  recorder: CallRecorder;
  rateLimiter: RateLimiter;
  openSocketUrl: () => string;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function fail(code: string, extra: Record<string, unknown> = {}): Answer {
  return { status: 200, headers: JSON_HEADERS, body: { ok: false, error: code, ...extra } };
}

// Slack checks the token before anything else: missing, unknown, or the wrong kind for the method.
function tokenProblem(
  token: string | undefined,
  spec: MethodSpec,
  workspace: FakeWorkspace,
): string | undefined {
  const { botToken, appToken } = workspace.identity;
  if (token === undefined) return 'not_authed';
  if (token !== botToken && token !== appToken) return 'invalid_auth';
  const kind = token === botToken ? 'bot' : 'app';
  return kind === spec.tokenType ? undefined : 'not_allowed_token_type';
}

function answerCall(
  method: string,
  args: Record<string, unknown>,
  token: string | undefined,
  deps: WebApiDeps,
): Answer {
  const spec = METHODS[method];
  if (!spec) return fail('unknown_method', { req_method: method });
  const problem = tokenProblem(token, spec, deps.workspace);
  if (problem) return fail(problem);
  const retryAfter = deps.rateLimiter.take(method);
  if (retryAfter !== undefined) {
    return {
      status: 429,
      headers: { ...JSON_HEADERS, 'retry-after': String(retryAfter) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  try {
    const result = spec.handler({ args, workspace: deps.workspace, openSocketUrl: deps.openSocketUrl });
    return { status: 200, headers: JSON_HEADERS, body: { ok: true, ...result } };
  } catch (error) {
    if (error instanceof SlackMethodError) return fail(error.code, error.extra);
    throw error;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** Serve POST (or GET) /api/<method> like slack.com/api does, recording every call. */
export async function handleWebApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: WebApiDeps,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake-slack.invalid');
  const method = decodeURIComponent(url.pathname.replace(/^\/api\//, ''));
  const raw = await readBody(req);
  let args: Record<string, unknown> = decodeFormFields(url.searchParams.entries());
  let answer: Answer;
  let token: string | undefined;
  try {
    args = { ...args, ...(await parseApiArgs(raw, req.headers['content-type'])) };
    // Slack accepts the token as a header or, historically, as a form field.
    token = bearerToken(req.headers.authorization) ?? stringArg(args, 'token');
    delete args.token;
    answer = answerCall(method, args, token, deps);
  } catch (error) {
    if (error instanceof SlackMethodError) {
      answer = fail(error.code, error.extra);
    } else {
      // A bug in the fake itself: make it loud (the client sees a non-200) instead of a fake Slack error.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      answer = {
        status: 500,
        headers: JSON_HEADERS,
        body: { ok: false, error: 'fake_internal_error', message },
      };
    }
  }
  deps.recorder.record({
    method,
    args,
    token,
    at: Date.now(),
    httpStatus: answer.status,
    response: answer.body,
  });
  res.writeHead(answer.status, answer.headers);
  res.end(JSON.stringify(answer.body));
}
