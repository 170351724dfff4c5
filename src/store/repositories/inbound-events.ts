import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

/**
 * Records a delivery id the first time it is seen. Returns false for a redelivery (a Slack retry,
 * a Discord replay, a GitHub redelivery), which the caller then drops.
 */
export async function recordInboundEvent(db: Kysely<Database>, id: string, kind: string): Promise<boolean> {
  const result = await db
    .insertInto('inbound_events')
    .values({ id, kind })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
