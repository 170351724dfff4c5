/** A Slack `{ ok: false, error }` answer, thrown by method handlers and turned into a response body. */
export class SlackMethodError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;

  constructor(code: string, extra: Record<string, unknown> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
  }
}

// Free-text fields are never JSON-decoded, even when a user happens to type "[1]" or "{}".
const FREE_TEXT_FIELDS = new Set(['text', 'reply_text', 'fallback', 'username', 'name', 'query']);

/**
 * Parse a Web API request body the way Slack accepts it: form-encoded (what WebClient sends, with
 * objects such as `blocks` JSON-encoded inside the form), JSON, or multipart for uploads.
 */
export async function parseApiArgs(
  raw: Buffer,
  contentType: string | undefined,
): Promise<Record<string, unknown>> {
  const type = (contentType ?? '').toLowerCase();
  if (raw.length === 0) return {};
  if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // fall through to the Slack error below
    }
    throw new SlackMethodError('invalid_json');
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    return decodeFormFields([...form.entries()]);
  }
  return decodeFormFields([...new URLSearchParams(raw.toString('utf8')).entries()]);
}

export function decodeFormFields(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    args[key] = typeof value === 'string' && !FREE_TEXT_FIELDS.has(key) ? decodeJsonField(value) : value;
  }
  return args;
}

function decodeJsonField(value: string): unknown {
  const trimmed = value.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function stringArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** Missing required arguments: Slack answers `invalid_arguments` with a hint in response_metadata. */
export function requireString(
  args: Record<string, unknown>,
  name: string,
  errorCode = 'invalid_arguments',
): string {
  const value = stringArg(args, name);
  if (value === undefined) {
    throw new SlackMethodError(errorCode, {
      response_metadata: { messages: [`[ERROR] missing required field: ${name}`] },
    });
  }
  return value;
}

export function intArg(args: Record<string, unknown>, name: string, fallback: number): number {
  const value = stringArg(args, name);
  if (value === undefined) return fallback;
  const parsed = Number.parseInt(value, 10);
  return Number.isNaN(parsed) ? fallback : parsed;
}

export function boolArg(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}
