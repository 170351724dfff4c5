import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type SpecBody,
  type SpecVersion,
  type SpecVersionState,
  specVersionMachine,
} from '../../domain/spec.ts';
import type { Cause } from '../../domain/state-machine.ts';
import type { Database, SpecRow, SpecVersionRow } from '../tables.ts';
import { inTransaction } from '../transaction.ts';
import { appendEvent } from './event-log.ts';

export function toSpecVersion(row: SpecVersionRow): SpecVersion {
  return {
    id: row.id,
    specId: row.spec_id,
    version: row.version,
    state: row.state as SpecVersionState,
    body: row.body as unknown as SpecBody,
    messageId: row.message_id,
    createdAt: row.created_at,
  };
}

/** Creates the spec for an intent (once) and returns its id. */
export async function ensureSpec(
  db: Kysely<Database>,
  input: {
    intentId: string;
    channelId: string;
    threadId: string;
    repo: string | null;
    triggerMessageId?: string;
    requestedBy?: string | null;
  },
): Promise<string> {
  await db
    .insertInto('specs')
    .values({
      id: randomUUID(),
      intent_id: input.intentId,
      channel_id: input.channelId,
      thread_id: input.threadId,
      repo: input.repo,
      trigger_message_id: input.triggerMessageId ?? null,
      requested_by: input.requestedBy ?? null,
    })
    .onConflict((oc) => oc.column('intent_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('specs')
    .select('id')
    .where('intent_id', '=', input.intentId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds the next version of a spec in state `proposed`; the caller supersedes the previous one. */
export async function addSpecVersion(
  db: Kysely<Database>,
  specId: string,
  body: SpecBody,
  cause: Cause,
): Promise<SpecVersion> {
  return inTransaction(db, async (trx) => {
    const spec = await trx
      .updateTable('specs')
      .set((eb) => ({ current_version: eb('current_version', '+', 1) }))
      .where('id', '=', specId)
      .returning('current_version')
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('spec_versions')
      .values({
        id: randomUUID(),
        spec_id: specId,
        version: spec.current_version,
        state: 'proposed',
        body: JSON.stringify(body),
        message_id: null,
        source_event_id: cause.eventId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendEvent(trx, row.id, { machine: specVersionMachine.name, from: null, to: 'proposed', cause });
    return toSpecVersion(row);
  });
}

export async function findSpecVersion(db: Kysely<Database>, id: string): Promise<SpecVersion | undefined> {
  const row = await db.selectFrom('spec_versions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSpecVersion(row) : undefined;
}

export interface Spec {
  id: string;
  intentId: string;
  channelId: string;
  threadId: string;
  repo: string | null;
  currentVersion: number;
  triggerMessageId: string | null;
  requestedBy: string | null;
}

function toSpec(row: SpecRow): Spec {
  return {
    id: row.id,
    intentId: row.intent_id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    repo: row.repo,
    currentVersion: row.current_version,
    triggerMessageId: row.trigger_message_id,
    requestedBy: row.requested_by,
  };
}

export async function findSpec(db: Kysely<Database>, id: string): Promise<Spec | undefined> {
  const row = await db.selectFrom('specs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSpec(row) : undefined;
}

/** The spec whose thread a message belongs to, if any (a reply there revises it). */
export async function findSpecByThread(db: Kysely<Database>, threadId: string): Promise<Spec | undefined> {
  const row = await db.selectFrom('specs').selectAll().where('thread_id', '=', threadId).executeTakeFirst();
  return row ? toSpec(row) : undefined;
}

/** Which of these threads have a spec (the inbox drainer asks once per batch of thread replies). */
export async function threadsWithSpecs(
  db: Kysely<Database>,
  threadIds: readonly string[],
): Promise<Set<string>> {
  if (threadIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('specs')
    .select('thread_id')
    .where('thread_id', 'in', [...new Set(threadIds)])
    .execute();
  return new Set(rows.map((row) => row.thread_id));
}

export async function findSpecByIntent(db: Kysely<Database>, intentId: string): Promise<Spec | undefined> {
  const row = await db.selectFrom('specs').selectAll().where('intent_id', '=', intentId).executeTakeFirst();
  return row ? toSpec(row) : undefined;
}

export async function setSpecThread(db: Kysely<Database>, specId: string, threadId: string): Promise<void> {
  await db.updateTable('specs').set({ thread_id: threadId }).where('id', '=', specId).execute();
}

/** The version posted as a given chat message (reactions on that message decide it). */
export async function findVersionByMessage(
  db: Kysely<Database>,
  messageId: string,
): Promise<SpecVersion | undefined> {
  const row = await db
    .selectFrom('spec_versions')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return row ? toSpecVersion(row) : undefined;
}

export async function findVersionBySource(
  db: Kysely<Database>,
  specId: string,
  sourceEventId: string,
): Promise<SpecVersion | undefined> {
  const row = await db
    .selectFrom('spec_versions')
    .selectAll()
    .where('spec_id', '=', specId)
    .where('source_event_id', '=', sourceEventId)
    .executeTakeFirst();
  return row ? toSpecVersion(row) : undefined;
}

export async function latestVersion(db: Kysely<Database>, specId: string): Promise<SpecVersion | undefined> {
  const row = await db
    .selectFrom('spec_versions')
    .selectAll()
    .where('spec_id', '=', specId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toSpecVersion(row) : undefined;
}

export async function setVersionMessage(
  db: Kysely<Database>,
  versionId: string,
  messageId: string,
): Promise<void> {
  await db
    .updateTable('spec_versions')
    .set({ message_id: messageId, updated_at: new Date() })
    .where('id', '=', versionId)
    .execute();
}
