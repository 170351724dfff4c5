import { type APIMessage, GatewayDispatchEvents, MessageFlags, MessageType } from 'discord.js';
import { echoBotMessage, echoBotMessageDelete, editedMessage } from './bot-messages.ts';
import { type MessageBody, validateMessageBody } from './message-validation.ts';
import { Errors, json, noContent, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';
import { interactionMessage } from './routes-interactions.ts';
import type { InteractionRecord } from './store.ts';

/** The interaction a webhook token belongs to; the fake has no standalone (channel) webhooks. */
function interactionOf(context: RouteContext, params: Record<string, string>): InteractionRecord | null {
  const record = context.store.interactions.get(params.token ?? '');
  return record && record.applicationId === params.applicationId ? record : null;
}

function webhookMessage(context: RouteContext, params: Record<string, string>): APIMessage | RestResponse {
  const record = interactionOf(context, params);
  if (!record) return Errors.unknownWebhook();
  const id = params.messageId === '@original' ? record.originalMessageId : (params.messageId ?? null);
  const message = id ? context.store.message(id) : undefined;
  return message?.webhook_id === record.applicationId ? message : Errors.unknownMessage();
}

function followUp(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const record = interactionOf(context, params);
  // Follow-ups only work once the interaction was acknowledged; before that Discord knows no webhook.
  if (!record || record.responseType === null) return Errors.unknownWebhook();
  const body = (call.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, call.files.length, false);
  if (invalid) return invalid;
  const message = interactionMessage(context, record, body, call, MessageType.Default);
  const echo = () => echoBotMessage(context, GatewayDispatchEvents.MessageCreate, message);
  return call.query.wait === 'true' ? { ...json(message), after: echo } : noContent(echo);
}

function editWebhookMessage(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const existing = webhookMessage(context, params);
  if ('status' in existing) return existing;
  const body = (call.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, call.files.length, true);
  if (invalid) return invalid;
  const edited = editedMessage(existing, body);
  edited.flags = (edited.flags ?? 0) & ~MessageFlags.Loading;
  const stored = context.store.putMessage(edited);
  return {
    ...json(stored),
    after: () => echoBotMessage(context, GatewayDispatchEvents.MessageUpdate, stored),
  };
}

function deleteWebhookMessage(context: RouteContext, { params }: RestRequest): RestResponse {
  const existing = webhookMessage(context, params);
  if ('status' in existing) return existing;
  context.store.deleteMessage(existing.id);
  return noContent(() => echoBotMessageDelete(context, existing));
}

function getWebhookMessage(context: RouteContext, { params }: RestRequest): RestResponse {
  const message = webhookMessage(context, params);
  return 'status' in message ? message : json(message);
}

/** Follow-ups and `@original` edits: `/webhooks/:applicationId/:token(/messages/:id)`, no bot token. */
export function webhookRoutes(context: RouteContext): Route[] {
  const message = '/webhooks/:applicationId/:token/messages/:messageId';
  return [
    {
      method: 'POST',
      pattern: '/webhooks/:applicationId/:token',
      auth: 'none',
      handle: (r) => followUp(context, r),
    },
    { method: 'GET', pattern: message, auth: 'none', handle: (r) => getWebhookMessage(context, r) },
    { method: 'PATCH', pattern: message, auth: 'none', handle: (r) => editWebhookMessage(context, r) },
    { method: 'DELETE', pattern: message, auth: 'none', handle: (r) => deleteWebhookMessage(context, r) },
  ];
}
