import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MessageRef } from '../../domain/chat.ts';
import { type Intent, type IntentState, type IntentTrigger, intentMachine } from '../../domain/intent.ts';
import type { Cause } from '../../domain/state-machine.ts';
import type { Database, IntentRow } from '../tables.ts';
import { inTransaction } from '../transaction.ts';
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
  triggerRef: MessageRef | null;
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
    triggerRef: row.trigger_ref as MessageRef | null,
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
  return inTransaction(db, async (trx) => {
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
        trigger_ref: input.triggerRef ? JSON.stringify(input.triggerRef) : null,
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

/** Intents still open in a channel (detected or proposed), newest first: passive listening never repeats them. */
export async function openIntents(db: Kysely<Database>, channelId: string, limit = 20): Promise<Intent[]> {
  const rows = await db
    .selectFrom('intents')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('state', 'in', ['detected', 'proposed'])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toIntent);
}
