/**
 * The one place secrets are scrubbed. Every log line, error text and outbound chat or PR text passes
 * through `redact` so a token pasted in a channel or printed by an agent never travels further.
 */
const MASK = '[REDACTED]';

const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot, user, app-level refresh tokens
  /\bxapp-[A-Za-z0-9-]{8,}/g, // Slack app-level tokens
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub personal, OAuth, user-to-server, server-to-server, refresh
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g, // GitHub fine-grained tokens
  /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, // OpenAI keys
  /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/g, // Discord bot tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs (signed: header.payload.signature)
];

/** An AWS secret access key is 40 plain base64 characters: recognisable only by the name it is given. */
const AWS_SECRET = /\b((?:aws_)?secret_access_key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{30,}/gi;

/** `Authorization: Bearer abc`, `authorization=token abc` and the like keep their name, lose their value. */
const AUTH_HEADER =
  /\b(authorization|proxy-authorization|x-api-key|api-key)(["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|bot)\s+)?[^\s"',;}]+/gi;
/** `https://user:secret@host` keeps the user and host. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

export function redact(text: string, extraSecrets: readonly string[] = knownSecrets): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 6) out = out.split(secret).join(MASK);
  }
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, MASK);
  out = out.replace(AWS_SECRET, (_m, name: string) => `${name}${MASK}`);
  out = out.replace(AUTH_HEADER, (_m, name: string, sep: string, scheme?: string) =>
    scheme ? `${name}${sep}${scheme} ${MASK}` : `${name}${sep}${MASK}`,
  );
  return out.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${MASK}@`);
}

let knownSecrets: readonly string[] = [];

/**
 * Registers the configured secrets (from config) so they are masked even when they match no pattern,
 * together with the base64 forms they travel in (HTTP Basic, git's `x-access-token:<token>`).
 */
export function registerSecrets(secrets: readonly (string | undefined)[]): void {
  knownSecrets = withEncodedForms(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6));
  configuredCount = knownSecrets.length;
}

function withEncodedForms(secrets: readonly string[]): string[] {
  const encoded = secrets.flatMap((s) =>
    [s, `x-access-token:${s}`].flatMap((form) => [
      Buffer.from(form).toString('base64'),
      Buffer.from(form).toString('base64url'),
    ]),
  );
  // Longest first: the Basic form of `x-access-token:<token>` ends with the token's own base64.
  return [...new Set([...secrets, ...encoded])].sort((a, b) => b.length - a.length);
}

let configuredCount = 0;
/** Secrets learned at run time beyond this many are dropped oldest first (expired tokens, by then). */
const LEARNED_LIMIT = 300;

/**
 * Adds secrets learned at run time (a GitHub App's installation tokens, minted hourly) to the registered
 * ones, keeping the configured secrets and the newest learned ones.
 */
export function addSecrets(secrets: readonly string[]): void {
  const fresh = withEncodedForms(secrets.filter((s) => s.length >= 6)).filter(
    (s) => !knownSecrets.includes(s),
  );
  if (fresh.length === 0) return;
  const learned = [...knownSecrets.slice(configuredCount), ...fresh].slice(-LEARNED_LIMIT);
  knownSecrets = [...knownSecrets.slice(0, configuredCount), ...learned];
}

/** Whether `text` holds one of Codecot's own secrets (configured or learned), in any registered form. */
export function holdsOwnSecret(text: string): boolean {
  return knownSecrets.some((secret) => text.includes(secret));
}

/** Redacts every string inside a JSON-like value; used for structured log objects. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value instanceof Error) return redactError(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, depth + 1);
  return out;
}

function redactError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: redact(error.message) };
  if (error.stack) out.stack = redact(error.stack);
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.cause !== undefined) out.cause = redactDeep(error.cause, 1);
  return out;
}
