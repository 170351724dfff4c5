import type { FakeMessage, FakeSlackChannel } from '../types.ts';
import type { FakeWorkspace } from '../workspace.ts';
import { SlackMethodError, stringArg } from './args.ts';

export interface MethodContext {
  args: Record<string, unknown>;
  workspace: FakeWorkspace;
  /** Issues a Socket Mode URL with a fresh ticket (for apps.connections.open). */
  openSocketUrl: () => string;
}

/** Returns the success body without `ok`; throws SlackMethodError for `{ ok: false }` answers. */
export type MethodHandler = (ctx: MethodContext) => Record<string, unknown>;

export interface MethodSpec {
  /** Bot (xoxb) methods refuse the app-level token and vice versa, like Slack does. */
  tokenType: 'bot' | 'app';
  handler: MethodHandler;
}

export type MethodTable = Record<string, MethodSpec>;

export function botMethod(handler: MethodHandler): MethodSpec {
  return { tokenType: 'bot', handler };
}

interface ChannelLookup {
  /** Fail with `not_in_channel` when the bot has not joined (reading history, posting). */
  requireMembership?: boolean;
  /** Fail with `is_archived` on archived channels (writes). */
  rejectArchived?: boolean;
}

export function requireChannel(ctx: MethodContext, lookup: ChannelLookup = {}): FakeSlackChannel {
  const id = stringArg(ctx.args, 'channel');
  const channel = id === undefined ? undefined : ctx.workspace.channel(id);
  if (!channel) throw new SlackMethodError('channel_not_found');
  if (lookup.rejectArchived && channel.is_archived) throw new SlackMethodError('is_archived');
  if (lookup.requireMembership && channel.is_member === false) throw new SlackMethodError('not_in_channel');
  return channel;
}

export function requireMessage(ctx: MethodContext, channelId: string, tsField: string): FakeMessage {
  const ts = stringArg(ctx.args, tsField);
  const message = ts === undefined ? undefined : ctx.workspace.findMessage(channelId, ts);
  if (!message) throw new SlackMethodError('message_not_found');
  return message;
}

/** Copy a stored message for a response so later mutations in the store do not leak into it. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}
