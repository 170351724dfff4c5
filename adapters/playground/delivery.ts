import type { ChatEvent, InboundResult } from '../../src/domain/chat-events.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';
import { Refusal } from './http-io.ts';
import type { RoomMessage } from './room.ts';

/** What a request produced: its event, and the message or command reply the page was given. */
export interface Delivered {
  event: ChatEvent;
  message?: RoomMessage;
  reply?: string;
}

const REMEMBERED = 2_000;

/**
 * Hands events to the core and remembers recent requests by client id: a page retrying after a failed
 * request gets its event delivered again, with the same delivery id (the core drops a duplicate), and
 * nothing is posted twice. The oldest requests are forgotten first.
 */
export class Deliveries {
  sink: InboundSink | undefined;
  private readonly done = new Map<string, Delivered>();

  /** A request seen before: its event is delivered again (the first delivery may have failed). */
  async again(key: string): Promise<Delivered | undefined> {
    const earlier = this.done.get(key);
    if (earlier) await this.send(earlier.event);
    return earlier;
  }

  /** Remembered first, so a delivery that fails can be retried by the page. */
  async deliver(key: string, entry: Delivered): Promise<InboundResult> {
    this.remember(key, entry);
    return this.send(entry.event);
  }

  seen(key: string): Delivered | undefined {
    return this.done.get(key);
  }

  remember(key: string, entry: Delivered): void {
    this.done.set(key, entry);
    if (this.done.size > REMEMBERED) this.done.delete(this.done.keys().next().value as string);
  }

  async send(event: ChatEvent): Promise<InboundResult> {
    if (!this.sink) throw new Refusal(503, 'Codecot is not listening yet; try again in a moment');
    return this.sink(event);
  }
}
