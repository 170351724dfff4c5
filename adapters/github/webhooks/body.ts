import type { IncomingMessage } from 'node:http';

/** GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub. */
export const BODY_LIMIT_BYTES = 25 * 1024 * 1024;

/** The raw body as bytes arrived (the signature covers them exactly), or null when it is too large. */
export async function readRawBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The single value of a header, or undefined when it is missing or repeated. */
export function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, reason: `body is not JSON (${(error as Error).message})` };
  }
}
