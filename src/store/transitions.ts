import { type Kysely, sql } from 'kysely';
import { type Cause, type StateMachine, type Transition, transition } from '../domain/state-machine.ts';
import { CodecotError } from '../errors.ts';
import { appendEvent } from './repositories/event-log.ts';
import type { Database } from './tables.ts';
import { inTransaction } from './transaction.ts';

export type StatefulTable = 'intents' | 'spec_versions' | 'executions';

/**
 * Moves one row of a state machine to `to`: reads the current state under a row lock, checks the
 * transition (an illegal one throws), writes the new state and appends the cause to the event log,
 * all in one transaction so the trail always matches the state.
 */
export async function moveState<S extends string>(
  db: Kysely<Database>,
  table: StatefulTable,
  id: string,
  machine: StateMachine<S>,
  to: S,
  cause: Cause,
): Promise<Transition<S>> {
  const run = async (trx: Kysely<Database>) => {
    const { rows } = await sql<{
      state: S;
    }>`select state from ${sql.table(table)} where id = ${id} for update`.execute(trx);
    const current = rows[0];
    if (!current) throw new CodecotError('not_found', `${machine.name} ${id} does not exist`);
    const change = transition(machine, current.state, to, cause);
    await sql`update ${sql.table(table)} set state = ${to}, updated_at = now() where id = ${id}`.execute(trx);
    await appendEvent(trx, id, change);
    return change;
  };
  return inTransaction(db, run);
}
