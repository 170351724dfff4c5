import { setTimeout as delay } from 'node:timers/promises';
import type { ChatEvent, InboundResult } from '../../src/domain/chat-events.ts';
import type { Logger } from '../../src/logger.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';

/**
 * Runs inbound work one task at a time, in gateway order, so an edit never reaches the sink before the
 * message it edits. A failing task is logged and the queue moves on: nothing escapes to the process.
 */
export class SerialQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get pending(): number {
    return this.#pending;
  }

  push(label: string, task: () => Promise<void>): void {
    this.#pending += 1;
    this.#tail = this.#tail
      .then(task)
      .catch((error: unknown) =>
        this.#logger.error({ err: error, task: label }, 'discord inbound task failed'),
      )
      .finally(() => {
        this.#pending -= 1;
      });
  }

  /** Resolves once everything queued so far has run, or after `timeoutMs`, whichever comes first. */
  async drain(timeoutMs: number): Promise<void> {
    const timeout = delay(timeoutMs, undefined, { ref: false });
    await Promise.race([this.#tail, timeout]);
  }
}

/**
 * Hands an event to the sink. The sink stores everything in one transaction, so a failed attempt left
 * nothing behind and trying again is safe; a command is tried once, because answering it is not
 * (its delivery id is recorded before the command runs).
 */
export async function deliver(
  sink: InboundSink,
  event: ChatEvent,
  logger: Logger,
  attempts = event.type === 'command' ? 1 : 3,
): Promise<InboundResult | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sink(event);
    } catch (error) {
      if (attempt >= attempts) {
        logger.error({ err: error, eventId: event.eventId }, 'discord event could not be handed to the core');
        return undefined;
      }
      await delay(attempt * 250);
    }
  }
}
