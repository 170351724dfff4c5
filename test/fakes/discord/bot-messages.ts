import {
  type APIAttachment,
  type APIMessage,
  EmbedType,
  GatewayDispatchEvents,
  type GatewayMessageCreateDispatchData,
  MessageReferenceType,
  MessageType,
} from 'discord.js';
import { apiMessage, type MessageInput } from './fixtures-messages.ts';
import type { MessageBody } from './message-validation.ts';
import type { UploadedFile } from './rest-types.ts';
import { botMember, type RouteContext } from './route-context.ts';
import { nextSnowflake } from './snowflake.ts';

const EPHEMERAL = 64;

function attachments(context: RouteContext, channelId: string, files: UploadedFile[]): APIAttachment[] {
  return files.map((file) => {
    const id = nextSnowflake();
    const url = `${context.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return {
      id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url,
      content_type: file.contentType,
    };
  });
}

/** Users mentioned as `<@id>` in the content who are members of the channel's guild. */
function mentionedUsers(context: RouteContext, channelId: string, content: string): MessageInput['mentions'] {
  const guildId = context.store.guildIdOf(channelId);
  const members = guildId ? (context.store.guilds.get(guildId)?.members ?? []) : [];
  const ids = new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1]));
  return members
    .filter((member) => ids.has(member.user.id))
    .map((member) => ({ id: member.user.id, username: member.user.username, bot: member.user.bot ?? false }));
}

/** The message Discord stores for a bot's create-message call: author = bot, content/embeds as sent. */
export function buildBotMessage(
  context: RouteContext,
  channelId: string,
  body: MessageBody,
  files: UploadedFile[],
): APIMessage {
  const content = body.content ?? '';
  const message = apiMessage({
    channelId,
    author: { id: context.bot.id, username: context.bot.username, bot: true },
    content,
    mentions: mentionedUsers(context, channelId, content) ?? [],
    mentionRoles: [...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1] ?? ''),
    embeds: (body.embeds ?? []).map((embed) => ({ type: EmbedType.Rich, ...embed })),
    flags: body.flags ?? 0,
  });
  message.tts = body.tts ?? false;
  message.attachments = attachments(context, channelId, files);
  message.components = (body.components ?? []) as APIMessage['components'] & object;
  if (body.nonce !== undefined) message.nonce = body.nonce;
  const referencedId = body.message_reference?.message_id;
  if (referencedId) {
    const guildId = context.store.guildIdOf(channelId);
    message.type = MessageType.Reply;
    message.message_reference = {
      type: MessageReferenceType.Default,
      message_id: referencedId,
      channel_id: body.message_reference?.channel_id ?? channelId,
      ...(guildId ? { guild_id: guildId } : {}),
    };
    message.referenced_message = context.store.message(referencedId) ?? null;
  }
  return message;
}

/** Applies an edit body to a stored message, as PATCH on messages and webhook messages does. */
export function editedMessage(existing: APIMessage, body: MessageBody): APIMessage {
  const edited: APIMessage = { ...existing, edited_timestamp: new Date().toISOString() };
  if (body.content !== undefined) edited.content = body.content ?? '';
  if (body.embeds !== undefined)
    edited.embeds = (body.embeds ?? []).map((embed) => ({ type: EmbedType.Rich, ...embed }));
  if (body.components !== undefined)
    edited.components = (body.components ?? []) as APIMessage['components'] & object;
  if (body.flags !== undefined && body.flags !== null) edited.flags = body.flags;
  return edited;
}

export function isEphemeral(message: APIMessage): boolean {
  return ((message.flags ?? 0) & EPHEMERAL) !== 0;
}

/**
 * Sends the bot's own message event back over the gateway like Discord does (with guild_id and the bot's
 * member), so code under test sees its own messages arrive and has to ignore them. Ephemeral messages are
 * only visible to the invoking user and never dispatched.
 */
export function echoBotMessage(
  context: RouteContext,
  t: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate,
  message: APIMessage,
): void {
  if (!context.echoOwnActions || isEphemeral(message)) return;
  const guildId = context.store.guildIdOf(message.channel_id);
  const data: GatewayMessageCreateDispatchData = guildId
    ? { ...message, guild_id: guildId, member: botMember(context, guildId) }
    : message;
  context.dispatch(t, data);
}

export function echoBotMessageDelete(context: RouteContext, message: APIMessage): void {
  if (!context.echoOwnActions || isEphemeral(message)) return;
  const guildId = context.store.guildIdOf(message.channel_id);
  context.dispatch(GatewayDispatchEvents.MessageDelete, {
    id: message.id,
    channel_id: message.channel_id,
    ...(guildId ? { guild_id: guildId } : {}),
  });
}
