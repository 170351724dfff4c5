import type { Kysely } from 'kysely';
import type { MessageRef } from '../../domain/chat.ts';
import type { Database } from '../tables.ts';

/** The channel and the half-open time window a digest covers. */
export interface DigestWindow {
  channelId: string;
  since: Date;
  until: Date;
}

/** Where a spec lives in chat: its version's message in the spec thread. */
export interface SpecPlace {
  title: string;
  messageId: string | null;
  threadId: string;
}

export const titleOf = (body: Record<string, unknown>): string =>
  typeof body.title === 'string' && body.title ? body.title : 'untitled spec';

/** Intents first seen in the window (what was discussed), with the message that raised each. */
export async function newIntents(db: Kysely<Database>, w: DigestWindow) {
  const rows = await db
    .selectFrom('intents')
    .select(['title', 'trigger_ref', 'created_at'])
    .where('channel_id', '=', w.channelId)
    .where('created_at', '>=', w.since)
    .where('created_at', '<', w.until)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ title: r.title, triggerRef: r.trigger_ref as MessageRef | null }));
}

/** Spec versions approved or rejected in the window, with the counted reactions that decided them. */
export async function decidedSpecs(db: Kysely<Database>, w: DigestWindow) {
  const rows = await db
    .selectFrom('spec_versions as v')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .select(['v.id', 'v.state', 'v.version', 'v.body', 'v.message_id', 's.thread_id'])
    .where('s.channel_id', '=', w.channelId)
    .where('v.state', 'in', ['approved', 'rejected'])
    .where('v.updated_at', '>=', w.since)
    .where('v.updated_at', '<', w.until)
    .orderBy('v.updated_at')
    .execute();
  const votes = rows.length
    ? await db
        .selectFrom('reactions')
        .select(['spec_version_id', 'user_id', 'emoji'])
        .where(
          'spec_version_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('counted', '=', true)
        .where('action', '=', 'added')
        .orderBy('created_at')
        .execute()
    : [];
  return rows.map((r) => ({
    state: r.state as 'approved' | 'rejected',
    version: r.version,
    place: { title: titleOf(r.body), messageId: r.message_id, threadId: r.thread_id } satisfies SpecPlace,
    votes: votes
      .filter((v) => v.spec_version_id === r.id)
      .map((v) => ({ userId: v.user_id, emoji: v.emoji })),
  }));
}

/** Pull requests opened in the window, and those merged in it (a merge is recorded as state `merged`). */
export async function shippedPullRequests(db: Kysely<Database>, w: DigestWindow) {
  const rows = await db
    .selectFrom('pull_requests as p')
    .innerJoin('spec_versions as v', 'v.id', 'p.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .select(['p.repo', 'p.number', 'p.url', 'p.state', 'p.draft', 'p.created_at', 'v.body'])
    .where('s.channel_id', '=', w.channelId)
    .where((eb) =>
      eb.or([
        eb.and([eb('p.created_at', '>=', w.since), eb('p.created_at', '<', w.until)]),
        eb.and([
          eb('p.state', '=', 'merged'),
          eb('p.updated_at', '>=', w.since),
          eb('p.updated_at', '<', w.until),
        ]),
      ]),
    )
    .orderBy('p.created_at')
    .execute();
  return rows.map((r) => ({
    repo: r.repo,
    number: r.number,
    url: r.url,
    merged: r.state === 'merged',
    draft: r.draft,
    title: titleOf(r.body),
  }));
}
