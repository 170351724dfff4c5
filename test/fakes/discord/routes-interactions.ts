import {
  type APIMessage,
  GatewayDispatchEvents,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord.js';
import { buildBotMessage, echoBotMessage } from './bot-messages.ts';
import { type MessageBody, validateMessageBody } from './message-validation.ts';
import { Errors, json, noContent, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';
import type { InteractionRecord } from './store.ts';

const CREATES_MESSAGE = new Set<number>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
]);

/** A message posted through the interaction's webhook: webhook_id = app id, with interaction metadata. */
export function interactionMessage(
  context: RouteContext,
  record: InteractionRecord,
  body: MessageBody,
  call: RestRequest['call'],
  type: MessageType,
): APIMessage {
  const message = buildBotMessage(context, record.channelId, body, call.files);
  message.type = type;
  message.webhook_id = record.applicationId;
  message.application_id = record.applicationId;
  if (record.user) {
    message.interaction_metadata = {
      id: record.id,
      type: InteractionType.ApplicationCommand,
      user: record.user,
      authorizing_integration_owners: record.guildId ? { 0: record.guildId } : {},
    };
  }
  return context.store.putMessage(message);
}

/** `POST /interactions/:id/:token/callback`, answered once per interaction like on Discord. */
function callback(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const record = context.store.interactions.get(params.token ?? '');
  if (!record || record.id !== params.interactionId) return Errors.unknownInteraction();
  if (record.responseType !== null) return Errors.alreadyAcknowledged();
  const { type, data = {} } = (call.body ?? {}) as { type?: number; data?: MessageBody };
  if (typeof type !== 'number')
    return Errors.invalidFormBody({ type: { _errors: [{ code: 'BASE_TYPE_REQUIRED' }] } });
  if (type === InteractionResponseType.ChannelMessageWithSource) {
    const invalid = validateMessageBody(data, call.files.length, false);
    if (invalid) return invalid;
  }
  record.responseType = type;
  context.store.interactionResponses.push({
    interactionId: record.id,
    token: record.token,
    type,
    data,
    at: call.at,
  });
  let message: APIMessage | null = null;
  if (CREATES_MESSAGE.has(type)) {
    const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
    // A deferred reply shows as a "thinking..." message: empty, flagged Loading until @original is edited.
    const body = deferred
      ? { flags: MessageFlags.Loading | ((data.flags ?? 0) & MessageFlags.Ephemeral) }
      : data;
    message = interactionMessage(context, record, body, call, MessageType.ChatInputCommand);
    record.originalMessageId = message.id;
  }
  const echo = () => message && echoBotMessage(context, GatewayDispatchEvents.MessageCreate, message);
  if (call.query.with_response !== 'true') return noContent(echo);
  const flags = message?.flags ?? 0;
  const interaction = {
    id: record.id,
    type: InteractionType.ApplicationCommand,
    ...(message ? { response_message_id: message.id } : {}),
    response_message_loading: (flags & MessageFlags.Loading) !== 0,
    response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
  };
  return { ...json({ interaction, resource: { type, ...(message ? { message } : {}) } }), after: echo };
}

export function interactionRoutes(context: RouteContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/interactions/:interactionId/:token/callback',
      auth: 'none',
      handle: (r) => callback(context, r),
    },
  ];
}
