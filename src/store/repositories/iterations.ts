import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

/** Why an iteration ran; the first one of a version runs because it was approved. */
export type IterationTrigger = 'approval' | 'ci-fix' | 'reply' | 'retry' | 'restart';

export interface IterationCause {
  trigger: IterationTrigger;
  feedback: string | null;
  by: string | null;
  eventId: string | null;
}

/** Records why an iteration runs; the trigger event is unique, so one event never starts two. */
export async function setIterationCause(
  db: Kysely<Database>,
  executionId: string,
  cause: IterationCause,
): Promise<void> {
  await db
    .updateTable('executions')
    .set({
      trigger: cause.trigger,
      feedback: cause.feedback,
      triggered_by: cause.by,
      trigger_event_id: cause.eventId,
    })
    .where('id', '=', executionId)
    .execute();
}

export async function executionByTriggerEvent(db: Kysely<Database>, eventId: string) {
  return db.selectFrom('executions').selectAll().where('trigger_event_id', '=', eventId).executeTakeFirst();
}

/** Every iteration of a spec version, first to last. */
export async function iterationsOf(db: Kysely<Database>, specVersionId: string) {
  return db
    .selectFrom('executions')
    .selectAll()
    .where('spec_version_id', '=', specVersionId)
    .orderBy('iteration')
    .execute();
}

/** Every iteration of every version of a spec, with the CI outcome of its head (the spec's history). */
export async function iterationHistory(db: Kysely<Database>, specId: string) {
  return db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .leftJoin('ci_reports as r', (join) =>
      join.onRef('r.execution_id', '=', 'e.id').onRef('r.head_sha', '=', 'e.head_sha'),
    )
    .select([
      'v.version',
      'e.iteration',
      'e.state',
      'e.trigger',
      'e.triggered_by',
      'e.head_sha',
      'e.validation_outcome',
      'r.outcome as ci_outcome',
    ])
    .where('v.spec_id', '=', specId)
    .orderBy('v.version')
    .orderBy('e.iteration')
    .execute();
}
