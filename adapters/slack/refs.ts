import type { ChannelRef, MessageRef } from '../../src/domain/chat.ts';

/** What the adapter learns from `auth.test` and needs to turn payloads into canonical events. */
export interface WorkspaceContext {
  /** The team the app is installed in: every ChannelRef's workspaceId, and the "internal" team. */
  teamId: string;
  /** The bot's own Slack user id (`U…`), without the `slack:` prefix. */
  botUserId: string;
}

const PREFIX = 'slack:';

export const canonicalUserId = (rawId: string): string => `${PREFIX}${rawId}`;

/** `slack:U123` -> `U123`; a bare id passes through, so callers may hand either. */
export const rawUserId = (userId: string): string =>
  userId.startsWith(PREFIX) ? userId.slice(PREFIX.length) : userId;

export function channelRef(teamId: string, channelId: string): ChannelRef {
  return { platform: 'slack', workspaceId: teamId, channelId };
}

/** A message ref; `threadTs` is the root's ts for a reply (Slack sets it on the root too, once replied to). */
export function messageRef(teamId: string, channelId: string, ts: string, threadTs?: string): MessageRef {
  const ref: MessageRef = { channel: channelRef(teamId, channelId), messageId: ts };
  if (threadTs !== undefined) ref.threadId = threadTs;
  return ref;
}

/** The ts to pass as `thread_ts` so a reply lands in the thread `ref` belongs to (or starts one on it). */
export const threadRootOf = (ref: MessageRef): string => ref.threadId ?? ref.messageId;

/** Slack ts values are "<unix seconds>.<microseconds>"; they double as the message's send time. */
export function tsToDate(ts: string): Date {
  const [seconds = '0', micros = '0'] = ts.split('.');
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micros.padEnd(6, '0')) / 1000));
}

/** Slack escapes &, < and > in message text; canonical text carries the characters themselves. */
export function decodeSlackText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

export const mentionsUser = (text: string, rawId: string): boolean =>
  new RegExp(`<@${rawId}(?:\\|[^>]*)?>`).test(text);
