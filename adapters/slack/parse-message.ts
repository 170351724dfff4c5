import { ignored, malformed, malformedBy, type ParsedInbound } from './parsed.ts';
import { decodeSlackText, mentionsUser, messageRef, tsToDate, type WorkspaceContext } from './refs.ts';
import { appMentionSchema, messageChangedSchema, messageDeletedSchema, messageSchema } from './schemas.ts';

/** Subtypes that are still somebody saying something (as opposed to joins, topic changes, ...). */
const SPOKEN_SUBTYPES = new Set(['bot_message', 'thread_broadcast', 'file_share', 'me_message']);

/** `message` (with its subtypes) and `app_mention` events. */
export function parseMessageFamily(
  eventId: string,
  raw: Record<string, unknown>,
  ctx: WorkspaceContext,
): ParsedInbound {
  if (raw.type === 'app_mention') return parseSpoken(eventId, raw, ctx, 'mention');
  const subtype = raw.subtype;
  if (subtype === 'message_changed') return parseEdit(eventId, raw, ctx);
  if (subtype === 'message_deleted') return parseDeletion(eventId, raw, ctx);
  if (subtype === undefined || (typeof subtype === 'string' && SPOKEN_SUBTYPES.has(subtype))) {
    return parseSpoken(eventId, raw, ctx, 'message');
  }
  // Not String(subtype): an object whose toString is not a function would throw.
  if (typeof subtype !== 'string')
    return malformed(`event.subtype: expected a string, got ${typeof subtype}`);
  return ignored('message', `message subtype ${subtype} is not something said`);
}

function parseSpoken(
  eventId: string,
  raw: unknown,
  ctx: WorkspaceContext,
  type: 'message' | 'mention',
): ParsedInbound {
  const parsed = (type === 'mention' ? appMentionSchema : messageSchema).safeParse(raw);
  if (!parsed.success) return malformedBy(parsed.error);
  const m = parsed.data;
  if (m.user === undefined && m.bot_id === undefined) {
    return malformed('message without user or bot_id');
  }
  const ref = messageRef(ctx.teamId, m.channel, m.ts, m.thread_ts);
  const mentionsBot = type === 'mention' || mentionsUser(m.text, ctx.botUserId);
  return {
    kind: 'needs_author',
    author: {
      userId: m.user,
      botId: m.bot_id,
      subtype: m.subtype,
      teamId: m.user_team ?? m.team,
      username: m.username,
    },
    complete: (author) => ({
      eventId,
      type,
      message: { ref, author, text: decodeSlackText(m.text), mentionsBot, at: tsToDate(m.ts) },
    }),
  };
}

function parseEdit(eventId: string, raw: unknown, ctx: WorkspaceContext): ParsedInbound {
  const parsed = messageChangedSchema.safeParse(raw);
  if (!parsed.success) return malformedBy(parsed.error);
  const { channel, message, previous_message, event_ts } = parsed.data;
  // Unfurls and new thread replies also "change" a message without touching its words.
  if (previous_message && previous_message.text === message.text) {
    return ignored('message', 'message_changed without a change of text');
  }
  return {
    kind: 'ready',
    event: {
      eventId,
      type: 'message_edited',
      ref: messageRef(ctx.teamId, channel, message.ts, message.thread_ts),
      text: decodeSlackText(message.text),
      at: tsToDate(message.edited?.ts ?? event_ts),
    },
  };
}

function parseDeletion(eventId: string, raw: unknown, ctx: WorkspaceContext): ParsedInbound {
  const parsed = messageDeletedSchema.safeParse(raw);
  if (!parsed.success) return malformedBy(parsed.error);
  const { channel, deleted_ts, previous_message, event_ts } = parsed.data;
  return {
    kind: 'ready',
    event: {
      eventId,
      type: 'message_deleted',
      ref: messageRef(ctx.teamId, channel, deleted_ts, previous_message?.thread_ts),
      at: tsToDate(event_ts),
    },
  };
}
