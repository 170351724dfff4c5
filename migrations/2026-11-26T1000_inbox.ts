import { type Kysely, sql } from 'kysely';

/**
 * The inbox: a chat event the platform delivered, stored (with its delivery id in inbound_events) before
 * the platform is acknowledged, in one statement. The drainer takes events from here in arrival order,
 * persists them and enqueues their jobs in batches, then deletes them: an empty inbox is the rest state.
 * An event that fails to drain stays, with its error and when it is tried next. No foreign key: every
 * accepted chat event passes through here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigserial', (c) => c.notNull())
    // The event as JSON text: the drainer parses it, the database need not.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The drainer takes the oldest first: under a backlog, without this index each batch would sort it all.
  await db.schema.createIndex('inbox_seq').on('inbox').column('seq').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbox').ifExists().execute();
}
