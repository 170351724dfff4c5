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

/**
 * Claims a signed body for the event `eventId`. Returns null when it is new, else the id of the event that
 * brought the same body first: a replay under another delivery id.
 */
export async function claimInboundBody(
  db: Kysely<Database>,
  digest: string,
  eventId: string,
): Promise<string | null> {
  const id = `body:${digest}`;
  if (await recordInboundEvent(db, id, `body-of:${eventId}`)) return null;
  const first = await db.selectFrom('inbound_events').select('kind').where('id', '=', id).executeTakeFirst();
  return first?.kind.replace(/^body-of:/, '') ?? 'an earlier delivery';
}
