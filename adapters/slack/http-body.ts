import type { IncomingMessage } from 'node:http';

/** Slack's payloads are small; anything near this is not from Slack. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; raw: string } | { ok: false; status: 413 };

export async function readRawBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return { ok: false, status: 413 };
    chunks.push(buffer);
  }
  return { ok: true, raw: Buffer.concat(chunks).toString('utf8') };
}

export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Events arrive as JSON; slash commands as form fields; interactivity as a form field `payload`
 * holding JSON. Anything else, or anything that is not an object, is a malformed request.
 */
export function parseSlackBody(raw: string, contentType: string | undefined): ParsedBody {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/json') return parseJsonObject(raw, 'body');
  if (mediaType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return parseJsonObject(payload, 'payload field');
    return { ok: true, body: Object.fromEntries(form.entries()) };
  }
  return { ok: false, reason: `unsupported content type ${JSON.stringify(contentType ?? '')}` };
}

function parseJsonObject(text: string, what: string): ParsedBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${what} is not JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: `${what} is not a JSON object` };
  }
  return { ok: true, body: value as Record<string, unknown> };
}

/** The single value of a header, or undefined when it is missing or repeated. */
export function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}
