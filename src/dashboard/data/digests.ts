import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';

/** The latest digests of every channel, newest first. */
export async function digestsList(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom('digests as d')
    .leftJoin('channels as c', 'c.id', 'd.channel_id')
    .select([
      'd.id',
      'd.channel_id',
      'd.period_key',
      'd.content',
      'd.message_id',
      'd.posted_at',
      'd.created_at',
      'c.name',
    ])
    .orderBy('d.created_at', 'desc')
    .limit(limit)
    .execute();
}
