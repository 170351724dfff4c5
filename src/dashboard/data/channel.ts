import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';
import { titleOf } from './overview.ts';

export async function channelRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function intentsOf(db: Kysely<Database>, channelId: string, limit = 100) {
  return db
    .selectFrom('intents as i')
    .leftJoin('specs as s', 's.intent_id', 'i.id')
    .select([
      'i.id',
      'i.title',
      'i.trigger',
      'i.state',
      'i.confidence',
      'i.requested_by',
      'i.thread_id',
      'i.created_at',
      's.id as spec_id',
    ])
    .where('i.channel_id', '=', channelId)
    .orderBy('i.created_at', 'desc')
    .limit(limit)
    .execute();
}

export interface SpecSummary {
  id: string;
  title: string;
  repo: string | null;
  currentVersion: number;
  currentState: string | null;
  threadId: string;
  requestedBy: string | null;
  createdAt: Date;
}

/** The channel's specs with the state of their current version, newest first. */
export async function specsOf(db: Kysely<Database>, channelId: string, limit = 100): Promise<SpecSummary[]> {
  const rows = await db
    .selectFrom('specs as s')
    .leftJoin('spec_versions as v', (join) =>
      join.onRef('v.spec_id', '=', 's.id').onRef('v.version', '=', 's.current_version'),
    )
    .select([
      's.id',
      's.repo',
      's.current_version',
      's.thread_id',
      's.requested_by',
      's.created_at',
      'v.state',
      'v.body',
    ])
    .where('s.channel_id', '=', channelId)
    .orderBy('s.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: titleOf(r.body),
    repo: r.repo,
    currentVersion: r.current_version,
    currentState: r.state,
    threadId: r.thread_id,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
  }));
}

/** Model tokens spent in a channel, per model (spec drafting, listening). */
export async function modelTokensOf(
  db: Kysely<Database>,
  filter: { channelId?: string; subjectId?: string },
) {
  let query = db
    .selectFrom('model_calls')
    .select([
      'model',
      (eb) => eb.fn.sum<number>('input_tokens').as('input'),
      (eb) => eb.fn.sum<number>('output_tokens').as('output'),
      (eb) => eb.fn.countAll<number>().as('calls'),
    ])
    .groupBy('model');
  if (filter.channelId) query = query.where('channel_id', '=', filter.channelId);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  const rows = await query.execute();
  return rows.map((r) => ({
    model: r.model,
    input: Number(r.input ?? 0),
    output: Number(r.output ?? 0),
    calls: Number(r.calls),
  }));
}
