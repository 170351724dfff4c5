import { signSlackRequest } from './signing.ts';

// What Slack's servers send as their user agent on Events API / interactivity requests.
const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

export interface SendToAppOptions {
  signingSecret: string;
  /** Unix seconds for X-Slack-Request-Timestamp (signed with it); defaults to now. */
  timestamp?: number;
  /** Replaces the computed X-Slack-Signature, for forgery tests. */
  signature?: string;
  /** Sets X-Slack-Retry-Num, as Slack does when redelivering an event. */
  retryNum?: number;
  /** Sets X-Slack-Retry-Reason, e.g. `http_timeout` or `http_error`. */
  retryReason?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface AppResponse {
  status: number;
  /** Parsed JSON when the response is JSON, otherwise the raw text ('' for an empty body). */
  body: unknown;
  text: string;
  headers: Headers;
}

/** POST a raw body to our inbound endpoint exactly as Slack would: signed, with Slack's headers. */
export async function postSignedToApp(
  url: string,
  rawBody: string,
  defaultContentType: string,
  options: SendToAppOptions,
): Promise<AppResponse> {
  const signed = signSlackRequest({
    body: rawBody,
    signingSecret: options.signingSecret,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? defaultContentType,
    'User-Agent': SLACK_USER_AGENT,
    ...signed,
    ...(options.signature !== undefined ? { 'X-Slack-Signature': options.signature } : {}),
    ...(options.retryNum !== undefined ? { 'X-Slack-Retry-Num': String(options.retryNum) } : {}),
    ...(options.retryReason !== undefined ? { 'X-Slack-Retry-Reason': options.retryReason } : {}),
    ...options.headers,
  };
  const response = await fetch(url, { method: 'POST', headers, body: rawBody });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, text, headers: response.headers };
}

/** Events API delivery (event_callback, url_verification, ...): a JSON body. A string is sent as is. */
export function sendSlackEvent(
  url: string,
  payload: unknown,
  options: SendToAppOptions,
): Promise<AppResponse> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return postSignedToApp(url, raw, 'application/json', options);
}

/** Slash commands arrive form-encoded, one field per property (see `slashCommand()` for the fields). */
export function sendSlashCommand(
  url: string,
  fields: Record<string, string>,
  options: SendToAppOptions,
): Promise<AppResponse> {
  return postSignedToApp(
    url,
    new URLSearchParams(fields).toString(),
    'application/x-www-form-urlencoded',
    options,
  );
}

/** Interactivity (block_actions, view_submission, shortcuts) arrives as a form field `payload=<json>`. */
export function sendInteraction(
  url: string,
  payload: unknown,
  options: SendToAppOptions,
): Promise<AppResponse> {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSignedToApp(url, raw, 'application/x-www-form-urlencoded', options);
}
