import type { Kysely } from 'kysely';
import { channelKey, messageKey, threadKey } from '../domain/chat.ts';
import type { ChatEvent, InboundResult } from '../domain/chat-events.ts';
import { encodeEvent } from '../domain/event-codec.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { InboundSink } from '../ports/chat-platform.ts';
import { ensureChannel } from '../store/repositories/channels.ts';
import { recordInboundEvent } from '../store/repositories/inbound-events.ts';
import { deleteMessage, editMessage, saveMessage } from '../store/repositories/messages.ts';
import { findSpecByThread } from '../store/repositories/specs.ts';
import type { Database } from '../store/tables.ts';
import { type ListenSettings, scheduleListening } from './listen-passively.ts';

export interface IngestDeps {
  db: Kysely<Database>;
  queue: JobQueue;
  logger: Logger;
  /** Slash commands are answered right away (they only read or change channel settings). */
  handleCommand(event: Extract<ChatEvent, { type: 'command' }>, db: Kysely<Database>): Promise<string>;
  /** Passive listening settings; undefined when no model is configured (nothing to listen with). */
  listening: ListenSettings | undefined;
}

/**
 * The inbound path every adapter calls before it acknowledges: drop redeliveries, persist, and
 * enqueue follow-up work, all in one transaction, so an acknowledged event is never lost and a
 * redelivered one never does anything twice. Heavy work happens in the jobs.
 */
export function createInboundSink(deps: IngestDeps): InboundSink {
  return async (event) => {
    if (event.type === 'command') return commandReply(deps, event);
    const fresh = await deps.db.transaction().execute(async (trx) => {
      if (!(await recordInboundEvent(trx, event.eventId, event.type))) return false;
      if (await persist(trx, deps, event)) {
        await deps.queue.enqueue(
          QUEUES.chatEvent,
          { event: encodeEvent(event) },
          { key: event.eventId, trx, ...orderGroup(event) },
        );
      }
      return true;
    });
    if (!fresh) deps.logger.debug({ eventId: event.eventId }, 'duplicate delivery dropped');
    return fresh ? {} : { duplicate: true };
  };
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

/** Stores the event; returns whether a job must act on it. */
async function persist(trx: Kysely<Database>, deps: IngestDeps, event: ChatEvent): Promise<boolean> {
  switch (event.type) {
    case 'mention':
      await ensureChannel(trx, event.message.ref.channel);
      await saveMessage(trx, event.message);
      return true;
    case 'message': {
      const channel = await ensureChannel(trx, event.message.ref.channel);
      await saveMessage(trx, event.message);
      if (event.message.author.isBot) return false;
      if (channel.passiveListening && deps.listening) {
        await scheduleListening(trx, deps.queue, deps.listening, channelKey(channel.ref));
      }
      // A reply in a spec's thread revises the spec.
      return (
        event.message.ref.threadId !== undefined &&
        (await findSpecByThread(trx, threadKey(event.message.ref))) !== undefined
      );
    }
    case 'message_edited':
      await editMessage(trx, messageKey(event.ref), event.text, event.at);
      return false;
    case 'message_deleted':
      await deleteMessage(trx, messageKey(event.ref), event.at);
      return false;
    case 'bot_joined':
      await ensureChannel(trx, event.channel);
      return true;
    case 'reaction_added':
    case 'reaction_removed':
      await ensureChannel(trx, event.target.channel);
      return true;
    case 'command':
      return false;
  }
}

/**
 * Reactions on one message are handled one at a time, in arrival order (a removed approval must be
 * counted before a later approval is), while different messages still run in parallel.
 */
function orderGroup(event: ChatEvent): { group?: string } {
  return event.type === 'reaction_added' || event.type === 'reaction_removed'
    ? { group: `reactions:${messageKey(event.target)}` }
    : {};
}
