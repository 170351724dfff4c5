import {
  type APIEmbed,
  type APIMessage,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageDeleteDispatchData,
  type GatewayMessageUpdateDispatchData,
  MessageReferenceType,
  MessageType,
} from 'discord.js';
import { type MemberInput, memberWithoutUser, type UserInput, user } from './fixtures-entities.ts';
import { nextSnowflake, snowflakeTime } from './snowflake.ts';

export interface MessageInput {
  /** Defaults to a fresh snowflake. */
  id?: string;
  channelId: string;
  /** Omit for a DM. */
  guildId?: string;
  author: UserInput;
  content?: string;
  /** Roles etc. of the author in the guild; `null` for authors without a member (webhooks). */
  member?: Omit<MemberInput, 'user'> | null;
  mentions?: UserInput[];
  mentionRoles?: string[];
  mentionEveryone?: boolean;
  webhookId?: string;
  /** Makes the message a reply (type 19) to `messageId`. */
  messageReference?: { messageId: string; channelId?: string; guildId?: string };
  referencedMessage?: APIMessage | null;
  embeds?: APIEmbed[];
  editedTimestamp?: string | null;
  flags?: number;
}

/** A message as REST returns it (`GET /channels/:id/messages/:mid`): no guild_id, no member. */
export function apiMessage(input: MessageInput): APIMessage {
  const id = input.id ?? nextSnowflake();
  const message: APIMessage = {
    id,
    channel_id: input.channelId,
    author: user(input.author),
    content: input.content ?? '',
    timestamp: snowflakeTime(id).toISOString(),
    edited_timestamp: input.editedTimestamp ?? null,
    tts: false,
    mention_everyone: input.mentionEveryone ?? false,
    mentions: (input.mentions ?? []).map(user),
    mention_roles: input.mentionRoles ?? [],
    attachments: [],
    embeds: input.embeds ?? [],
    pinned: false,
    type: input.messageReference ? MessageType.Reply : MessageType.Default,
    flags: input.flags ?? 0,
    components: [],
  };
  if (input.webhookId) message.webhook_id = input.webhookId;
  if (input.messageReference) {
    message.message_reference = {
      type: MessageReferenceType.Default,
      message_id: input.messageReference.messageId,
      channel_id: input.messageReference.channelId ?? input.channelId,
      ...(input.guildId || input.messageReference.guildId
        ? { guild_id: input.messageReference.guildId ?? input.guildId }
        : {}),
    };
  }
  if (input.referencedMessage !== undefined) message.referenced_message = input.referencedMessage;
  return message;
}

/** MESSAGE_CREATE data: the REST shape plus guild_id, the author's member, and members on mentions. */
export function messageCreate(input: MessageInput): GatewayMessageCreateDispatchData {
  const base = apiMessage(input);
  if (!input.guildId) return base;
  const withGuild: GatewayMessageCreateDispatchData = {
    ...base,
    guild_id: input.guildId,
    mentions: base.mentions.map((mentioned) => ({ ...mentioned, member: memberWithoutUser() })),
  };
  const hasMember = input.member !== null && !input.webhookId;
  if (hasMember) withGuild.member = memberWithoutUser(input.member ?? {});
  return withGuild;
}

/** MESSAGE_UPDATE data: in API v10 this is the full edited message. */
export function messageUpdate(input: MessageInput & { id: string }): GatewayMessageUpdateDispatchData {
  return messageCreate({ ...input, editedTimestamp: input.editedTimestamp ?? new Date().toISOString() });
}

export function messageDelete(input: {
  id: string;
  channelId: string;
  guildId?: string;
}): GatewayMessageDeleteDispatchData {
  return {
    id: input.id,
    channel_id: input.channelId,
    ...(input.guildId ? { guild_id: input.guildId } : {}),
  };
}
