import { type Kysely, sql } from 'kysely';

/** The first schema: every table the pipeline writes, on PostgreSQL and PGlite alike. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('linked_repo', 'text')
    .addColumn('passive_listening', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('approvers', 'jsonb')
    .addColumn('quorum', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('allow_self_approval', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('digest_cron', 'text', (c) => c.notNull().defaultTo('0 9 * * 1-5'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('monthly_token_budget', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('platform_message_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('trust', 'text', (c) => c.notNull())
    .addColumn('untrusted_reason', 'text')
    .addColumn('is_bot', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('mentions_bot', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('messages_channel_sent')
    .on('messages')
    .columns(['channel_id', 'sent_at'])
    .execute();
  await db.schema.createIndex('messages_thread').on('messages').columns(['thread_id', 'sent_at']).execute();

  await db.schema
    .createTable('intents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('thread_id', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('trigger_key', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('specs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('intent_id', 'uuid', (c) => c.notNull().unique().references('intents.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('repo', 'text')
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('spec_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('spec_id', 'uuid', (c) => c.notNull().references('specs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('source_event_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('spec_versions_spec_version', ['spec_id', 'version'])
    .execute();
  await db.schema.createIndex('spec_versions_message').on('spec_versions').column('message_id').execute();

  await db.schema
    .createTable('reactions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('spec_version_id', 'uuid', (c) => c.references('spec_versions.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('counted', 'boolean', (c) => c.notNull())
    .addColumn('ignored_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('executions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('spec_version_id', 'uuid', (c) => c.notNull().references('spec_versions.id'))
    .addColumn('iteration', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('branch', 'text')
    .addColumn('base_sha', 'text')
    .addColumn('head_sha', 'text')
    .addColumn('workspace', 'text')
    .addColumn('agent', 'text')
    .addColumn('model', 'text')
    .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('executions_version_iteration', ['spec_version_id', 'iteration'])
    .execute();

  await db.schema
    .createTable('validation_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('execution_id', 'uuid', (c) => c.notNull().references('executions.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('check_name', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('passed_count', 'integer')
    .addColumn('failed_count', 'integer')
    .addColumn('failing_names', 'jsonb', (c) => c.notNull())
    .addColumn('log_tail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('pull_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('spec_version_id', 'uuid', (c) => c.notNull().unique().references('spec_versions.id'))
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('branch', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('draft', 'boolean', (c) => c.notNull())
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('pull_requests_repo_number', ['repo', 'number'])
    .execute();

  await db.schema
    .createTable('ci_checks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('pull_request_id', 'uuid', (c) => c.notNull().references('pull_requests.id'))
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('fails_on_base', 'boolean')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('ci_checks_pr_sha_name', ['pull_request_id', 'head_sha', 'name'])
    .execute();

  await db.schema
    .createTable('digests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('posted_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('digests_channel_period', ['channel_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('memory_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('memory_items_scope')
    .on('memory_items')
    .columns(['scope', 'scope_id'])
    .execute();

  await db.schema
    .createTable('event_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('cause', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('event_log_entity').on('event_log').columns(['entity', 'entity_id']).execute();

  await db.schema
    .createTable('inbound_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('model_calls')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('input_tokens', 'integer', (c) => c.notNull())
    .addColumn('output_tokens', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  // The event log is append-only: the database itself refuses edits and deletions.
  await sql`
    CREATE FUNCTION event_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'event_log is append-only'; END; $$`.execute(db);
  await sql`
    CREATE TRIGGER event_log_no_change BEFORE UPDATE OR DELETE ON event_log
    FOR EACH ROW EXECUTE FUNCTION event_log_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS event_log_no_change ON event_log`.execute(db);
  await sql`DROP FUNCTION IF EXISTS event_log_append_only()`.execute(db);
  for (const table of [
    'model_calls',
    'inbound_events',
    'event_log',
    'memory_items',
    'digests',
    'ci_checks',
    'pull_requests',
    'validation_runs',
    'executions',
    'reactions',
    'spec_versions',
    'specs',
    'intents',
    'messages',
    'channels',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
