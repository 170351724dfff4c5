/** Canonical chat types: adapters translate platform payloads into these at the edge. */
export type PlatformName = 'slack' | 'discord' | 'local';

/** Untrusted authors' words are data, never instructions, and their reactions never count. */
export type TrustLabel = 'trusted' | 'untrusted';
export type UntrustedReason = 'bot' | 'webhook' | 'guest' | 'external' | 'no-trusted-role' | 'unverified';

export interface ChatUser {
  /** Canonical user id, `slack:U123`, `discord:456`. */
  id: string;
  name: string;
  trust: TrustLabel;
  untrustedReason?: UntrustedReason;
  isBot: boolean;
}

export interface ChannelRef {
  platform: PlatformName;
  /** Slack team id, Discord guild id, `local` for the playground. */
  workspaceId: string;
  /** Platform channel id (a Discord thread is a channel of its own). */
  channelId: string;
}

export interface MessageRef {
  channel: ChannelRef;
  /** Platform message id: Slack `ts`, Discord snowflake. */
  messageId: string;
  /** Platform id of the thread the message lives in, when it is in one. */
  threadId?: string;
}

export interface ChatMessage {
  ref: MessageRef;
  author: ChatUser;
  text: string;
  mentionsBot: boolean;
  at: Date;
}

export const channelKey = (c: ChannelRef): string => `${c.platform}:${c.workspaceId}:${c.channelId}`;
export const messageKey = (m: MessageRef): string => `${channelKey(m.channel)}:${m.messageId}`;
/** The canonical id of the thread a message belongs to (its root when it is a reply). */
export const threadKey = (m: MessageRef): string => `${channelKey(m.channel)}:${m.threadId ?? m.messageId}`;

/**
 * Rebuilds a ref from canonical keys (`platform:workspace:channel:message` and the thread key).
 * Platform ids contain no colon, so splitting is safe.
 */
export function refFromKeys(key: string, thread?: string): MessageRef {
  const [platform, workspaceId, channelId, messageId] = key.split(':');
  if (!platform || !workspaceId || !channelId || !messageId) throw new Error(`not a message key: ${key}`);
  const threadId = thread?.split(':')[3];
  const ref: MessageRef = {
    channel: { platform: platform as PlatformName, workspaceId, channelId },
    messageId,
  };
  // A thread key equal to the message itself means "not in a thread yet" (it may start one).
  if (threadId && threadId !== messageId) ref.threadId = threadId;

  return ref;
}

/** Platform-neutral rich text
: adapters render it as Block Kit, embeds or HTML, with `text` as fallback. */
export interface RichMessage {
  text: string;
  title?: string;
  sections?: RichSection[];
  context?: string;
}

export interface RichSection {
  heading?: string;
  body?: string;
  items?: string[];
  fields?: { label: string; value: string }[];
}
