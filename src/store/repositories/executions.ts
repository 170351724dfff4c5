import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Execution, type ExecutionState, executionMachine } from '../../domain/execution.ts';
import type { Cause } from '../../domain/state-machine.ts';
import type { Database, ExecutionRow } from '../tables.ts';
import { inTransaction } from '../transaction.ts';
import { appendEvent } from './event-log.ts';

export function toExecution(row: ExecutionRow): Execution {
  return {
    id: row.id,
    specVersionId: row.spec_version_id,
    state: row.state as ExecutionState,
    attempt: row.attempt,
    branch: row.branch,
    baseSha: row.base_sha,
    headSha: row.head_sha,
    createdAt: row.created_at,
  };
}

/**
 * Creates the execution of one spec version's iteration, or returns the existing one: a spec
 * version's approval can arrive twice, but it never produces two executions.
 */
export async function createExecution(
  db: Kysely<Database>,
  specVersionId: string,
  iteration: number,
  cause: Cause,
): Promise<{ execution: Execution; created: boolean }> {
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('executions')
      .values({
        id: randomUUID(),
        spec_version_id: specVersionId,
        iteration,
        state: 'queued',
        branch: null,
        base_sha: null,
        head_sha: null,
        workspace: null,
        agent: null,
        model: null,
        status_message_id: null,
        error: null,
      })
      .onConflict((oc) => oc.columns(['spec_version_id', 'iteration']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await appendEvent(trx, inserted.id, {
        machine: executionMachine.name,
        from: null,
        to: 'queued',
        cause,
      });
      return { execution: toExecution(inserted), created: true };
    }
    const existing = await trx
      .selectFrom('executions')
      .selectAll()
      .where('spec_version_id', '=', specVersionId)
      .where('iteration', '=', iteration)
      .executeTakeFirstOrThrow();
    return { execution: toExecution(existing), created: false };
  });
}

export async function findExecution(db: Kysely<Database>, id: string): Promise<Execution | undefined> {
  const row = await db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toExecution(row) : undefined;
}
