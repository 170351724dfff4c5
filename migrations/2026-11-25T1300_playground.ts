import type { Kysely } from 'kysely';

/** What the dashboard looks things up by: a channel's intents and specs, an execution's checks, a version's votes. */
const INDEXES: { name: string; table: string; columns: string[] }[] = [
  { name: 'intents_channel_created', table: 'intents', columns: ['channel_id', 'created_at'] },
  { name: 'specs_channel_created', table: 'specs', columns: ['channel_id', 'created_at'] },
  { name: 'validation_runs_execution', table: 'validation_runs', columns: ['execution_id', 'created_at'] },
  { name: 'reactions_spec_version', table: 'reactions', columns: ['spec_version_id', 'created_at'] },
  { name: 'model_calls_channel', table: 'model_calls', columns: ['channel_id'] },
  { name: 'model_calls_subject', table: 'model_calls', columns: ['subject_id'] },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of INDEXES)
    await db.schema.createIndex(index.name).on(index.table).columns(index.columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).ifExists().execute();
}
