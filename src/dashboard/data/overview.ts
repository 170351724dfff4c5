import { type Kysely, sql } from 'kysely';
import type { Database } from '../../store/tables.ts';

export const TERMINAL: readonly string[] = ['succeeded', 'failed', 'cancelled'];

export interface ChannelSummary {
  id: string;
  platform: string;
  channelId: string;
  name: string | null;
  linkedRepo: string | null;
  passiveListening: boolean;
  intents: number;
  specs: number;
  executions: number;
  running: number;
  lastMessageAt: Date | null;
}

/** Every channel with what happened in it, most recently active first (one grouped query per count). */
export async function channelSummaries(db: Kysely<Database>): Promise<ChannelSummary[]> {
  const [channels, intents, specs, executions, lastMessages] = await Promise.all([
    db.selectFrom('channels').selectAll().execute(),
    db
      .selectFrom('intents')
      .select(['channel_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('channel_id')
      .execute(),
    db
      .selectFrom('specs')
      .select(['channel_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('channel_id')
      .execute(),
    db
      .selectFrom('executions as e')
      .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
      .innerJoin('specs as s', 's.id', 'v.spec_id')
      .select([
        's.channel_id',
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`count(*) filter (where e.state not in ('succeeded', 'failed', 'cancelled'))`.as(
          'running',
        ),
      ])
      .groupBy('s.channel_id')
      .execute(),
    db
      .selectFrom('messages')
      .select(['channel_id', (eb) => eb.fn.max('sent_at').as('at')])
      .groupBy('channel_id')
      .execute(),
  ]);
  const count = (rows: { channel_id: string; n: unknown }[], id: string) =>
    Number(rows.find((r) => r.channel_id === id)?.n ?? 0);
  return channels
    .map((c) => {
      const run = executions.find((r) => r.channel_id === c.id);
      const last = lastMessages.find((r) => r.channel_id === c.id)?.at;
      return {
        id: c.id,
        platform: c.platform,
        channelId: c.channel_id,
        name: c.name,
        linkedRepo: c.linked_repo,
        passiveListening: c.passive_listening,
        intents: count(intents, c.id),
        specs: count(specs, c.id),
        executions: Number(run?.n ?? 0),
        running: Number(run?.running ?? 0),
        lastMessageAt: last ? new Date(last) : null,
      };
    })
    .sort((a, b) => (b.lastMessageAt?.getTime() ?? 0) - (a.lastMessageAt?.getTime() ?? 0));
}

export interface ExecutionSummary {
  id: string;
  state: string;
  title: string;
  version: number;
  specId: string;
  channelId: string;
  threadId: string;
  validationOutcome: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The latest executions, across channels or in one. */
export async function recentExecutions(
  db: Kysely<Database>,
  options: { channelId?: string; specId?: string; limit?: number } = {},
): Promise<ExecutionSummary[]> {
  let query = db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .select([
      'e.id',
      'e.state',
      'e.validation_outcome',
      'e.created_at',
      'e.updated_at',
      'v.version',
      'v.body',
      's.id as spec_id',
      's.channel_id',
      's.thread_id',
    ])
    .orderBy('e.created_at', 'desc')
    .limit(options.limit ?? 20);
  if (options.channelId) query = query.where('s.channel_id', '=', options.channelId);
  if (options.specId) query = query.where('s.id', '=', options.specId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    title: titleOf(r.body),
    version: r.version,
    specId: r.spec_id,
    channelId: r.channel_id,
    threadId: r.thread_id,
    validationOutcome: r.validation_outcome,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export function titleOf(body: unknown): string {
  const title = (body as { title?: unknown } | null)?.title;
  return typeof title === 'string' && title ? title : '(untitled)';
}
