import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../tables.ts';

export interface MemoryItem {
  id: string;
  scope: 'repo' | 'channel';
  scopeId: string;
  kind: string;
  text: string;
  createdAt: Date;
}

export async function remember(
  db: Kysely<Database>,
  item: { scope: 'repo' | 'channel'; scopeId: string; kind: string; text: string; source?: string },
): Promise<void> {
  await db
    .insertInto('memory_items')
    .values({
      id: randomUUID(),
      scope: item.scope,
      scope_id: item.scopeId,
      kind: item.kind,
      text: item.text,
      source: item.source ?? null,
    })
    .execute();
}

/** Memory for a channel and its repository, newest first. */
export async function memoryFor(
  db: Kysely<Database>,
  q: { repo: string | null; channelId: string; limit: number },
): Promise<MemoryItem[]> {
  const rows = await db
    .selectFrom('memory_items')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'channel'), eb('scope_id', '=', q.channelId)]),
        ...(q.repo ? [eb.and([eb('scope', '=', 'repo'), eb('scope_id', '=', q.repo)])] : []),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope as MemoryItem['scope'],
    scopeId: r.scope_id,
    kind: r.kind,
    text: r.text,
    createdAt: r.created_at,
  }));
}
