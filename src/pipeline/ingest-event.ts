import type { Kysely } from 'kysely';
import type { ChatEvent, InboundResult } from '../domain/chat-events.ts';
import { encodeEvent } from '../domain/event-codec.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { InboundSink } from '../ports/chat-platform.ts';
import { recordInboundEvent } from '../store/repositories/inbound-events.ts';
import type { Database } from '../store/tables.ts';
import { createAcceptor } from './accept-events.ts';
import { type InboxDrainer, startInboxDrainer } from './drain-inbox.ts';
import type { ListenSettings } from './listen-passively.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  /** Where events are accepted before the ack (Store.ackDb); `db` when not given. */
  ackDb?: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** Slash commands are answered right away (they only read or change channel settings). */
  handleCommand(event: Extract<ChatEvent, { type: 'command' }>, db: Kysely<Database>): Promise<string>;
  /** Passive listening settings; undefined when no model is configured (nothing to listen with). */
  listening: ListenSettings | undefined;
}

/** The sink, and the drainer that stores what it accepted; stop the drainer before the database. */
export type IngestSink = InboundSink & { readonly drainer: InboxDrainer };

/**
 * The inbound path every adapter calls before it acknowledges. One statement drops a redelivery or
 * accepts the event into the inbox (with the others that arrived meanwhile, see createAcceptor), so an acknowledged event is never lost and a redelivered one never
 * does anything twice; the drainer then stores it and enqueues its jobs, in batches, in arrival order.
 * Slash commands are answered in their own transaction, since their reply is the acknowledgement.
 */
export function createInboundSink(deps: IngestDeps): IngestSink {
  const drainer = startInboxDrainer(deps);
  const accept = createAcceptor(deps.ackDb ?? deps.db, deps.logger);
  const sink: InboundSink = async (event) => {
    if (event.type === 'command') return commandReply(deps, event);
    const fresh = await accept({ id: event.eventId, kind: event.type, json: JSON.stringify(event) });
    if (!fresh) {
      deps.logger.debug({ eventId: event.eventId }, 'duplicate delivery dropped');
      return { duplicate: true };
    }
    // After the ack is on its way: the drain must not hold up the answer to the platform.
    setImmediate(drainer.kick);
    return {};
  };
  return Object.assign(sink, { drainer });
}

async function commandReply(
  deps: IngestDeps,
  event: Extract<ChatEvent, { type: 'command' }>,
): Promise<InboundResult> {
  // Recorded together with the command's effect: a command that failed can be retried by the platform.
  return deps.db.transaction().execute(async (trx) => {
    if (!(await recordInboundEvent(trx, event.eventId, event.type))) return { duplicate: true };
    const reply = await deps.handleCommand(event, trx);
    if (event.subcommand === 'spec' && event.args.trim() && event.user.trust === 'trusted') {
      await deps.queue.enqueue(QUEUES.chatEvent, { event: encodeEvent(event) }, { key: event.eventId, trx });
    }
    return { reply };
  });
}
