import {
  type APIPartialEmoji,
  type GatewayMessageReactionAddDispatchData,
  type GatewayMessageReactionRemoveDispatchData,
  ReactionType,
} from 'discord.js';
import { guildMember, type UserInput } from './fixtures-entities.ts';

export interface ReactionInput {
  messageId: string;
  channelId: string;
  /** Omit for a DM reaction (no member is attached then). */
  guildId?: string;
  user: UserInput;
  /** The reacting member's roles; only used in guilds. */
  roles?: string[];
  /** Defaults to the unicode check mark, `{ name: '✅', id: null }`. */
  emoji?: APIPartialEmoji;
  messageAuthorId?: string;
}

export const CHECK_MARK: APIPartialEmoji = { id: null, name: '✅' };

/** MESSAGE_REACTION_ADD data; in guilds Discord attaches the reacting member (with its user). */
export function reactionAdd(input: ReactionInput): GatewayMessageReactionAddDispatchData {
  const data: GatewayMessageReactionAddDispatchData = {
    ...reactionRemove(input),
    burst_colors: [],
  };
  if (input.guildId) data.member = guildMember({ user: input.user, roles: input.roles ?? [] });
  if (input.messageAuthorId) data.message_author_id = input.messageAuthorId;
  return data;
}

/** MESSAGE_REACTION_REMOVE data: only ids and the emoji, no member. */
export function reactionRemove(input: ReactionInput): GatewayMessageReactionRemoveDispatchData {
  return {
    user_id: input.user.id,
    channel_id: input.channelId,
    message_id: input.messageId,
    ...(input.guildId ? { guild_id: input.guildId } : {}),
    emoji: input.emoji ?? CHECK_MARK,
    burst: false,
    type: ReactionType.Normal,
  };
}

/** Turns the `:emoji` URL segment of a reactions route into the emoji object Discord echoes back. */
export function emojiFromRoute(segment: string): APIPartialEmoji | null {
  const decoded = decodeURIComponent(segment);
  if (decoded.length === 0) return null;
  const custom = /^<?a?:?([\w~]{2,32}):(\d{17,20})>?$/.exec(decoded);
  if (custom) return { name: custom[1] ?? null, id: custom[2] ?? null };
  return { name: decoded, id: null };
}

/** A stable key for an emoji, the same form discord.js uses for its reaction cache. */
export function emojiKey(emoji: APIPartialEmoji): string {
  return emoji.id ?? emoji.name ?? '';
}
