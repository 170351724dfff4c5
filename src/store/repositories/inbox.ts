import { type Kysely, sql } from 'kysely';
import type { Database } from '../tables.ts';

export interface InboxEntry {
  id: string;
  seq: number;
  /** The event as JSON text. */
  payload: string;
  attempts: number;
}

/**
 * One statement: records the delivery id (a redelivery conflicts and changes nothing) and puts the event
 * in the inbox. Returns false for a redelivery. Once this returns, the event survives a crash of Codecot.
 */
export async function acceptInbound(
  db: Kysely<Database>,
  event: { id: string; kind: string /** The event as JSON text. */; json: string },
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    with fresh as (
      insert into inbound_events (id, kind) values (${event.id}, ${event.kind})
      on conflict (id) do nothing
      returning id
    )
    insert into inbox (id, payload) select id, ${event.json} from fresh
    returning id`.execute(db);
  return rows.length > 0;
}

/**
 * The oldest events due, locked for this transaction. `only` narrows it to one event (the drainer's
 * one-by-one retry after a batch failed).
 */
export async function takeInbox(trx: Kysely<Database>, limit: number, only?: string): Promise<InboxEntry[]> {
  let query = trx
    .selectFrom('inbox')
    .select(['id', 'seq', 'payload', 'attempts'])
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('seq')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  if (only) query = query.where('id', '=', only);
  return query.execute();
}

export async function removeFromInbox(trx: Kysely<Database>, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom('inbox').where('id', 'in', ids).execute();
}

/** An event that failed to drain stays, with the reason, and is tried again after `seconds`. */
export async function deferInbox(
  db: Kysely<Database>,
  id: string,
  error: string,
  seconds: number,
): Promise<void> {
  await db
    .updateTable('inbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 2_000),
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${seconds})`,
    }))
    .where('id', '=', id)
    .execute();
}

/** How many events wait in the inbox, and the oldest one's age in seconds (for health and the bench). */
export async function inboxBacklog(db: Kysely<Database>): Promise<{ count: number; oldestSeconds: number }> {
  const row = await db
    .selectFrom('inbox')
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<number>`coalesce(extract(epoch from now() - min(received_at)), 0)::float8`.as('oldestSeconds'),
    ])
    .executeTakeFirstOrThrow();
  return row;
}
