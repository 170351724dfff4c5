import type { Kysely } from 'kysely';
import { type MessageRef, messageKey, threadKey } from '../domain/chat.ts';
import {
  channelMessagesBefore,
  findMessage,
  type StoredMessage,
  threadMessages,
} from '../store/repositories/messages.ts';
import type { Database } from '../store/tables.ts';

/**
 * The discussion a request belongs to: its whole thread when it is in one (or starts one), otherwise
 * the channel messages just before it. Bounded, oldest first, deleted messages excluded.
 */
export async function conversationAround(
  db: Kysely<Database>,
  ref: MessageRef,
  limit = 40,
): Promise<StoredMessage[]> {
  const thread = await threadMessages(db, threadKey(ref), limit);
  if (thread.length > 1) return thread;
  const anchor = await findMessage(db, messageKey(ref));
  if (!anchor) return thread;
  const before = await channelMessagesBefore(db, anchor.channelId, anchor.sentAt, 15);
  return [...before, anchor];
}
