import type { Kysely } from 'kysely';
import { messageKey } from '../domain/chat.ts';
import type { ChatEvent, InboundResult } from '../domain/chat-events.ts';
import { encodeEvent } from '../domain/event-codec.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { InboundSink } from '../ports/chat-platform.ts';
import { ensureChannel } from '../store/repositories/channels.ts';
import { recordInboundEvent } from '../store/repositories/inbound-events.ts';
import { deleteMessage, editMessage, saveMessage } from '../store/repositories/messages.ts';
import type { Database } from '../store/tables.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** Slash commands are answered right away (they only read or change channel settings). */
  handleCommand(event: Extract<ChatEvent, { type: 'command' }>): Promise<string>;
}

/**
 * The inbound path every adapter calls before it acknowledges: drop redeliveries, persist, and
 * enqueue follow-up work, all in one transaction, so an acknowledged event is never lost and a
 * redelivered one never does anything twice. Heavy work happens in the job.
 */
export function createInboundSink(deps: IngestDeps): InboundSink {
  return async (event) => {
    if (event.type === 'command') return commandReply(deps, event);
    const fresh = await deps.db.transaction().execute(async (trx) => {
      if (!(await recordInboundEvent(trx, event.eventId, event.type))) return false;
      await persist(trx, event);
      if (needsJob(event)) {
        await deps.queue.enqueue(
          QUEUES.chatEvent,
          { event: encodeEvent(event) },
          { key: event.eventId, trx },
        );
      }
      return true;
    });
    if (!fresh) deps.logger.debug({ eventId: event.eventId }, 'duplicate delivery dropped');
    return {};
  };
}

async function commandReply(
  deps: IngestDeps,
  event: Extract<ChatEvent, { type: 'command' }>,
): Promise<InboundResult> {
  if (!(await recordInboundEvent(deps.db, event.eventId, event.type))) return {};
  return { reply: await deps.handleCommand(event) };
}

async function persist(trx: Kysely<Database>, event: ChatEvent): Promise<void> {
  switch (event.type) {
    case 'message':
    case 'mention':
      await ensureChannel(trx, event.message.ref.channel);
      await saveMessage(trx, event.message);
      return;
    case 'message_edited':
      await editMessage(trx, messageKey(event.ref), event.text, event.at);
      return;
    case 'message_deleted':
      await deleteMessage(trx, messageKey(event.ref), event.at);
      return;
    case 'bot_joined':
      await ensureChannel(trx, event.channel);
      return;
    case 'reaction_added':
    case 'reaction_removed':
      await ensureChannel(trx, event.target.channel);
      return;
    case 'command':
      return;
  }
}

/** Plain channel messages are only stored (passive listening reads them in batches later). */
function needsJob(event: ChatEvent): boolean {
  return event.type !== 'message' && event.type !== 'message_edited' && event.type !== 'message_deleted';
}
