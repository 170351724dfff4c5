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

export interface ExecutionFields {
  branch?: string;
  baseSha?: string;
  headSha?: string;
  workspace?: string | null;
  agent?: string;
  model?: string | null;
  statusMessageId?: string;
  error?: string | null;
  summary?: string;
  scopeReport?: Record<string, unknown>;
  diffStat?: Record<string, unknown>;
  validationOutcome?: 'passed' | 'failed' | 'none';
  attempt?: number;
}

/** Records facts about an execution that are not its state (state changes go through moveState). */
export async function setExecutionFields(
  db: Kysely<Database>,
  id: string,
  f: ExecutionFields,
): Promise<void> {
  const row: Record<string, unknown> = { updated_at: new Date() };
  if (f.branch !== undefined) row.branch = f.branch;
  if (f.baseSha !== undefined) row.base_sha = f.baseSha;
  if (f.headSha !== undefined) row.head_sha = f.headSha;
  if (f.workspace !== undefined) row.workspace = f.workspace;
  if (f.agent !== undefined) row.agent = f.agent;
  if (f.model !== undefined) row.model = f.model;
  if (f.statusMessageId !== undefined) row.status_message_id = f.statusMessageId;
  if (f.error !== undefined) row.error = f.error;
  if (f.summary !== undefined) row.summary = f.summary;
  if (f.scopeReport !== undefined) row.scope_report = JSON.stringify(f.scopeReport);
  if (f.diffStat !== undefined) row.diff_stat = JSON.stringify(f.diffStat);
  if (f.validationOutcome !== undefined) row.validation_outcome = f.validationOutcome;
  if (f.attempt !== undefined) row.attempt = f.attempt;
  await db.updateTable('executions').set(row).where('id', '=', id).execute();
}

export async function addTokens(
  db: Kysely<Database>,
  id: string,
  input: number,
  output: number,
): Promise<void> {
  await db
    .updateTable('executions')
    .set((eb) => ({
      input_tokens: eb('input_tokens', '+', input),
      output_tokens: eb('output_tokens', '+', output),
    }))
    .where('id', '=', id)
    .execute();
}

export async function executionRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('executions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findExecutionByStatusMessage(db: Kysely<Database>, messageId: string) {
  return db
    .selectFrom('executions')
    .selectAll()
    .where('status_message_id', '=', messageId)
    .executeTakeFirst();
}

/** How many executions are queued ahead of this one (for "queued, position n"). */
export async function queuePosition(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db
    .selectFrom('executions as e')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('e.state', '=', 'queued')
    .where('e.created_at', '<=', (eb) =>
      eb.selectFrom('executions').select('created_at').where('id', '=', id),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a cancel request; the running execution notices it within a second or two. */
export async function requestCancel(db: Kysely<Database>, id: string, by: string): Promise<void> {
  await db
    .updateTable('executions')
    .set({ cancel_requested_at: new Date(), cancel_requested_by: by })
    .where('id', '=', id)
    .where('cancel_requested_at', 'is', null)
    .execute();
}

/** The newest execution of a channel that has not finished. */
export async function activeExecutionInChannel(db: Kysely<Database>, channelId: string) {
  return db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .selectAll('e')
    .where('s.channel_id', '=', channelId)
    .where('e.state', 'not in', ['succeeded', 'failed', 'cancelled'])
    .orderBy('e.created_at', 'desc')
    .executeTakeFirst();
}
