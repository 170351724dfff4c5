import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Intent, type IntentState, type IntentTrigger, intentMachine } from '../../domain/intent.ts';
import type { Cause } from '../../domain/state-machine.ts';
import type { Database, IntentRow } from '../tables.ts';
import { appendEvent } from './event-log.ts';

export interface NewIntentInput {
  channelId: string;
  threadId: string | null;
  trigger: IntentTrigger;
  /** What made it, e.g. the mentioning message id: the same trigger never makes two intents. */
  triggerKey: string;
  title: string;
  summary: string;
  confidence: number;
  evidenceMessageIds: string[];
  requestedBy: string | null;
}

export function toIntent(row: IntentRow): Intent {
  return {
    id: row.id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    trigger: row.trigger as IntentTrigger,
    state: row.state as IntentState,
    title: row.title,
    summary: row.summary,
    confidence: row.confidence,
    evidenceMessageIds: row.evidence,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
  };
}

/** Creates a detected intent; returns undefined when its trigger already produced one. */
export async function createIntent(
  db: Kysely<Database>,
  input: NewIntentInput,
  cause: Cause,
): Promise<Intent | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('intents')
      .values({
        id: randomUUID(),
        channel_id: input.channelId,
        thread_id: input.threadId,
        trigger: input.trigger,
        trigger_key: input.triggerKey,
        state: 'detected',
        title: input.title,
        summary: input.summary,
        confidence: input.confidence,
        evidence: JSON.stringify(input.evidenceMessageIds),
        requested_by: input.requestedBy,
      })
      .onConflict((oc) => oc.column('trigger_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await appendEvent(trx, row.id, { machine: intentMachine.name, from: null, to: 'detected', cause });
    return toIntent(row);
  });
}

export async function findIntent(db: Kysely<Database>, id: string): Promise<Intent | undefined> {
  const row = await db.selectFrom('intents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toIntent(row) : undefined;
}
