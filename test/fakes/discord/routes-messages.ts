import { ChannelType, GatewayDispatchEvents } from 'discord.js';
import {
  buildBotMessage,
  echoBotMessage,
  echoBotMessageDelete,
  editedMessage,
  isEphemeral,
} from './bot-messages.ts';
import { type MessageBody, validateMessageBody } from './message-validation.ts';
import { Errors, json, noContent, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';
import { compareSnowflakes } from './snowflake.ts';

const MESSAGE = '/channels/:channelId/messages/:messageId';

/** `GET /channels/:id/messages`: newest first, honouring `limit` (1-100, default 50), `before` and `after`. */
function listMessages(context: RouteContext, { call, params }: RestRequest): RestResponse {
  if (!context.store.channels.has(params.channelId ?? '')) return Errors.unknownChannel();
  const { before, after, limit } = call.query;
  const max = Math.min(Math.max(Number(limit ?? 50) || 50, 1), 100);
  const visible = context.store
    .messagesIn(params.channelId ?? '')
    .filter((message) => !before || compareSnowflakes(message.id, before) < 0)
    .filter((message) => !after || compareSnowflakes(message.id, after) > 0);
  // `after` pages forward from the oldest matching messages; everything else pages back from the newest.
  const page = after ? visible.slice(0, max) : visible.slice(-max);
  return json(page.reverse());
}

function createMessage(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const channelId = params.channelId ?? '';
  const channel = context.store.channels.get(channelId);
  if (!channel) return Errors.unknownChannel();
  if (channel.type === ChannelType.GuildCategory) return Errors.notTextChannel();
  const body = (call.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, call.files.length, false);
  if (invalid) return invalid;
  const referencedId = body.message_reference?.message_id;
  if (
    referencedId &&
    !context.store.message(referencedId) &&
    body.message_reference?.fail_if_not_exists !== false
  ) {
    return Errors.invalidFormBody({
      message_reference: {
        _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
      },
    });
  }
  const stored = context.store.putMessage(buildBotMessage(context, channelId, body, call.files));
  return {
    ...json(stored),
    after: () => echoBotMessage(context, GatewayDispatchEvents.MessageCreate, stored),
  };
}

function findMessage(context: RouteContext, params: Record<string, string>) {
  const message = context.store.message(params.messageId ?? '');
  return message && message.channel_id === params.channelId && !isEphemeral(message) ? message : undefined;
}

function getMessage(context: RouteContext, { params }: RestRequest): RestResponse {
  if (!context.store.channels.has(params.channelId ?? '')) return Errors.unknownChannel();
  const message = findMessage(context, params);
  return message ? json(message) : Errors.unknownMessage();
}

function editMessage(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const existing = findMessage(context, params);
  if (!existing) return Errors.unknownMessage();
  if (existing.author.id !== context.bot.id) return Errors.cannotEditOthersMessage();
  const body = (call.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, call.files.length, true);
  if (invalid) return invalid;
  const stored = context.store.putMessage(editedMessage(existing, body));
  return {
    ...json(stored),
    after: () => echoBotMessage(context, GatewayDispatchEvents.MessageUpdate, stored),
  };
}

function deleteMessage(context: RouteContext, { params }: RestRequest): RestResponse {
  const existing = findMessage(context, params);
  if (!existing) return Errors.unknownMessage();
  context.store.deleteMessage(existing.id);
  return noContent(() => echoBotMessageDelete(context, existing));
}

export function messageRoutes(context: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/channels/:channelId/messages',
      auth: 'bot',
      handle: (r) => listMessages(context, r),
    },
    {
      method: 'POST',
      pattern: '/channels/:channelId/messages',
      auth: 'bot',
      handle: (r) => createMessage(context, r),
    },
    { method: 'GET', pattern: MESSAGE, auth: 'bot', handle: (r) => getMessage(context, r) },
    { method: 'PATCH', pattern: MESSAGE, auth: 'bot', handle: (r) => editMessage(context, r) },
    { method: 'DELETE', pattern: MESSAGE, auth: 'bot', handle: (r) => deleteMessage(context, r) },
  ];
}
