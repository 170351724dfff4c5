import type { ChannelRef, MessageRef } from '../../src/domain/chat.ts';

/**
 * Where a Discord channel sits in Codecot's canonical model. A thread is a channel of its own on
 * Discord, but canonically a message in a thread lives in the PARENT channel with `threadId` set to the
 * thread's channel id, so `threadKey` groups a thread started on a message (same id as that message)
 * with the message itself.
 */
export interface Location {
  guildId: string;
  /** The parent channel for a thread, else the channel itself. */
  channelId: string;
  /** The thread's channel id when the channel is a thread. */
  threadId?: string;
}

export const canonicalUserId = (userId: string): string => `discord:${userId}`;

/** The raw snowflake of a canonical `discord:123` user id (other platforms' ids pass through). */
export const rawUserId = (canonical: string): string => canonical.replace(/^discord:/, '');

export function channelRef(location: Location): ChannelRef {
  return { platform: 'discord', workspaceId: location.guildId, channelId: location.channelId };
}

export function messageRef(location: Location, messageId: string): MessageRef {
  const ref: MessageRef = { channel: channelRef(location), messageId };
  if (location.threadId) ref.threadId = location.threadId;
  return ref;
}

/**
 * The Discord channel a message physically lives in. A thread started on a message has that message's
 * id, but the starter message itself stays in the parent channel, hence the second condition.
 */
export function containerOf(ref: MessageRef): string {
  return ref.threadId && ref.threadId !== ref.messageId ? ref.threadId : ref.channel.channelId;
}

export function permalinkOf(ref: MessageRef): string {
  return `https://discord.com/channels/${ref.channel.workspaceId}/${containerOf(ref)}/${ref.messageId}`;
}

/** A unicode emoji is its own name; a custom emoji is `name:id`, the form the reaction routes take. */
export function emojiName(emoji: {
  id?: string | null | undefined;
  name?: string | null | undefined;
}): string {
  return emoji.id ? `${emoji.name ?? '_'}:${emoji.id}` : (emoji.name ?? '');
}

/**
 * Canonical delivery ids. A gateway replay (after RESUME) or a re-read of history after a re-IDENTIFY
 * produces the same dispatch for the same message, so message ids are built from what identifies the
 * change, never from the gateway sequence number alone (it restarts with every session). Reactions
 * carry the session and sequence too: the same user can remove and re-add the same emoji, and that
 * second add is a new vote, while a RESUME replay keeps both and stays a duplicate.
 */
export const eventIds = {
  messageCreate: (messageId: string) => `discord:MESSAGE_CREATE:${messageId}`,
  /** One id per edit: the same message edited twice has two edited timestamps. */
  messageUpdate: (messageId: string, editedAt: string) => `discord:MESSAGE_UPDATE:${messageId}:${editedAt}`,
  messageDelete: (messageId: string) => `discord:MESSAGE_DELETE:${messageId}`,
  reaction: (added: boolean, messageId: string, userId: string, emoji: string, delivery: string) =>
    `discord:${added ? 'REACTION_ADD' : 'REACTION_REMOVE'}:${messageId}:${userId}:${emoji}:${delivery}`,
  interaction: (interactionId: string) => `discord:INTERACTION_CREATE:${interactionId}`,
  /** `joined_at` tells a re-invite after a kick apart from a GUILD_CREATE replay of the same join. */
  guildJoin: (guildId: string, joinedAt: string) => `discord:GUILD_CREATE:${guildId}:${joinedAt}`,
};
