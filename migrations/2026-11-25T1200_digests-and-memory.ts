import type { Kysely } from 'kysely';

/**
 * Digests: which run of the digest job claimed a period, so a retry of that run can finish posting
 * while any other run for the same channel and period backs off. Memory: newest-first reads per scope.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('digests').addColumn('claimed_by', 'text').execute();
  await db.schema
    .createIndex('digests_channel_created')
    .on('digests')
    .columns(['channel_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('memory_items_scope_created')
    .on('memory_items')
    .columns(['scope', 'scope_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('memory_items_scope_created').ifExists().execute();
  await db.schema.dropIndex('digests_channel_created').ifExists().execute();
  await db.schema.alterTable('digests').dropColumn('claimed_by').execute();
}
