import type { Kysely } from 'kysely';

/**
 * Who is posting a CI report, and until when. The claimer of a report holds the delivery while it posts;
 * anyone else who finds the report unposted (a second webhook about the same head, the poll) leaves it
 * alone until the hold runs out, which only happens when the poster died between claim and post.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ci_reports').addColumn('delivering_until', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ci_reports').dropColumn('delivering_until').execute();
}
