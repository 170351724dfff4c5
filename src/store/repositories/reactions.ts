import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CountedReaction } from '../../domain/approval.ts';
import type { EmojiMeaning } from '../../domain/emoji.ts';
import type { Database } from '../tables.ts';

export interface ReactionRecord {
  eventId: string;
  messageId: string;
  specVersionId: string | null;
  userId: string;
  emoji: string;
  action: 'added' | 'removed';
  counted: boolean;
  ignoredReason: string | null;
}

/** Records a reaction once per delivery; returns false when this delivery was already recorded. */
export async function recordReaction(db: Kysely<Database>, r: ReactionRecord): Promise<boolean> {
  const result = await db
    .insertInto('reactions')
    .values({
      id: randomUUID(),
      event_id: r.eventId,
      message_id: r.messageId,
      spec_version_id: r.specVersionId,
      user_id: r.userId,
      emoji: r.emoji,
      action: r.action,
      counted: r.counted,
      ignored_reason: r.ignoredReason,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** The counted reactions on a spec version in arrival order, with their meaning. */
export async function countedReactions(
  db: Kysely<Database>,
  specVersionId: string,
  meaningOf: (emoji: string) => EmojiMeaning | undefined,
): Promise<CountedReaction[]> {
  const rows = await db
    .selectFrom('reactions')
    .select(['user_id', 'emoji', 'action'])
    .where('spec_version_id', '=', specVersionId)
    .where('counted', '=', true)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.flatMap((row) => {
    const meaning = meaningOf(row.emoji);
    return meaning ? [{ userId: row.user_id, meaning, action: row.action as 'added' | 'removed' }] : [];
  });
}

export async function reactionsOf(db: Kysely<Database>, specVersionId: string) {
  return db
    .selectFrom('reactions')
    .selectAll()
    .where('spec_version_id', '=', specVersionId)
    .orderBy('created_at')
    .execute();
}
