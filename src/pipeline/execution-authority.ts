import type { ChatUser } from '../domain/chat.ts';
import type { StageDeps } from './context.ts';

/**
 * Who may steer a run (cancel it, retry it, start a fix): the channel's approvers or whoever asked
 * for the spec; never a bot or an untrusted user.
 */
export async function maySteerExecution(
  deps: StageDeps,
  user: ChatUser,
  executionId: string,
): Promise<boolean> {
  if (user.isBot || user.trust !== 'trusted') return false;
  const row = await deps.db
    .selectFrom('executions as e')
    .innerJoin('spec_versions as v', 'v.id', 'e.spec_version_id')
    .innerJoin('specs as s', 's.id', 'v.spec_id')
    .innerJoin('channels as c', 'c.id', 's.channel_id')
    .select(['s.requested_by', 'c.approvers'])
    .where('e.id', '=', executionId)
    .executeTakeFirst();
  const approvers = row?.approvers ?? deps.defaults.approvers;
  return Boolean(row && (approvers.includes(user.id) || row.requested_by === user.id));
}
