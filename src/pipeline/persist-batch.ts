import type { Kysely } from 'kysely';
import { type ChannelRef, channelKey, messageKey, threadKey } from '../domain/chat.ts';
import type { ChatEvent } from '../domain/chat-events.ts';
import { encodeEvent } from '../domain/event-codec.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { QUEUES } from '../jobs/queues.ts';
import { ensureChannels } from '../store/repositories/channels.ts';
import { deleteMessage, editMessage, saveMessages } from '../store/repositories/messages.ts';
import { threadsWithSpecs } from '../store/repositories/specs.ts';
import type { Database } from '../store/tables.ts';
import { type ListenSettings, scheduleListening } from './listen-passively.ts';

export interface PersistDeps {
  queue: JobQueue;
  /** Passive listening settings; undefined when no model is configured (nothing to listen with). */
  listening: ListenSettings | undefined;
}

type Drained = Exclude<ChatEvent, { type: 'command' }>;

/**
 * Stores a batch of accepted events (in arrival order) and enqueues the jobs they need, set by set: the
 * channels, the messages, the spec lookups of thread replies and the jobs each take one statement per
 * batch, however many events it holds; a watched channel schedules one read per batch.
 */
export async function persistBatch(
  trx: Kysely<Database>,
  deps: PersistDeps,
  events: readonly Drained[],
): Promise<void> {
  const channels = await ensureChannels(trx, events.flatMap(channelOf));
  await saveMessages(
    trx,
    events.flatMap((e) => (e.type === 'message' || e.type === 'mention' ? [e.message] : [])),
  );
  const replies = events.flatMap((e) =>
    e.type === 'message' && !e.message.author.isBot && e.message.ref.threadId !== undefined
      ? [threadKey(e.message.ref)]
      : [],
  );
  const specThreads = await threadsWithSpecs(trx, replies);
  const watched = new Set<string>();
  const jobs: { payload: { event: Record<string, unknown> }; key: string; group?: string }[] = [];
  const job = (event: Drained, group?: string) =>
    jobs.push({ payload: { event: encodeEvent(event) }, key: event.eventId, ...(group ? { group } : {}) });
  for (const event of events) {
    switch (event.type) {
      case 'mention':
        job(event);
        break;
      case 'message': {
        if (event.message.author.isBot) break;
        const key = channelKey(event.message.ref.channel);
        if (deps.listening && channels.get(key)?.passiveListening) watched.add(key);
        // A reply in a spec's thread revises the spec.
        if (event.message.ref.threadId !== undefined && specThreads.has(threadKey(event.message.ref)))
          job(event);
        break;
      }
      case 'message_edited':
        await editMessage(trx, messageKey(event.ref), event.text, event.at);
        break;
      case 'message_deleted':
        await deleteMessage(trx, messageKey(event.ref), event.at);
        break;
      case 'bot_joined':
        job(event);
        break;
      case 'reaction_added':
      case 'reaction_removed':
        // Reactions on one message are handled one at a time, in arrival order (a removed approval
        // must be counted before a later approval is); the drainer never puts two in one batch.
        job(event, reactionGroup(event));
        break;
    }
  }
  for (const channel of watched)
    if (deps.listening) await scheduleListening(trx, deps.queue, deps.listening, channel);
  await deps.queue.enqueueMany(QUEUES.chatEvent, jobs, trx);
}

/** The order group of an event's job, if it has one. */
export function reactionGroup(event: ChatEvent): string | undefined {
  return event.type === 'reaction_added' || event.type === 'reaction_removed'
    ? `reactions:${messageKey(event.target)}`
    : undefined;
}

/** The channel an event makes known (edits and deletions only touch messages already stored). */
function channelOf(event: Drained): ChannelRef[] {
  switch (event.type) {
    case 'message':
    case 'mention':
      return [event.message.ref.channel];
    case 'bot_joined':
      return [event.channel];
    case 'reaction_added':
    case 'reaction_removed':
      return [event.target.channel];
    default:
      return [];
  }
}
