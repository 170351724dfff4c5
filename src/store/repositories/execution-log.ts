import { type Kysely, sql } from 'kysely';
import { redact } from '../../redact.ts';
import type { Database, ExecutionLogRow } from '../tables.ts';

/** Lines kept per execution: older ones are deleted as new ones arrive. */
export const EXECUTION_LOG_LIMIT = 1_000;
/** Characters kept per line; agent output beyond it is cut. */
export const LOG_LINE_MAX_CHARS = 1_000;

export type ExecutionLogKind =
  | 'state'
  | 'agent'
  | 'agent-summary'
  | 'check-start'
  | 'check-end'
  | 'push'
  | 'pull-request'
  | 'ci'
  | 'cancel'
  | 'error'
  | 'note';

export interface NewLogLine {
  kind: ExecutionLogKind;
  text: string;
  attempt?: number | null;
  /** When it happened (lines are written in batches, after the fact); default now. */
  at?: Date;
}

export interface ExecutionLogLine {
  seq: number;
  at: Date;
  kind: string;
  attempt: number | null;
  text: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Appends lines in order, numbered after the execution's last line, redacted and clipped; then drops
 * what falls outside the last `limit` lines. Two writers racing for the same numbers (the job and a
 * cancel command) collide on the primary key; the loser numbers its lines again.
 */
export async function appendExecutionLog(
  db: Kysely<Database>,
  executionId: string,
  lines: readonly NewLogLine[],
  limit = EXECUTION_LOG_LIMIT,
): Promise<void> {
  if (lines.length === 0) return;
  // Lines beyond the bound in one batch are numbered but never stored, like lines pruned later.
  const skipped = Math.max(0, lines.length - limit);
  for (let tries = 1; ; tries++) {
    try {
      const top = await insertNumbered(db, executionId, lines.slice(skipped), skipped);
      if (top > limit)
        await db
          .deleteFrom('execution_log')
          .where('execution_id', '=', executionId)
          .where('seq', '<=', top - limit)
          .execute();
      return;
    } catch (error) {
      if (tries >= 5 || (error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    }
  }
}

/** One statement: each line's number is the current last number plus its place in the batch. */
async function insertNumbered(
  db: Kysely<Database>,
  executionId: string,
  lines: readonly NewLogLine[],
  skipped: number,
): Promise<number> {
  const now = new Date();
  const values = lines.map(
    (line, i) =>
      sql`(${skipped + i + 1}::integer, ${line.kind}::text, ${clip(redact(line.text))}::text, ${line.attempt ?? null}::integer, ${(line.at ?? now).toISOString()}::timestamptz)`,
  );
  const { rows } = await sql<{ seq: number }>`
    insert into execution_log (execution_id, seq, kind, text, attempt, at)
    select ${executionId}::uuid, v.n + coalesce(
        (select max(seq) from execution_log where execution_id = ${executionId}::uuid), 0),
      v.kind, v.text, v.attempt, v.at
    from (values ${sql.join(values)}) as v(n, kind, text, attempt, at)
    returning seq`.execute(db);
  return Math.max(0, ...rows.map((r) => r.seq));
}

function clip(text: string): string {
  const flat = text.replace(/\r\n?/g, '\n').trimEnd();
  return flat.length > LOG_LINE_MAX_CHARS ? `${flat.slice(0, LOG_LINE_MAX_CHARS - 1)}…` : flat;
}

/** The execution's lines in order, those after `after` only (what a live page has not seen yet). */
export async function executionLogOf(
  db: Kysely<Database>,
  executionId: string,
  options: { after?: number; limit?: number } = {},
): Promise<ExecutionLogLine[]> {
  const rows = await db
    .selectFrom('execution_log')
    .selectAll()
    .where('execution_id', '=', executionId)
    .where('seq', '>', options.after ?? 0)
    .orderBy('seq')
    .limit(options.limit ?? EXECUTION_LOG_LIMIT)
    .execute();
  return rows.map(toLine);
}

function toLine(row: ExecutionLogRow): ExecutionLogLine {
  return { seq: row.seq, at: row.at, kind: row.kind, attempt: row.attempt, text: row.text };
}
