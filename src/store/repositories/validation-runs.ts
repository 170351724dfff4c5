import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

export interface ValidationRunRecord {
  name: string;
  command: string;
  status: string;
  durationMs: number;
  passed: number | null;
  failed: number | null;
  failingNames: string[];
  logTail: string;
}

/** Stores each check's command, status, duration, counts, failing names and log tail. */
export async function recordValidationRuns(
  db: Kysely<Database>,
  executionId: string,
  attempt: number,
  phase: 'baseline' | 'change',
  runs: readonly ValidationRunRecord[],
): Promise<void> {
  if (runs.length === 0) return;
  await db
    .insertInto('validation_runs')
    .values(
      runs.map((r) => ({
        id: randomUUID(),
        execution_id: executionId,
        attempt,
        phase,
        check_name: r.name,
        command: r.command,
        status: r.status,
        duration_ms: Math.round(r.durationMs),
        passed_count: r.passed,
        failed_count: r.failed,
        failing_names: JSON.stringify(r.failingNames),
        log_tail: r.logTail,
      })),
    )
    .execute();
}

export async function validationRunsOf(db: Kysely<Database>, executionId: string) {
  return db
    .selectFrom('validation_runs')
    .selectAll()
    .where('execution_id', '=', executionId)
    .orderBy('created_at')
    .execute();
}
