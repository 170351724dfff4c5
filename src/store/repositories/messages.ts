import { type Kysely, sql } from 'kysely';
import { type ChatMessage, channelKey, messageKey, threadKey } from '../../domain/chat.ts';
import type { Database, MessageRow } from '../tables.ts';

export interface StoredMessage {
  id: string;
  channelId: string;
  threadId: string;
  authorId: string;
  authorName: string;
  trusted: boolean;
  untrustedReason: string | null;
  isBot: boolean;
  text: string;
  sentAt: Date;
  editedAt: Date | null;
  deleted: boolean;
}

export function toStoredMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    authorId: row.author_id,
    authorName: row.author_name,
    trusted: row.trust === 'trusted',
    untrustedReason: row.untrusted_reason,
    isBot: row.is_bot,
    text: row.text,
    sentAt: row.sent_at,
    editedAt: row.edited_at,
    deleted: row.deleted_at !== null,
  };
}

const messageRow = (message: ChatMessage) => ({
  id: messageKey(message.ref),
  channel_id: channelKey(message.ref.channel),
  thread_id: threadKey(message.ref),
  platform_message_id: message.ref.messageId,
  author_id: message.author.id,
  author_name: message.author.name,
  trust: message.author.trust,
  untrusted_reason: message.author.untrustedReason ?? null,
  is_bot: message.author.isBot,
  mentions_bot: message.mentionsBot,
  text: message.text,
  sent_at: message.at,
});

/** Stores a message once; a redelivered message (same canonical id) changes nothing. Returns whether it was new. */
export async function saveMessage(db: Kysely<Database>, message: ChatMessage): Promise<boolean> {
  const result = await db
    .insertInto('messages')
    .values(messageRow(message))
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** saveMessage for many messages in one statement; the same message twice (a mention and its message) once. */
export async function saveMessages(db: Kysely<Database>, messages: readonly ChatMessage[]): Promise<void> {
  const rows = new Map(messages.map((message) => [messageKey(message.ref), messageRow(message)]));
  if (rows.size === 0) return;
  await db
    .insertInto('messages')
    .values([...rows.values()])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function editMessage(
  db: Kysely<Database>,
  id: string,
  text: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ text, edited_at: at })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a message deleted and blanks its text: a deleted message must not feed a later prompt. */
export async function deleteMessage(db: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ deleted_at: at, text: '' })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function threadMessages(
  db: Kysely<Database>,
  threadId: string,
  limit = 200,
): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('thread_id', '=', threadId)
    .where('deleted_at', 'is', null)
    .orderBy('sent_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toStoredMessage);
}

export async function findMessage(db: Kysely<Database>, id: string): Promise<StoredMessage | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStoredMessage(row) : undefined;
}

/** Up to `limit` top-level channel messages sent before `before`, oldest first. */
export async function channelMessagesBefore(
  db: Kysely<Database>,
  channelId: string,
  before: Date,
  limit: number,
): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('sent_at', '<', before)
    .where('deleted_at', 'is', null)
    .whereRef('thread_id', '=', sql<string>`channel_id || ':' || platform_message_id`)
    .orderBy('sent_at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(toStoredMessage);
}

export async function messagesByIds(db: Kysely<Database>, ids: readonly string[]): Promise<StoredMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('sent_at')
    .execute();
  return rows.map(toStoredMessage);
}
