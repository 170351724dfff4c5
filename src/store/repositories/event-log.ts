import type { Kysely } from 'kysely';
import type { Cause, Transition } from '../../domain/state-machine.ts';
import type { Database, EventLogRow } from '../tables.ts';

export interface LoggedEvent {
  entity: string;
  entityId: string;
  from: string | null;
  to: string;
  cause: Cause;
  at: Date;
}

/** Appends one transition with its cause; the table refuses edits, so the trail cannot be rewritten. */
export async function appendEvent(
  db: Kysely<Database>,
  entityId: string,
  change: Transition<string> | { machine: string; from: null; to: string; cause: Cause },
): Promise<void> {
  await db
    .insertInto('event_log')
    .values({
      entity: change.machine,
      entity_id: entityId,
      from_state: change.from,
      to_state: change.to,
      cause: JSON.stringify(change.cause),
    })
    .execute();
}

export async function eventsFor(
  db: Kysely<Database>,
  entity: string,
  entityId: string,
): Promise<LoggedEvent[]> {
  const rows = await db
    .selectFrom('event_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map(toLoggedEvent);
}

function toLoggedEvent(row: EventLogRow): LoggedEvent {
  return {
    entity: row.entity,
    entityId: row.entity_id,
    from: row.from_state,
    to: row.to_state,
    cause: row.cause as unknown as Cause,
    at: row.at,
  };
}
