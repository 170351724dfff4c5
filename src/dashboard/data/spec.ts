import type { Kysely } from 'kysely';
import type { Database } from '../../store/tables.ts';

/** A spec with its intent, every version (oldest first), and each version's reactions and log. */
export async function specDetail(db: Kysely<Database>, specId: string) {
  const spec = await db.selectFrom('specs').selectAll().where('id', '=', specId).executeTakeFirst();
  if (!spec) return undefined;
  const [intent, channel, versions] = await Promise.all([
    db.selectFrom('intents').selectAll().where('id', '=', spec.intent_id).executeTakeFirst(),
    db.selectFrom('channels').selectAll().where('id', '=', spec.channel_id).executeTakeFirst(),
    db.selectFrom('spec_versions').selectAll().where('spec_id', '=', specId).orderBy('version').execute(),
  ]);
  const ids = versions.map((v) => v.id);
  const [reactions, events] = ids.length
    ? await Promise.all([
        db
          .selectFrom('reactions')
          .selectAll()
          .where('spec_version_id', 'in', ids)
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('event_log')
          .selectAll()
          .where('entity', '=', 'spec_version')
          .where('entity_id', 'in', ids)
          .orderBy('id')
          .execute(),
      ])
    : [[], []];
  return {
    spec,
    intent,
    channel,
    versions: versions.map((v) => ({
      ...v,
      reactions: reactions.filter((r) => r.spec_version_id === v.id),
      events: events.filter((e) => e.entity_id === v.id),
    })),
  };
}

export type SpecDetail = NonNullable<Awaited<ReturnType<typeof specDetail>>>;
