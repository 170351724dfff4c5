import type { Kysely } from 'kysely';
import { executionLogOf } from '../../store/repositories/execution-log.ts';
import type { Database } from '../../store/tables.ts';

/** Everything the execution page shows, read in one go. */
export async function executionDetail(db: Kysely<Database>, executionId: string) {
  const execution = await db
    .selectFrom('executions')
    .selectAll()
    .where('id', '=', executionId)
    .executeTakeFirst();
  if (!execution) return undefined;
  const version = await db
    .selectFrom('spec_versions')
    .selectAll()
    .where('id', '=', execution.spec_version_id)
    .executeTakeFirstOrThrow();
  const spec = await db
    .selectFrom('specs')
    .selectAll()
    .where('id', '=', version.spec_id)
    .executeTakeFirstOrThrow();
  const [channel, events, validation, pullRequest, log] = await Promise.all([
    db.selectFrom('channels').selectAll().where('id', '=', spec.channel_id).executeTakeFirst(),
    db
      .selectFrom('event_log')
      .selectAll()
      .where('entity', '=', 'execution')
      .where('entity_id', '=', executionId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('validation_runs')
      .selectAll()
      .where('execution_id', '=', executionId)
      .orderBy('created_at')
      .orderBy('attempt')
      .execute(),
    db.selectFrom('pull_requests').selectAll().where('spec_version_id', '=', version.id).executeTakeFirst(),
    executionLogOf(db, executionId),
  ]);
  return { execution, version, spec, channel, events, validation, pullRequest, log };
}

export type ExecutionDetail = NonNullable<Awaited<ReturnType<typeof executionDetail>>>;
