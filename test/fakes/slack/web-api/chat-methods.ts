import type { FakeMessage } from '../types.ts';
import { boolArg, requireString, SlackMethodError, stringArg } from './args.ts';
import { permalinkFor, readMessageContent } from './message-content.ts';
import {
  botMethod,
  type MethodContext,
  type MethodTable,
  requireChannel,
  requireMessage,
  snapshot,
} from './method.ts';

function postMessage(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { requireMembership: true, rejectArchived: true });
  const content = readMessageContent(ctx.args, { required: true });
  const { identity } = ctx.workspace;
  const message: FakeMessage = {
    user: identity.botUserId,
    type: 'message',
    ts: ctx.workspace.nextTs(),
    bot_id: identity.botId,
    app_id: identity.appId,
    text: content.text ?? '',
    team: identity.teamId,
    bot_profile: {
      id: identity.botId,
      app_id: identity.appId,
      name: identity.botName,
      team_id: identity.teamId,
    },
    ...content,
  };
  const threadTs = stringArg(ctx.args, 'thread_ts');
  if (threadTs !== undefined) {
    message.thread_ts = threadTs;
    const parentUser = ctx.workspace.findMessage(channel.id, threadTs)?.user;
    if (parentUser !== undefined) message.parent_user_id = parentUser;
    if (boolArg(ctx.args, 'reply_broadcast')) message.subtype = 'thread_broadcast';
  }
  const username = stringArg(ctx.args, 'username');
  if (username !== undefined) message.username = username;
  ctx.workspace.insertMessage(channel.id, message);
  return { channel: channel.id, ts: message.ts, message: snapshot(message) };
}

function assertOwnMessage(ctx: MethodContext, message: FakeMessage, errorCode: string): void {
  if (message.bot_id !== ctx.workspace.identity.botId) throw new SlackMethodError(errorCode);
}

function update(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { rejectArchived: true });
  const message = requireMessage(ctx, channel.id, 'ts');
  assertOwnMessage(ctx, message, 'cant_update_message');
  const content = readMessageContent(ctx.args, { required: false });
  Object.assign(message, content);
  message.edited = { user: ctx.workspace.identity.botUserId, ts: ctx.workspace.nextTs() };
  return { channel: channel.id, ts: message.ts, text: message.text ?? '', message: snapshot(message) };
}

function deleteMessage(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx);
  const message = requireMessage(ctx, channel.id, 'ts');
  assertOwnMessage(ctx, message, 'cant_delete_message');
  ctx.workspace.removeMessage(channel.id, message.ts);
  return { channel: channel.id, ts: message.ts };
}

function postEphemeral(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx, { rejectArchived: true });
  const user = requireString(ctx.args, 'user');
  if (!ctx.workspace.user(user)) throw new SlackMethodError('user_not_in_channel');
  const content = readMessageContent(ctx.args, { required: true });
  const messageTs = ctx.workspace.nextTs();
  const threadTs = stringArg(ctx.args, 'thread_ts');
  ctx.workspace.addEphemeral({
    channel: channel.id,
    user,
    message_ts: messageTs,
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
  });
  return { message_ts: messageTs };
}

function getPermalink(ctx: MethodContext): Record<string, unknown> {
  const channel = requireChannel(ctx);
  const message = requireMessage(ctx, channel.id, 'message_ts');
  const permalink = permalinkFor(
    ctx.workspace.identity.teamDomain,
    channel.id,
    message.ts,
    message.thread_ts,
  );
  return { channel: channel.id, permalink };
}

export const chatMethods: MethodTable = {
  'chat.postMessage': botMethod(postMessage),
  'chat.update': botMethod(update),
  'chat.delete': botMethod(deleteMessage),
  'chat.postEphemeral': botMethod(postEphemeral),
  'chat.getPermalink': botMethod(getPermalink),
};
