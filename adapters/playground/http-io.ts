import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodecotError } from '../../src/errors.ts';
import { sendJson } from '../../src/http/server.ts';

const MAX_BODY_BYTES = 64 * 1024;

export { sendJson };

/** A request the playground refuses, with the status and the sentence the page shows. */
export class Refusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a JSON body sent by the page itself. Requiring `application/json` forces a CORS preflight on
 * any cross-site request, and the Origin check refuses one outright: another site open in the same
 * browser must not be able to post or approve in the user's name.
 */
export async function readJsonFromPage(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/json'))
    throw new Refusal(415, 'send JSON (content-type: application/json)');
  const origin = req.headers.origin;
  if (origin !== undefined && !sameHost(origin, req.headers.host))
    throw new Refusal(403, 'cross-site requests are refused');
  if (req.headers['sec-fetch-site'] === 'cross-site')
    throw new Refusal(403, 'cross-site requests are refused');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, 'the request is too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Answers a failed request: refusals and bad input say why; anything else is logged, not shown. */
export function sendFailure(res: ServerResponse, error: unknown): boolean {
  if (error instanceof Refusal) {
    sendJson(res, error.status, { error: error.message });
    return true;
  }
  if (error instanceof CodecotError && (error.code === 'not_found' || error.code === 'bad_input')) {
    sendJson(res, error.code === 'not_found' ? 404 : 400, { error: error.message });
    return true;
  }
  return false;
}

export function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://playground.invalid').searchParams;
}
