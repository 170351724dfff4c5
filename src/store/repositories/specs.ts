import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type SpecBody,
  type SpecVersion,
  type SpecVersionState,
  specVersionMachine,
} from '../../domain/spec.ts';
import type { Cause } from '../../domain/state-machine.ts';
import type { Database, SpecVersionRow } from '../tables.ts';
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
  input: { intentId: string; channelId: string; threadId: string; repo: string | null },
): Promise<string> {
  await db
    .insertInto('specs')
    .values({
      id: randomUUID(),
      intent_id: input.intentId,
      channel_id: input.channelId,
      thread_id: input.threadId,
      repo: input.repo,
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
  return db.transaction().execute(async (trx) => {
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
