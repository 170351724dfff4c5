import type { Kysely } from 'kysely';
import { type ChannelRef, channelKey } from '../../domain/chat.ts';
import type { ChannelRow, ChannelUpdate, Database } from '../tables.ts';

export interface ChannelSettings {
  id: string;
  ref: ChannelRef;
  name: string | null;
  linkedRepo: string | null;
  passiveListening: boolean;
  /** Null means "use CODECOT_APPROVERS". */
  approvers: string[] | null;
  quorum: number;
  allowSelfApproval: boolean;
  digestCron: string;
  timezone: string;
  monthlyTokenBudget: number | null;
}

export function toChannelSettings(row: ChannelRow): ChannelSettings {
  return {
    id: row.id,
    ref: {
      platform: row.platform as ChannelRef['platform'],
      workspaceId: row.workspace_id,
      channelId: row.channel_id,
    },
    name: row.name,
    linkedRepo: row.linked_repo,
    passiveListening: row.passive_listening,
    approvers: row.approvers,
    quorum: row.quorum,
    allowSelfApproval: row.allow_self_approval,
    digestCron: row.digest_cron,
    timezone: row.timezone,
    monthlyTokenBudget: row.monthly_token_budget,
  };
}

/** A channel seen for the first time: its row with every setting at its default. */
const newChannelRow = (ref: ChannelRef, name?: string) => ({
  id: channelKey(ref),
  platform: ref.platform,
  workspace_id: ref.workspaceId,
  channel_id: ref.channelId,
  name: name ?? null,
  approvers: null,
  monthly_token_budget: null,
  linked_repo: null,
});

/** Returns the channel's settings, creating the row with defaults the first time it is seen. */
export async function ensureChannel(
  db: Kysely<Database>,
  ref: ChannelRef,
  name?: string,
): Promise<ChannelSettings> {
  const id = channelKey(ref);
  // Every inbound message lands here: a known channel costs one round trip, a new one three.
  const known = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  if (known) return toChannelSettings(known);
  await db
    .insertInto('channels')
    .values(newChannelRow(ref, name))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toChannelSettings(row);
}

/** ensureChannel for many channels at once (the inbox drainer): one round trip when all are known. */
export async function ensureChannels(
  db: Kysely<Database>,
  refs: readonly ChannelRef[],
): Promise<Map<string, ChannelSettings>> {
  const wanted = new Map(refs.map((ref) => [channelKey(ref), ref]));
  if (wanted.size === 0) return new Map();
  const read = async () =>
    new Map(
      (
        await db
          .selectFrom('channels')
          .selectAll()
          .where('id', 'in', [...wanted.keys()])
          .execute()
      ).map((row) => [row.id, toChannelSettings(row)]),
    );
  const known = await read();
  const missing = [...wanted].filter(([id]) => !known.has(id));
  if (missing.length === 0) return known;
  await db
    .insertInto('channels')
    .values(missing.map(([, ref]) => newChannelRow(ref)))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return read();
}

export async function findChannel(db: Kysely<Database>, id: string): Promise<ChannelSettings | undefined> {
  const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toChannelSettings(row) : undefined;
}

export type ChannelPatch = Partial<
  Pick<
    ChannelSettings,
    | 'linkedRepo'
    | 'passiveListening'
    | 'approvers'
    | 'quorum'
    | 'allowSelfApproval'
    | 'digestCron'
    | 'timezone'
    | 'monthlyTokenBudget'
  >
>;

export async function updateChannel(
  db: Kysely<Database>,
  id: string,
  patch: ChannelPatch,
): Promise<ChannelSettings> {
  const update: ChannelUpdate = { updated_at: new Date() };
  if (patch.linkedRepo !== undefined) update.linked_repo = patch.linkedRepo;
  if (patch.passiveListening !== undefined) update.passive_listening = patch.passiveListening;
  if (patch.approvers !== undefined)
    update.approvers = patch.approvers === null ? null : JSON.stringify(patch.approvers);
  if (patch.quorum !== undefined) update.quorum = patch.quorum;
  if (patch.allowSelfApproval !== undefined) update.allow_self_approval = patch.allowSelfApproval;
  if (patch.digestCron !== undefined) update.digest_cron = patch.digestCron;
  if (patch.timezone !== undefined) update.timezone = patch.timezone;
  if (patch.monthlyTokenBudget !== undefined) update.monthly_token_budget = patch.monthlyTokenBudget;
  const row = await db
    .updateTable('channels')
    .set(update)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toChannelSettings(row);
}
