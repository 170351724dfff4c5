import { parseMessageFamily } from './parse-message.ts';
import { ignored, malformedBy, type ParsedInbound } from './parsed.ts';
import { channelRef, messageRef, tsToDate, type WorkspaceContext } from './refs.ts';
import { envelopeSchema, memberJoinedSchema, reactionSchema } from './schemas.ts';

/** The Events API event types the app subscribes to (the manifest lists exactly these). */
export const HANDLED_EVENT_TYPES = [
  'message',
  'app_mention',
  'reaction_added',
  'reaction_removed',
  'member_joined_channel',
] as const;

/** An Events API envelope (`event_callback`) -> a canonical event; pure, so it is tested on fixtures. */
export function parseEnvelope(body: unknown, ctx: WorkspaceContext): ParsedInbound {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return malformedBy(envelope.error);
  // The envelope's event_id is identical on every retry, so the core can drop redeliveries by it.
  const eventId = `slack:${envelope.data.event_id}`;
  const event = envelope.data.event;
  switch (event.type) {
    case 'message':
    case 'app_mention':
      return parseMessageFamily(eventId, event, ctx);
    case 'reaction_added':
    case 'reaction_removed':
      return parseReaction(eventId, event, ctx);
    case 'member_joined_channel':
      return parseMemberJoined(eventId, event, ctx);
    default:
      return ignored(event.type, 'event type Codecot does not subscribe to', true);
  }
}

function parseReaction(eventId: string, raw: unknown, ctx: WorkspaceContext): ParsedInbound {
  const parsed = reactionSchema.safeParse(raw);
  if (!parsed.success) return malformedBy(parsed.error);
  const { type, user, reaction, item, event_ts } = parsed.data;
  if (item.type !== 'message' || !item.channel || !item.ts) {
    return ignored(type, `reaction on a ${item.type}, not a message`);
  }
  // Slack does not say which thread the reacted-to message is in; the core finds it by message id.
  const target = messageRef(ctx.teamId, item.channel, item.ts);
  return {
    kind: 'needs_author',
    author: { userId: user },
    complete: (reactor) => ({
      eventId,
      type,
      target,
      user: reactor,
      emoji: reaction,
      at: tsToDate(event_ts),
    }),
  };
}

function parseMemberJoined(eventId: string, raw: unknown, ctx: WorkspaceContext): ParsedInbound {
  const parsed = memberJoinedSchema.safeParse(raw);
  if (!parsed.success) return malformedBy(parsed.error);
  if (parsed.data.user !== ctx.botUserId) return ignored('member_joined_channel', 'someone else joined');
  return {
    kind: 'ready',
    event: { eventId, type: 'bot_joined', channel: channelRef(ctx.teamId, parsed.data.channel) },
  };
}
