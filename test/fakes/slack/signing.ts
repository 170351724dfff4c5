import { createHmac } from 'node:crypto';

export interface SignSlackRequestInput {
  /** The exact raw body that will be sent; the signature covers these bytes. */
  body: string;
  signingSecret: string;
  /** Unix seconds; defaults to now. Pass an old value to test replay protection. */
  timestamp?: number;
}

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest({
  body,
  signingSecret,
  timestamp,
}: SignSlackRequestInput): SlackSignatureHeaders {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const digest = createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': ts };
}
