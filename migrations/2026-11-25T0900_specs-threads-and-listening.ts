import type { Kysely } from 'kysely';

/** Finding a spec from a reply in its thread, and the per-channel window of passive listening. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('specs').addColumn('trigger_message_id', 'text').execute();
  await db.schema.alterTable('specs').addColumn('requested_by', 'text').execute();
  await db.schema.createIndex('specs_thread').on('specs').column('thread_id').execute();
  // Where the spec is posted: the message the request was made on (a MessageRef as JSON).
  await db.schema.alterTable('intents').addColumn('trigger_ref', 'jsonb').execute();
  await db.schema
    .createTable('listen_windows')
    .addColumn('channel_id', 'text', (c) => c.primaryKey().references('channels.id'))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summarized_until', 'timestamptz')
    .addColumn('last_message_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('listen_windows').ifExists().execute();
  await db.schema.alterTable('intents').dropColumn('trigger_ref').execute();
  await db.schema.dropIndex('specs_thread').ifExists().execute();
  await db.schema.alterTable('specs').dropColumn('requested_by').execute();
  await db.schema.alterTable('specs').dropColumn('trigger_message_id').execute();
}
