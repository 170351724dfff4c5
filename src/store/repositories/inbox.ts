import { type Kysely, sql } from 'kysely';
import type { Database } from '../tables.ts';

export interface InboxEntry {
  id: string;
  seq: number;
  /** The event as JSON text. */
  payload: string;
  attempts: number;
}

/** An event to accept: its delivery id, its type, and the event as JSON text. */
export interface Accepting {
  id: string;
  kind: string;
  json: string;
}

/**
 * One statement for any number of events (distinct ids): records each delivery id (a redelivery
 * conflicts and changes nothing) and puts the new events in the inbox, in the order given. Returns the
 * ids that were new. Once this returns, the events survive a crash of Codecot.
 */
export async function acceptInbound(
  db: Kysely<Database>,
  events: readonly Accepting[],
): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    with input as (
      select * from unnest(${events.map((e) => e.id)}::text[], ${events.map((e) => e.kind)}::text[],
        ${events.map((e) => e.json)}::text[]) with ordinality as i(id, kind, payload, ord)
    ),
    fresh as (
      insert into inbound_events (id, kind) select id, kind from input
      on conflict (id) do nothing
      returning id
    )
    insert into inbox (id, payload)
    select input.id, input.payload from input join fresh on fresh.id = input.id order by input.ord
    returning id`.execute(db);
  return new Set(rows.map((row) => row.id));
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
