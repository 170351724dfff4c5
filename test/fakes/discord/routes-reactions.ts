import { type APIPartialEmoji, GatewayDispatchEvents, ReactionType } from 'discord.js';
import { emojiFromRoute } from './fixtures-reactions.ts';
import { Errors, noContent, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import { botMember, type RouteContext } from './route-context.ts';

const REACTION = '/channels/:channelId/messages/:messageId/reactions/:emoji';

interface ReactionTarget {
  channelId: string;
  messageId: string;
  authorId: string;
  emoji: APIPartialEmoji;
}

function target(context: RouteContext, params: Record<string, string>): ReactionTarget | RestResponse {
  const message = context.store.message(params.messageId ?? '');
  if (!message || message.channel_id !== params.channelId) return Errors.unknownMessage();
  const emoji = emojiFromRoute(params.emoji ?? '');
  if (!emoji) return Errors.unknownEmoji();
  return { channelId: message.channel_id, messageId: message.id, authorId: message.author.id, emoji };
}

/** Discord's MESSAGE_REACTION_ADD/REMOVE for a reaction made through REST. */
function reactionEvent(context: RouteContext, on: ReactionTarget, userId: string, added: boolean) {
  const guildId = context.store.guildIdOf(on.channelId);
  const base = {
    user_id: userId,
    channel_id: on.channelId,
    message_id: on.messageId,
    ...(guildId ? { guild_id: guildId } : {}),
    emoji: on.emoji,
    burst: false,
    type: ReactionType.Normal,
  };
  if (!added) return base;
  const member =
    guildId && userId === context.bot.id ? { ...botMember(context, guildId), user: context.bot } : null;
  return { ...base, ...(member ? { member } : {}), message_author_id: on.authorId, burst_colors: [] };
}

function react(context: RouteContext, { params }: RestRequest): RestResponse {
  const on = target(context, params);
  if ('status' in on) return on;
  const added = context.store.addReaction(on.messageId, on.emoji, context.bot.id);
  // Discord sends the event for the bot's own reaction too (only when it is new).
  if (!added || !context.echoOwnActions) return noContent();
  const event = reactionEvent(context, on, context.bot.id, true);
  return noContent(() => context.dispatch(GatewayDispatchEvents.MessageReactionAdd, event));
}

function unreact(context: RouteContext, { params }: RestRequest, userId: string): RestResponse {
  const on = target(context, params);
  if ('status' in on) return on;
  const removed = context.store.removeReaction(on.messageId, on.emoji, userId);
  if (!removed || !context.echoOwnActions) return noContent();
  const event = reactionEvent(context, on, userId, false);
  return noContent(() => context.dispatch(GatewayDispatchEvents.MessageReactionRemove, event));
}

export function reactionRoutes(context: RouteContext): Route[] {
  return [
    { method: 'PUT', pattern: `${REACTION}/@me`, auth: 'bot', handle: (r) => react(context, r) },
    {
      method: 'DELETE',
      pattern: `${REACTION}/@me`,
      auth: 'bot',
      handle: (r) => unreact(context, r, context.bot.id),
    },
    {
      method: 'DELETE',
      pattern: `${REACTION}/:userId`,
      auth: 'bot',
      handle: (r) => unreact(context, r, r.params.userId ?? ''),
    },
  ];
}
