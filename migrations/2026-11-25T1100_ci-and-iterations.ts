import { type Kysely, sql } from 'kysely';

/**
 * CI follow-up and iterations: why each execution ran (approval, CI fix, a reply, a retry) with the
 * feedback it was given, the one CI report per pull request head, the checks' output, and who closed
 * a pull request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('executions')
    .addColumn('trigger', 'text')
    .addColumn('feedback', 'text')
    .addColumn('triggered_by', 'text')
    .addColumn('trigger_event_id', 'text')
    .execute();
  // One iteration per triggering event: a retried job finds the iteration it already started.
  await db.schema
    .createIndex('executions_trigger_event')
    .unique()
    .on('executions')
    .column('trigger_event_id')
    .execute();

  await db.schema.alterTable('ci_checks').addColumn('details', 'text').execute();
  await db.schema.alterTable('pull_requests').addColumn('closed_by', 'text').execute();
  await db.schema.createIndex('pull_requests_head').on('pull_requests').column('head_sha').execute();

  await db.schema
    .createTable('ci_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('execution_id', 'uuid', (c) => c.notNull().references('executions.id'))
    .addColumn('pull_request_id', 'uuid', (c) => c.notNull().references('pull_requests.id'))
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The one CI message per pull request head: a webhook and a poll can never both post it.
    .addUniqueConstraint('ci_reports_pr_sha', ['pull_request_id', 'head_sha'])
    .execute();
  await db.schema.createIndex('ci_reports_message').on('ci_reports').column('message_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ci_reports').ifExists().execute();
  await db.schema.dropIndex('pull_requests_head').ifExists().execute();
  await db.schema.alterTable('pull_requests').dropColumn('closed_by').execute();
  await db.schema.alterTable('ci_checks').dropColumn('details').execute();
  await db.schema.dropIndex('executions_trigger_event').ifExists().execute();
  await db.schema
    .alterTable('executions')
    .dropColumn('trigger_event_id')
    .dropColumn('triggered_by')
    .dropColumn('feedback')
    .dropColumn('trigger')
    .execute();
}
