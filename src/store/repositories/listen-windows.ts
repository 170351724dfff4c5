import { type Kysely, sql } from 'kysely';
import type { Database, ListenWindowRow } from '../tables.ts';
import { type StoredMessage, toStoredMessage } from './messages.ts';

/**
 * Notes that a watched channel heard a message; the window remembers when the burst last moved.
 * Returns the window as it now stands (one round trip on the ingest path).
 */
export async function touchWindow(
  db: Kysely<Database>,
  channelId: string,
  at: Date,
): Promise<ListenWindowRow> {
  return db
    .insertInto('listen_windows')
    .values({ channel_id: channelId, last_message_at: at, summarized_until: null, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('channel_id').doUpdateSet({
        last_message_at: sql`greatest(listen_windows.last_message_at, excluded.last_message_at)`,
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWindow(
  db: Kysely<Database>,
  channelId: string,
): Promise<ListenWindowRow | undefined> {
  return db.selectFrom('listen_windows').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
}

/** Messages by people (not bots) the window has not read yet, oldest first. */
export async function unreadMessages(
  db: Kysely<Database>,
  channelId: string,
  since: Date | null,
  limit: number,
): Promise<StoredMessage[]> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('is_bot', '=', false)
    .where('deleted_at', 'is', null);
  if (since) query = query.where('sent_at', '>', since);
  const rows = await query.orderBy('sent_at').orderBy('id').limit(limit).execute();
  return rows.map(toStoredMessage);
}

/** Advances the window if nobody else did since it was read; returns false when it lost the race. */
export async function advanceWindow(
  db: Kysely<Database>,
  channelId: string,
  from: Date | null,
  to: Date,
  summary: string,
): Promise<boolean> {
  let query = db
    .updateTable('listen_windows')
    .set({ summarized_until: to, summary, updated_at: new Date() })
    .where('channel_id', '=', channelId);
  query = from ? query.where('summarized_until', '=', from) : query.where('summarized_until', 'is', null);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * How many unread messages by people the window has, counting no further than `upTo`: the ingest
 * path only asks whether the burst limit is reached, and a backlog must not make every message slower.
 */
export async function countUnread(
  db: Kysely<Database>,
  channelId: string,
  since: Date | null,
  upTo: number,
): Promise<number> {
  let query = db
    .selectFrom('messages')
    .select(sql`1`.as('one'))
    .where('channel_id', '=', channelId)
    .where('is_bot', '=', false)
    .where('deleted_at', 'is', null);
  if (since) query = query.where('sent_at', '>', since);
  const counted = await db
    .selectFrom(query.limit(upTo).as('unread'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return counted.n;
}
