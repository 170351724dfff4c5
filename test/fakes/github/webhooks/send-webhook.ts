import { createHmac, randomUUID } from 'node:crypto';

/** `X-Hub-Signature-256` exactly as GitHub computes it: HMAC-SHA256 of the raw body, hex, `sha256=` prefix. */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** The legacy SHA-1 `X-Hub-Signature` GitHub still sends alongside. */
export function signWebhookSha1(body: string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body, 'utf8').digest('hex')}`;
}

export interface SendWebhookOptions {
  secret: string;
  deliveryId?: string;
  /** Replaces the computed `X-Hub-Signature-256` (forgery tests). */
  signature?: string;
  /** Sent as-is instead of `JSON.stringify(payload)` (e.g. to tamper after signing). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface WebhookResponse {
  status: number;
  body: string;
  deliveryId: string;
}

/** POSTs a webhook delivery the way GitHub's hookshot does. `event` is the X-GitHub-Event name, e.g. `check_suite`. */
export async function sendWebhook(
  url: string,
  event: string,
  payload: unknown,
  options: SendWebhookOptions,
): Promise<WebhookResponse> {
  const body = JSON.stringify(payload);
  const deliveryId = options.deliveryId ?? randomUUID();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': '1',
      'x-hub-signature': signWebhookSha1(body, options.secret),
      'x-hub-signature-256': options.signature ?? signWebhook(body, options.secret),
      ...options.headers,
    },
    body: options.rawBody ?? body,
  });
  return { status: response.status, body: await response.text(), deliveryId };
}
