import type { ChatMessage } from '../../src/domain/chat.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import { emojiName, eventIds, type Location, messageRef } from './refs.ts';
import type { MessageFacts, MessageUpdateFacts, ReactionFacts } from './schemas.ts';
import { type AuthorFacts, toChatUser } from './trust.ts';

/** What parsing needs to know about the bot and the guild; gathered by the caller. */
export interface ParseContext {
  botUserId: string;
  /** The bot's managed role(s) in the guild: `@Codecot` picked from the role list mentions these. */
  botRoleIds: readonly string[];
  trustedRoleId: string | undefined;
}

// Default, Reply, ChatInputCommand, ContextMenuCommand: what people (and the bot) say. Everything else
// is a system notice (pins, joins, "started a thread", thread starter stubs) and is not conversation.
const CONVERSATION_TYPES: ReadonlySet<number> = new Set([0, 19, 20, 23]);

export const isConversation = (facts: { type?: number | undefined }): boolean =>
  CONVERSATION_TYPES.has(facts.type ?? 0);

export function mentionsBot(
  facts: Pick<MessageFacts, 'mentions' | 'mention_roles'>,
  ctx: ParseContext,
): boolean {
  return (
    facts.mentions.some((user) => user.id === ctx.botUserId) ||
    facts.mention_roles.some((role) => ctx.botRoleIds.includes(role))
  );
}

/** The text without the mention that summoned the bot (other mentions stay as `<@id>`). */
export function cleanText(content: string, ctx: ParseContext): string {
  const roles = ctx.botRoleIds.map((role) => `|<@&${role}>`).join('');
  const botMention = new RegExp(`<@!?${ctx.botUserId}>${roles}`, 'g');
  return content
    .replace(botMention, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

export function authorOf(facts: MessageFacts, roles: readonly string[] | undefined): AuthorFacts {
  return {
    id: facts.author.id,
    username: facts.author.username,
    globalName: facts.author.global_name,
    nick: facts.member?.nick,
    bot: facts.author.bot,
    webhookId: facts.webhook_id,
    roles,
  };
}

export function toChatMessage(
  facts: MessageFacts,
  location: Location,
  roles: readonly string[] | undefined,
  ctx: ParseContext,
): ChatMessage {
  return {
    ref: messageRef(location, facts.id),
    author: toChatUser(authorOf(facts, roles), ctx.trustedRoleId),
    text: cleanText(facts.content, ctx),
    mentionsBot: mentionsBot(facts, ctx),
    at: new Date(facts.timestamp),
  };
}

/** MESSAGE_CREATE (or a message re-read from history) as a `message` or `mention` event. */
export function messageEvent(
  facts: MessageFacts,
  location: Location,
  roles: readonly string[] | undefined,
  ctx: ParseContext,
): ChatEvent {
  const message = toChatMessage(facts, location, roles, ctx);
  const own = facts.author.id === ctx.botUserId;
  const type = message.mentionsBot && !own ? 'mention' : 'message';
  return { type, eventId: eventIds.messageCreate(facts.id), message };
}

/**
 * MESSAGE_UPDATE is an edit only when it carries an edited timestamp: Discord also sends updates when
 * link previews resolve or a thread is started on the message, and those change no words.
 */
export function editEvent(
  facts: MessageUpdateFacts,
  location: Location,
  ctx: ParseContext,
): ChatEvent | null {
  if (!facts.edited_timestamp) return null;
  return {
    type: 'message_edited',
    eventId: eventIds.messageUpdate(facts.id, facts.edited_timestamp),
    ref: messageRef(location, facts.id),
    text: cleanText(facts.content, ctx),
    at: new Date(facts.edited_timestamp),
  };
}

export function deleteEvent(messageId: string, location: Location, at: Date): ChatEvent {
  return {
    type: 'message_deleted',
    eventId: eventIds.messageDelete(messageId),
    ref: messageRef(location, messageId),
    at,
  };
}

/** The reacting user as MESSAGE_REACTION_ADD tells it (REMOVE carries only the id; the caller looks up). */
export function reactorOf(facts: ReactionFacts): AuthorFacts {
  const user = facts.member?.user;
  return {
    id: facts.user_id,
    username: user?.username,
    globalName: user?.global_name,
    nick: facts.member?.nick,
    bot: user?.bot,
    roles: facts.member?.roles,
  };
}

export function reactionEvent(
  added: boolean,
  facts: ReactionFacts,
  location: Location,
  reactor: AuthorFacts,
  at: Date,
  ctx: ParseContext,
  delivery: string,
): ChatEvent {
  const emoji = emojiName(facts.emoji);
  return {
    type: added ? 'reaction_added' : 'reaction_removed',
    eventId: eventIds.reaction(added, facts.message_id, facts.user_id, emoji, delivery),
    target: messageRef(location, facts.message_id),
    user: toChatUser(reactor, ctx.trustedRoleId),
    emoji,
    at,
  };
}
