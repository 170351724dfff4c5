import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../tables.ts';
import type { MemoryItem } from './memory.ts';

/** The memory scopes a channel sees: its own, and its repository's. */
export interface MemoryScopes {
  channelId: string;
  repo: string | null;
}

function inScopes(scopes: MemoryScopes) {
  return sql<boolean>`((scope = 'channel' and scope_id = ${scopes.channelId})${
    scopes.repo ? sql` or (scope = 'repo' and scope_id = ${scopes.repo})` : sql``
  })`;
}

/** Items of the channel's scopes whose id starts with `prefix` (ids are shown shortened). */
export async function findMemoryByPrefix(
  db: Kysely<Database>,
  scopes: MemoryScopes,
  prefix: string,
): Promise<Pick<MemoryItem, 'id' | 'text'>[]> {
  return db
    .selectFrom('memory_items')
    .select(['id', 'text'])
    .where(inScopes(scopes))
    .where(sql<string>`cast(id as text)`, 'like', `${prefix.toLowerCase()}%`)
    .limit(2)
    .execute();
}

/**
 * Remembers an item strictly after every other item of its scope (the clock may tick in whole
 * milliseconds, and a transaction's now() does not move), so "oldest first out" is always defined.
 */
export async function rememberInOrder(
  db: Kysely<Database>,
  item: { scope: 'repo' | 'channel'; scopeId: string; kind: string; text: string; source: string },
): Promise<void> {
  await db
    .insertInto('memory_items')
    .values({
      id: randomUUID(),
      scope: item.scope,
      scope_id: item.scopeId,
      kind: item.kind,
      text: item.text,
      source: item.source,
      created_at: sql<Date>`greatest(now(), (select max(created_at) + interval '1 microsecond'
        from memory_items where scope = ${item.scope} and scope_id = ${item.scopeId}))`,
    })
    .execute();
}

export async function forgetMemory(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('memory_items').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Keeps the newest `keep` items of one scope and deletes the rest; returns how many went. */
export async function pruneMemory(
  db: Kysely<Database>,
  scope: 'repo' | 'channel',
  scopeId: string,
  keep: number,
): Promise<number> {
  const result = await db
    .deleteFrom('memory_items')
    .where('scope', '=', scope)
    .where('scope_id', '=', scopeId)
    .where('id', 'not in', (eb) =>
      eb
        .selectFrom('memory_items')
        .select('id')
        .where('scope', '=', scope)
        .where('scope_id', '=', scopeId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(keep),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The item remembered from one source (a spec version, a pull request, a repository's docs). */
export async function memoryBySource(
  db: Kysely<Database>,
  source: string,
): Promise<Pick<MemoryItem, 'id' | 'text'> | undefined> {
  return db.selectFrom('memory_items').select(['id', 'text']).where('source', '=', source).executeTakeFirst();
}

export async function setMemoryText(db: Kysely<Database>, id: string, text: string): Promise<void> {
  await db.updateTable('memory_items').set({ text }).where('id', '=', id).execute();
}

/** Whether a spec other than `specId` was ever made for the repository (conventions are read once). */
export async function repoHasEarlierSpec(
  db: Kysely<Database>,
  repo: string,
  specId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('specs')
    .select('id')
    .where('repo', '=', repo)
    .where('id', '!=', specId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The first message an author wrote in a thread after `after`, by arrival (server time: platform
 * timestamps of different platforms are not comparable with ours). A rejection's reason is read here.
 */
export async function firstReplyAfter(
  db: Kysely<Database>,
  q: { threadId: string; authorId: string; after: Date },
): Promise<string | undefined> {
  const row = await db
    .selectFrom('messages')
    .select('text')
    .where('thread_id', '=', q.threadId)
    .where('author_id', '=', q.authorId)
    .where('deleted_at', 'is', null)
    .where('created_at', '>', q.after)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.text;
}
