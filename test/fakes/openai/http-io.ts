import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return; // the client gave up (e.g. its timeout fired)
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(payload));
}

/** OpenAI's `error.type` for a status, so error bodies look like the real API's. */
function errorType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function errorCode(status: number): string | null {
  if (status === 401) return 'invalid_api_key';
  if (status === 429) return 'rate_limit_exceeded';
  return null;
}

/** Sends an error in OpenAI's shape: `{ error: { message, type, param, code } }`. */
export function sendOpenAIError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const error = { message, type: errorType(status), param: null, code: errorCode(status) };
  sendJson(response, status, { error }, headers);
}

/** Writes Server-Sent Events the way OpenAI does: optional `event:` line, then `data:`. */
export class SseWriter {
  readonly #response: ServerResponse;

  constructor(response: ServerResponse) {
    this.#response = response;
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
  }

  send(data: unknown, event?: string): void {
    if (this.#response.destroyed) return;
    const eventLine = event === undefined ? '' : `event: ${event}\n`;
    this.#response.write(`${eventLine}data: ${JSON.stringify(data)}\n\n`);
  }

  /** Chat Completions streams end with a literal `[DONE]` sentinel. */
  sendDone(): void {
    if (!this.#response.destroyed) this.#response.write('data: [DONE]\n\n');
  }

  end(): void {
    if (!this.#response.destroyed) this.#response.end();
  }
}

/** Waits `ms`; resolves false early if the client hung up (so a timed-out request is not answered). */
export function delayUnlessClosed(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, ms);
    response.once('close', onClose);
  });
}
