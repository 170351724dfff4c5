import type { App } from '@slack/bolt';

export interface Delivery {
  body: Record<string, unknown>;
  retryNum?: number | undefined;
  retryReason?: string | undefined;
}

export interface Acknowledgement {
  /** Whether a listener (or Bolt, for events) called ack(). */
  acked: boolean;
  /** What ack() was called with: a command's reply, or nothing. */
  response: unknown;
}

/**
 * Runs one delivery through Bolt with the ack held back: Bolt acks Events API deliveries before the
 * listeners run, but Codecot answers Slack only after the sink has stored and enqueued the event,
 * so an acknowledged event is never lost. Rejects when a listener failed (Slack should redeliver).
 */
export async function dispatchHoldingAck(app: App, delivery: Delivery): Promise<Acknowledgement> {
  const held: Acknowledgement = { acked: false, response: undefined };
  await app.processEvent({
    body: delivery.body,
    ack: async (response?: unknown) => {
      held.acked = true;
      held.response = response;
    },
    ...(delivery.retryNum !== undefined ? { retryNum: delivery.retryNum } : {}),
    ...(delivery.retryReason !== undefined ? { retryReason: delivery.retryReason } : {}),
  });
  return held;
}
