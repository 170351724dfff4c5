import { spawn } from 'node:child_process';

const GIT_HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';

export interface CgiRequest {
  projectRoot: string;
  /** e.g. `/owner/name.git/info/refs` */
  pathInfo: string;
  method: string;
  queryString: string;
  contentType: string | undefined;
  remoteUser: string;
  /** Already decompressed; CONTENT_LENGTH is set from it. */
  body: Buffer;
  /** The client's `Git-Protocol` header; passing it on enables protocol v2 as on GitHub. */
  gitProtocol: string | undefined;
}

export interface CgiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Runs git's own smart-HTTP server as a CGI program, so clones and pushes go through the real protocol.
 * REMOTE_USER must be set, otherwise http-backend refuses receive-pack (push) by default.
 */
export function runGitHttpBackend(request: CgiRequest): Promise<CgiResponse> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.queryString,
    CONTENT_TYPE: request.contentType ?? '',
    CONTENT_LENGTH: String(request.body.length),
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: '127.0.0.1',
    ...(request.gitProtocol ? { GIT_PROTOCOL: request.gitProtocol } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(GIT_HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const output = Buffer.concat(stdout);
      if (output.length === 0) {
        reject(new Error(`git-http-backend exited ${code}: ${Buffer.concat(stderr).toString('utf8')}`));
        return;
      }
      resolve(parseCgiOutput(output));
    });
    // A client that hung up early makes stdin EPIPE; the exit code still tells the story.
    child.stdin.on('error', () => {});
    child.stdin.end(request.body);
  });
}

/** CGI output is `Header: value` lines, a blank line, then the body; `Status:` carries the HTTP status. */
function parseCgiOutput(output: Buffer): CgiResponse {
  let separator = output.indexOf('\r\n\r\n');
  let separatorLength = 4;
  if (separator === -1) {
    separator = output.indexOf('\n\n');
    separatorLength = 2;
  }
  const head =
    separator === -1 ? output.toString('latin1') : output.subarray(0, separator).toString('latin1');
  const body = separator === -1 ? Buffer.alloc(0) : output.subarray(separator + separatorLength);
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  return { status, headers, body };
}
