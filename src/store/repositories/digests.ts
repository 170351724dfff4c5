import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

export interface DigestSchedule {
  channelId: string;
  cron: string;
  timezone: string;
}

export interface DigestRecord {
  id: string;
  channelId: string;
  periodKey: string;
  content: Record<string, unknown>;
  messageId: string | null;
  postedAt: Date | null;
  claimedBy: string | null;
  createdAt: Date;
}

/** Every channel's digest schedule, read by the cron tick. */
export async function digestSchedules(db: Kysely<Database>): Promise<DigestSchedule[]> {
  const rows = await db.selectFrom('channels').select(['id', 'digest_cron', 'timezone']).execute();
  return rows.map((r) => ({ channelId: r.id, cron: r.digest_cron, timezone: r.timezone }));
}

export async function findDigest(
  db: Kysely<Database>,
  channelId: string,
  periodKey: string,
): Promise<DigestRecord | undefined> {
  const row = await db
    .selectFrom('digests')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('period_key', '=', periodKey)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        channelId: row.channel_id,
        periodKey: row.period_key,
        content: row.content,
        messageId: row.message_id,
        postedAt: row.posted_at,
        claimedBy: row.claimed_by,
        createdAt: row.created_at,
      }
    : undefined;
}

/** When the channel's latest other digest was cut: the next one covers what happened since. */
export async function previousDigestAt(
  db: Kysely<Database>,
  channelId: string,
  periodKey: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom('digests')
    .select('created_at')
    .where('channel_id', '=', channelId)
    .where('period_key', '!=', periodKey)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}

/**
 * Claims a channel's period for one run of the digest job. The unique (channel, period) decides
 * between racing runs: only the insert that made the row returns true. `cutAt` is the end of the
 * period the content covers, so the next digest starts exactly there.
 */
export async function claimDigest(
  db: Kysely<Database>,
  claim: {
    channelId: string;
    periodKey: string;
    content: Record<string, unknown>;
    claimedBy: string;
    cutAt: Date;
  },
): Promise<string | undefined> {
  const row = await db
    .insertInto('digests')
    .values({
      id: randomUUID(),
      channel_id: claim.channelId,
      period_key: claim.periodKey,
      content: JSON.stringify(claim.content),
      message_id: null,
      posted_at: null,
      claimed_by: claim.claimedBy,
      created_at: claim.cutAt,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'period_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function markDigestPosted(db: Kysely<Database>, id: string, messageId: string): Promise<void> {
  await db
    .updateTable('digests')
    .set({ message_id: messageId, posted_at: new Date() })
    .where('id', '=', id)
    .execute();
}
