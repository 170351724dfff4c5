import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../tables.ts';

export interface ModelCallRecord {
  stage: string;
  subjectId: string;
  channelId: string | null;
  model: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  ok: boolean;
}

export async function recordModelCall(db: Kysely<Database>, call: ModelCallRecord): Promise<void> {
  await db
    .insertInto('model_calls')
    .values({
      id: randomUUID(),
      stage: call.stage,
      subject_id: call.subjectId,
      channel_id: call.channelId,
      model: call.model,
      input_tokens: call.inputTokens,
      output_tokens: call.outputTokens,
      latency_ms: call.latencyMs,
      ok: call.ok,
    })
    .execute();
}

/** Input plus output tokens spent for a channel since the first of this month (UTC). */
export async function tokensUsedThisMonth(db: Kysely<Database>, channelId: string): Promise<number> {
  const row = await db
    .selectFrom('model_calls')
    .select(sql<number>`coalesce(sum(input_tokens + output_tokens), 0)::int`.as('used'))
    .where('channel_id', '=', channelId)
    .where('created_at', '>=', sql<Date>`date_trunc('month', now() at time zone 'utc') at time zone 'utc'`)
    .executeTakeFirstOrThrow();
  return row.used;
}

export async function tokensForSubject(
  db: Kysely<Database>,
  subjectId: string,
): Promise<{ input: number; output: number }> {
  const row = await db
    .selectFrom('model_calls')
    .select([
      sql<number>`coalesce(sum(input_tokens), 0)::int`.as('input'),
      sql<number>`coalesce(sum(output_tokens), 0)::int`.as('output'),
    ])
    .where('subject_id', '=', subjectId)
    .executeTakeFirstOrThrow();
  return row;
}
