import type { IncomingMessage, ServerResponse } from 'node:http';
import { type App, type Receiver, verifySlackRequest } from '@slack/bolt';
import { isCodecotError } from '../../src/errors.ts';
import type { RouteHandler } from '../../src/http/server.ts';
import type { Logger } from '../../src/logger.ts';
import { classifyBody } from './classify-body.ts';
import { dispatchHoldingAck } from './dispatch.ts';
import { parseSlackBody, readRawBody, singleHeader } from './http-body.ts';

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** False until the adapter has started (and after it stopped): Slack is asked to retry later. */
  isReady(): boolean;
  now?: () => number;
}

/** Slack's replay window: a request signed longer ago than this is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Bolt's receiver for the one HTTP server: `handler` serves `POST /slack/events` (events, slash
 * commands, interactivity). Order matters: the signature is checked before the body is even parsed
 * (401, nothing stored), a body that is not a Slack payload gets 400, and the response is sent only
 * after the listeners (the sink: persist + enqueue) finished.
 */
export class SlackHttpReceiver implements Receiver {
  readonly handler: RouteHandler;
  #app: App | undefined;
  readonly #options: HttpReceiverOptions;

  constructor(options: HttpReceiverOptions) {
    this.#options = options;
    this.handler = (req, res) => this.#handle(req, res);
  }

  init(app: App): void {
    this.#app = app;
  }

  // The core's HTTP server owns the port; there is nothing to open or close here.
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.#options;
    const read = await readRawBody(req);
    if (!read.ok) {
      // The rest of the body is never read, so this connection cannot carry another request.
      res.setHeader('connection', 'close');
      return reject(res, read.status, logger, 'request body too large');
    }
    const contentType = singleHeader(req, 'content-type');
    if (isSslCheck(read.raw, contentType)) return respond(res, 200, '');
    const forged = this.#signatureProblem(req, read.raw);
    if (forged) return reject(res, 401, logger, `signature check failed: ${forged}`);
    const parsed = parseSlackBody(read.raw, contentType);
    if (!parsed.ok) return reject(res, 400, logger, `malformed body: ${parsed.reason}`);
    const kind = classifyBody(parsed.body);
    switch (kind.kind) {
      case 'malformed':
        return reject(res, 400, logger, `malformed body: ${kind.reason}`);
      case 'ssl_check':
        return respond(res, 200, '');
      case 'url_verification':
        return respond(res, 200, { challenge: kind.challenge });
      case 'app_rate_limited':
        logger.warn('slack reports the app is rate limited on events; some events were not delivered');
        return respond(res, 200, '');
      case 'interaction':
        logger.debug(
          { type: kind.type },
          'slack interaction acknowledged; Codecot has no interactive elements',
        );
        return respond(res, 200, '');
      case 'dispatch':
        return this.#dispatch(req, res, parsed.body);
    }
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const app = this.#app;
    if (!app || !this.#options.isReady())
      return reject(res, 503, this.#options.logger, 'adapter not started');
    const retryNum = Number.parseInt(singleHeader(req, 'x-slack-retry-num') ?? '', 10);
    try {
      const ack = await dispatchHoldingAck(app, {
        body,
        retryNum: Number.isNaN(retryNum) ? undefined : retryNum,
        retryReason: singleHeader(req, 'x-slack-retry-reason'),
      });
      respond(res, 200, ack.response ?? '');
    } catch (error) {
      if (isCodecotError(error, 'bad_input')) return reject(res, 400, this.#options.logger, error.message);
      // Not acknowledged, so Slack delivers it again; the redelivery is deduplicated by event id.
      this.#options.logger.error({ err: error }, 'slack delivery failed; answering 500 so Slack retries');
      respond(res, 500, '');
    }
  }

  #signatureProblem(req: IncomingMessage, raw: string): string | undefined {
    const signature = singleHeader(req, 'x-slack-signature');
    const timestamp = singleHeader(req, 'x-slack-request-timestamp');
    if (!signature || !timestamp) return 'missing X-Slack-Signature or X-Slack-Request-Timestamp';
    const seconds = Number(timestamp);
    const nowSeconds = (this.#options.now?.() ?? Date.now()) / 1000;
    if (!Number.isInteger(seconds)) return 'timestamp is not a number';
    if (Math.abs(nowSeconds - seconds) > MAX_CLOCK_SKEW_SECONDS)
      return 'timestamp more than 5 minutes off (stale or replayed)';
    try {
      verifySlackRequest({
        signingSecret: this.#options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': seconds },
      });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}

/** Slack's certificate check carries no payload and needs no signature (as in Bolt's receiver). */
function isSslCheck(raw: string, contentType: string | undefined): boolean {
  return (
    (contentType ?? '').startsWith('application/x-www-form-urlencoded') &&
    new URLSearchParams(raw).get('ssl_check') === '1'
  );
}

function reject(res: ServerResponse, status: number, logger: Logger, reason: string): void {
  logger.warn({ status, reason }, 'slack request refused');
  respond(res, status, '');
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}
