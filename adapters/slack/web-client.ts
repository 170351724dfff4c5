import { webApi } from '@slack/bolt';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { redact } from '../../src/redact.ts';
import { boltLogger } from './bolt-logger.ts';

export type WebClient = webApi.WebClient;

export interface WebClientOptions {
  botToken: string;
  /** The Web API base, `https://slack.com/api/` unless SLACK_API_URL points elsewhere. */
  apiUrl?: string | undefined;
  logger: Logger;
}

/**
 * For everything the bot says and does. A 429 is waited out (Retry-After) and the same call is
 * retried, so a message posted while rate limited is delayed, never dropped.
 */
export function createOutboundClient(options: WebClientOptions): WebClient {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: boltLogger(options.logger),
    rejectRateLimitedCalls: false,
  });
  client.on(webApi.WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, details: { url?: string }) => {
    options.logger.warn(
      { retryAfterSeconds, method: details.url?.split('/').pop() },
      'slack rate limited a call; retrying after the delay',
    );
  });
  return client;
}

/**
 * For `users.info` inside Slack's 3-second ack window: no retries, a short timeout, and a 429 fails
 * at once. The caller then labels the author untrusted instead of missing the deadline.
 */
export function createLookupClient(options: WebClientOptions): WebClient {
  return new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: boltLogger(options.logger),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 2_000,
  });
}

const RETRYABLE_SLACK_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
]);

/** A WebClient failure as a CodecotError: the Slack error code in the message, never a token. */
export function slackError(operation: string, error: unknown): CodecotError {
  const code = slackErrorCode(error);
  const retryable =
    !(error instanceof webApi.WebAPIPlatformError) || RETRYABLE_SLACK_ERRORS.has(error.data.error);
  return new CodecotError('platform_error', redact(`Slack ${operation} failed: ${code}`), {
    cause: error,
    retryable,
    platform: 'slack',
  });
}

export function slackErrorCode(error: unknown): string {
  if (error instanceof webApi.WebAPIPlatformError) return error.data.error;
  if (error instanceof Error)
    return 'code' in error ? `${String(error.code)}: ${error.message}` : error.message;
  return String(error);
}
