import type { Kysely } from 'kysely';

/** What an execution needs beyond its state: cancellation requests and the result's reports. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('executions')
    .addColumn('cancel_requested_at', 'timestamptz')
    .addColumn('cancel_requested_by', 'text')
    .addColumn('summary', 'text')
    .addColumn('scope_report', 'jsonb')
    .addColumn('diff_stat', 'jsonb')
    .addColumn('validation_outcome', 'text')
    .execute();
  await db.schema
    .createIndex('executions_status_message')
    .on('executions')
    .column('status_message_id')
    .execute();
  await db.schema.createIndex('executions_state').on('executions').column('state').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('executions_state').ifExists().execute();
  await db.schema.dropIndex('executions_status_message').ifExists().execute();
  await db.schema
    .alterTable('executions')
    .dropColumn('validation_outcome')
    .dropColumn('diff_stat')
    .dropColumn('scope_report')
    .dropColumn('summary')
    .dropColumn('cancel_requested_by')
    .dropColumn('cancel_requested_at')
    .execute();
}
