import type { FakeSlackChannel, WorkspaceIdentity } from '../types.ts';
import { SlackMethodError, stringArg } from './args.ts';
import { botMethod, type MethodContext, type MethodTable, requireChannel, snapshot } from './method.ts';
import { pageOf, withinWindow } from './pagination.ts';

/** The conversation object as conversations.info / conversations.join return it. */
export function conversationObject(
  channel: FakeSlackChannel,
  identity: WorkspaceIdentity,
): Record<string, unknown> {
  const isIm = channel.is_im ?? false;
  const isMpim = channel.is_mpim ?? false;
  const isPrivate = channel.is_private ?? (isIm || isMpim);
  const isExtShared = channel.is_ext_shared ?? false;
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !isPrivate && !isIm && !isMpim,
    is_group: isPrivate && !isIm && !isMpim,
    is_im: isIm,
    is_mpim: isMpim,
    is_private: isPrivate,
    created: 1_700_000_000,
    creator: '',
    is_archived: channel.is_archived ?? false,
    is_general: false,
    unlinked: 0,
    is_shared: isExtShared,
    is_ext_shared: isExtShared,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: identity.teamId,
    is_member: channel.is_member ?? true,
    topic: { value: channel.topic ?? '', creator: '', last_set: 0 },
    purpose: { value: channel.purpose ?? '', creator: '', last_set: 0 },
    ...(channel.user !== undefined ? { user: channel.user } : {}),
  };
}

function history(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { requireMembership: true });
  const newestFirst = withinWindow(ctx.workspace.topLevel(channel.id), ctx.args).reverse();
  const page = pageOf(newestFirst, ctx.args, { defaultLimit: 100, newestFirst: true });
  return { ...page, messages: snapshot(page.messages), pin_count: 0 };
}

function replies(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { requireMembership: true });
  const ts = stringArg(ctx.args, 'ts');
  const target = ts === undefined ? undefined : ctx.workspace.findMessage(channel.id, ts);
  if (!target) throw new SlackMethodError('thread_not_found');
  // `ts` may name any message of the thread; Slack answers with the whole thread either way.
  const parentTs = target.thread_ts ?? target.ts;
  const parent = ctx.workspace.findMessage(channel.id, parentTs) ?? target;
  const thread = [parent, ...ctx.workspace.replies(channel.id, parent.ts)];
  // The parent counts toward `limit` and only appears on the first page.
  const page = pageOf(withinWindow(thread, ctx.args), ctx.args, { defaultLimit: 1000, newestFirst: false });
  return { ...page, messages: snapshot(page.messages) };
}

function info(ctx: MethodContext): Record<string, unknown> {
  return { channel: conversationObject(requireChannel(ctx), ctx.workspace.identity) };
}

function join(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { rejectArchived: true });
  if (channel.is_private || channel.is_im || channel.is_mpim) {
    throw new SlackMethodError('method_not_supported_for_channel_type');
  }
  const alreadyMember = channel.is_member !== false;
  channel.is_member = true;
  const body: Record<string, unknown> = { channel: conversationObject(channel, ctx.workspace.identity) };
  if (alreadyMember) {
    body.warning = 'already_in_channel';
    body.response_metadata = { warnings: ['already_in_channel'] };
  }
  return body;
}

export const conversationMethods: MethodTable = {
  'conversations.history': botMethod(history),
  'conversations.replies': botMethod(replies),
  'conversations.info': botMethod(info),
  'conversations.join': botMethod(join),
};
