import type { Kysely } from 'kysely';
import { executionMachine } from '../domain/execution.ts';
import { isCodecotError } from '../errors.ts';
import { appendExecutionLog } from '../store/repositories/execution-log.ts';
import { executionRow, requestCancel } from '../store/repositories/executions.ts';
import type { Database } from '../store/tables.ts';
import { moveState } from '../store/transitions.ts';

/**
 * Asks a running execution to stop (its job notices within a second or two and kills the sandbox);
 * one that has not started yet is cancelled on the spot. Returns what happened, for the reply.
 */
export async function cancelExecution(
  db: Kysely<Database>,
  executionId: string,
  by: string,
  eventId?: string,
): Promise<string> {
  const row = await executionRow(db, executionId);
  if (!row) return 'There is no such run.';
  if (['succeeded', 'failed', 'cancelled'].includes(row.state))
    return `That run already ended (${row.state}).`;
  await requestCancel(db, executionId, by);
  // The live log is a view: a failed write must not stop the cancel.
  await appendExecutionLog(db, executionId, [{ kind: 'cancel', text: `cancel requested by ${by}` }]).catch(
    () => undefined,
  );
  // Queued: nothing runs yet. Waiting for CI: no job runs that could notice the request.
  if (row.state === 'queued' || row.state === 'ci-pending') {
    const waiting = row.state === 'ci-pending';
    try {
      await moveState(db, 'executions', executionId, executionMachine, 'cancelled', {
        kind: 'command',
        actor: by,
        ...(eventId ? { eventId } : {}),
        detail: waiting ? 'stopped waiting for CI' : 'cancelled before it started',
      });
      await appendExecutionLog(db, executionId, [
        {
          kind: 'state',
          text: `${row.state} → cancelled: ${waiting ? 'stopped waiting for CI' : 'before it started'}`,
        },
      ]).catch(() => undefined);
      return waiting
        ? 'Stopped waiting for CI; the pull request stays open.'
        : 'Cancelled before it started.';
    } catch (error) {
      // It started meanwhile: the running job sees the request and stops itself.
      if (!isCodecotError(error, 'illegal_transition')) throw error;
    }
  }
  return 'Cancelling: the sandbox is being stopped.';
}
