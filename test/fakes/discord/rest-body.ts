import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './rest-types.ts';

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * JSON bodies as discord.js sends them, and multipart bodies (used as soon as a message has files):
 * `payload_json` carries the JSON part, `files[n]` the uploads.
 */
export async function parseBody(request: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(request);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return parseMultipart(raw, contentType);
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [] };
  } catch {
    return { body: text, files: [] };
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // The web Response parser understands multipart, which saves writing a boundary parser here.
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  let body: unknown;
  const files: UploadedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      continue;
    }
    files.push({ field, filename: value.name, contentType: value.type, size: value.size });
  }
  return { body, files };
}
