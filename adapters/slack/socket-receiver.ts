import { type App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { isCodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { classifyBody } from './classify-body.ts';
import { dispatchHoldingAck } from './dispatch.ts';

export interface SocketReceiverOptions {
  appToken: string;
  apiUrl?: string | undefined;
  logger: Logger;
}

/** What the Socket Mode client hands its `slack_event` listeners (from @slack/socket-mode). */
interface SocketEnvelope {
  ack(response?: Record<string, unknown>): Promise<void>;
  envelope_id: string;
  type: string;
  body: unknown;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode through Bolt's own receiver and client, with one change: an envelope is acked only
 * after the listeners (the sink: persist + enqueue) finished, as over HTTP. Bolt's receiver acks
 * Events API envelopes before its listeners run, so its `slack_event` listener is replaced.
 */
export class SlackSocketReceiver implements Receiver {
  readonly #inner: SocketModeReceiver;
  readonly #logger: Logger;
  #app: App | undefined;

  constructor(options: SocketReceiverOptions) {
    this.#logger = options.logger;
    this.#inner = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLogger(options.logger),
      ...(options.apiUrl ? { installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } } } : {}),
    });
    this.#inner.client.removeAllListeners('slack_event');
    this.#inner.client.on('slack_event', (envelope: SocketEnvelope) => {
      // An EventEmitter ignores a listener's promise: every failure is handled inside.
      void this.#onEnvelope(envelope);
    });
  }

  init(app: App): void {
    this.#app = app;
    this.#inner.init(app);
  }

  /** Opens the WebSocket (apps.connections.open with the app token); resolves once connected. */
  async start(): Promise<void> {
    await this.#inner.start();
  }

  /** Closes the WebSocket and waits until the client reports it disconnected. */
  async stop(): Promise<void> {
    await this.#inner.client.disconnect();
  }

  async #onEnvelope(envelope: SocketEnvelope): Promise<void> {
    const body = envelope.body;
    const kind =
      body !== null && typeof body === 'object' && !Array.isArray(body)
        ? classifyBody(body as Record<string, unknown>)
        : ({ kind: 'malformed', reason: 'envelope payload is not an object' } as const);
    if (kind.kind !== 'dispatch') {
      if (kind.kind === 'malformed')
        this.#logger.warn({ reason: kind.reason }, 'malformed slack envelope skipped');
      // Nothing to store; ack so Slack does not redeliver something that can never be processed.
      await this.#ack(envelope);
      return;
    }
    if (!this.#app) return;
    try {
      const held = await dispatchHoldingAck(this.#app, {
        body: body as Record<string, unknown>,
        retryNum: envelope.retry_num,
        retryReason: envelope.retry_reason,
      });
      await this.#ack(envelope, held.response);
    } catch (error) {
      if (isCodecotError(error, 'bad_input')) {
        this.#logger.warn({ reason: error.message }, 'malformed slack envelope skipped');
        await this.#ack(envelope);
        return;
      }
      // Left unacknowledged: Slack redelivers the envelope, deduplicated by its event id.
      this.#logger.error(
        { err: error, envelopeId: envelope.envelope_id },
        'slack envelope failed; not acked',
      );
    }
  }

  async #ack(envelope: SocketEnvelope, response?: unknown): Promise<void> {
    const payload = ackPayload(response);
    try {
      await envelope.ack(payload);
    } catch (error) {
      this.#logger.warn({ err: error, envelopeId: envelope.envelope_id }, 'could not ack slack envelope');
    }
  }
}

/** A command's reply travels as the ack payload; an event's ack carries nothing. */
function ackPayload(response: unknown): Record<string, unknown> | undefined {
  if (typeof response === 'string') return response === '' ? undefined : { text: response };
  if (response !== null && typeof response === 'object') return response as Record<string, unknown>;
  return undefined;
}
