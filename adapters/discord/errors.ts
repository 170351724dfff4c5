import { DiscordAPIError, HTTPError } from 'discord.js';
import { CodecotError } from '../../src/errors.ts';
import { redact } from '../../src/redact.ts';

/** Discord's JSON error codes the adapter reacts to. */
export const DISCORD_CODES = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  unknownInteraction: 10062,
  alreadyAcknowledged: 40060,
  threadAlreadyExists: 160004,
} as const;

export const discordCode = (error: unknown): number | string | undefined =>
  error instanceof DiscordAPIError ? error.code : undefined;

export const httpStatus = (error: unknown): number | undefined =>
  error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;

/**
 * Wraps whatever discord.js threw in the one error type Codecot throws, with a redacted message: a 4xx
 * (bad request, missing permission, unknown message) will fail again; 5xx, 429 and network errors may not.
 * Request URLs are left out because interaction webhooks carry their token in the path.
 */
export function platformError(action: string, error: unknown, secrets: readonly string[] = []): CodecotError {
  const status = httpStatus(error);
  const code = discordCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const where = status === undefined ? '' : ` (HTTP ${status}${code === undefined ? '' : `, code ${code}`})`;
  return new CodecotError(
    'platform_error',
    redactAll(`Discord ${action} failed${where}: ${detail}`, secrets),
    {
      platform: 'discord',
      cause: error,
      retryable: status === undefined || status === 429 || status >= 500,
    },
  );
}

/** The shared redaction plus secrets only this adapter knows (its token), which may not match a pattern. */
export function redactAll(text: string, secrets: readonly string[]): string {
  return redact(redact(text), secrets);
}
