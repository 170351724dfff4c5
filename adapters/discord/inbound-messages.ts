import { deliver } from './delivery.ts';
import { type InboundContext, parseContext } from './inbound-context.ts';
import { deleteEvent, editEvent, isConversation, messageEvent, reactionEvent, reactorOf } from './parse.ts';
import type { MessageFacts, MessageUpdateFacts, ReactionFacts } from './schemas.ts';
import type { AuthorFacts } from './trust.ts';

/** Roles decide trust only when a trusted role is configured; bots and webhooks are untrusted anyway. */
async function rolesOf(ctx: InboundContext, facts: MessageFacts): Promise<readonly string[] | undefined> {
  if (facts.member) return facts.member.roles;
  if (!ctx.trustedRoleId || !facts.guild_id || facts.author.bot || facts.webhook_id) return undefined;
  return (await ctx.directory.member(facts.guild_id, facts.author.id))?.roles;
}

/** MESSAGE_CREATE, live or re-read from history after a re-IDENTIFY. */
export async function onMessageCreate(ctx: InboundContext, facts: MessageFacts): Promise<void> {
  if (!facts.guild_id) return ctx.logger.debug({ messageId: facts.id }, 'discord DM ignored');
  if (!isConversation(facts)) return;
  const location = await ctx.directory.locate(facts.channel_id);
  if (!location)
    return ctx.logger.warn({ channelId: facts.channel_id }, 'discord message in unknown channel');
  ctx.activity.seen(facts.channel_id, facts.id);
  const event = messageEvent(facts, location, await rolesOf(ctx, facts), parseContext(ctx, location.guildId));
  await deliver(ctx.sink, event, ctx.logger);
}

export async function onMessageUpdate(ctx: InboundContext, facts: MessageUpdateFacts): Promise<void> {
  if (!facts.guild_id || !facts.edited_timestamp || !isConversation(facts)) return;
  const location = await ctx.directory.locate(facts.channel_id);
  if (!location) return;
  const event = editEvent(facts, location, parseContext(ctx, location.guildId));
  if (event) await deliver(ctx.sink, event, ctx.logger);
}

/** MESSAGE_DELETE and MESSAGE_DELETE_BULK (a moderator purging a channel). */
export async function onMessagesDeleted(
  ctx: InboundContext,
  ids: readonly string[],
  channelId: string,
  guildId: string | undefined,
): Promise<void> {
  if (!guildId) return;
  const location = await ctx.directory.locate(channelId);
  if (!location) return;
  const at = new Date();
  for (const id of ids) await deliver(ctx.sink, deleteEvent(id, location, at), ctx.logger);
}

/** REACTION_ADD carries the member; REACTION_REMOVE only the user id, so the member is looked up. */
async function reactor(ctx: InboundContext, facts: ReactionFacts, guildId: string): Promise<AuthorFacts> {
  const fromPayload = reactorOf(facts);
  if (facts.member) return fromPayload;
  const looked = await ctx.directory.member(guildId, facts.user_id);
  const bot = looked?.bot ?? ctx.client.users.cache.get(facts.user_id)?.bot;
  return { ...fromPayload, ...looked, bot: bot || facts.user_id === ctx.client.user?.id };
}

export async function onReaction(
  ctx: InboundContext,
  added: boolean,
  facts: ReactionFacts,
  delivery: string,
): Promise<void> {
  if (!facts.guild_id) return;
  const location = await ctx.directory.locate(facts.channel_id);
  if (!location) return;
  const who = await reactor(ctx, facts, location.guildId);
  const event = reactionEvent(
    added,
    facts,
    location,
    who,
    new Date(),
    parseContext(ctx, location.guildId),
    delivery,
  );
  await deliver(ctx.sink, event, ctx.logger);
}
