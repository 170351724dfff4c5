import { type Kysely, sql } from 'kysely';

/**
 * The live log of an execution: one row per line (state changes, the agent's steps, checks started
 * and finished, push, pull request, CI, cancel, errors), numbered per execution. The writer keeps only
 * the last lines of each execution (see EXECUTION_LOG_LIMIT), so a chatty agent cannot fill the disk.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('execution_log')
    .addColumn('execution_id', 'uuid', (c) => c.notNull().references('executions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('execution_log_pkey', ['execution_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('execution_log').ifExists().execute();
}
