import { setTimeout as delay } from 'node:timers/promises';
import { InteractionResponseType, MessageFlags, Routes } from 'discord.js';
import type { InboundResult } from '../../src/domain/chat-events.ts';
import { redact } from '../../src/redact.ts';
import { deliver } from './delivery.ts';
import { DISCORD_CODES, discordCode } from './errors.ts';
import { type InboundContext, parseContext } from './inbound-context.ts';
import { commandEvent, interactionChannelId, invokerOf, readInvocation } from './parse-command.ts';
import type { InteractionFacts } from './schemas.ts';
import { cut } from './split.ts';

const FAILED = 'Sorry, Codecot could not handle that command right now. Please try again.';
const GUILD_ONLY = 'Codecot works in server channels: run `/codecot` there.';

const replyText = (result: InboundResult | undefined): string =>
  cut(redact(result === undefined ? FAILED : (result.reply ?? 'Done.')), 2_000, '… (truncated)');

/** The core's answer goes to the invoker only (ephemeral), and never pings anyone. */
const replyData = (content: string) => ({
  content,
  flags: MessageFlags.Ephemeral,
  allowed_mentions: { parse: [] },
});

async function respond(ctx: InboundContext, facts: InteractionFacts, content: string): Promise<void> {
  try {
    await ctx.client.rest.post(Routes.interactionCallback(facts.id, facts.token), {
      body: { type: InteractionResponseType.ChannelMessageWithSource, data: replyData(content) },
      auth: false,
    });
  } catch (error) {
    // A replayed copy of this interaction was slow and deferred it first: the reply goes there.
    if (discordCode(error) !== DISCORD_CODES.alreadyAcknowledged) throw error;
    await editOriginal(ctx, facts, content);
  }
}

async function editOriginal(ctx: InboundContext, facts: InteractionFacts, content: string): Promise<void> {
  await ctx.client.rest.patch(Routes.webhookMessage(facts.application_id, facts.token, '@original'), {
    body: { content, allowed_mentions: { parse: [] } },
    auth: false,
  });
}

async function deferThenEdit(
  ctx: InboundContext,
  facts: InteractionFacts,
  pending: Promise<InboundResult | undefined>,
): Promise<void> {
  await ctx.client.rest.post(Routes.interactionCallback(facts.id, facts.token), {
    body: {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    },
    auth: false,
  });
  const result = await pending;
  if (!result?.duplicate) await editOriginal(ctx, facts, replyText(result));
}

/**
 * `/codecot …`: the sink's reply is shown to the invoker only. Discord wants an answer within 3 s, so a
 * sink that takes longer than `deferAfterMs` gets a deferred ("thinking…") answer that is edited later.
 */
export async function onInteraction(ctx: InboundContext, facts: InteractionFacts): Promise<void> {
  const invocation = readInvocation(facts);
  if ('skip' in invocation)
    return ctx.logger.debug({ reason: invocation.skip }, 'discord interaction ignored');
  const channelId = interactionChannelId(facts);
  const invoker = invokerOf(facts);
  const location = facts.guild_id && channelId ? await ctx.directory.locate(channelId) : undefined;
  try {
    if (!location || !invoker) return await respond(ctx, facts, GUILD_ONLY);
    const event = commandEvent(facts, invocation, location, invoker, parseContext(ctx, location.guildId));
    const pending = deliver(ctx.sink, event, ctx.logger);
    const timer = new AbortController();
    const late = delay(ctx.deferAfterMs, 'late' as const, { signal: timer.signal }).catch(
      () => 'late' as const,
    );
    const early = await Promise.race([pending, late]);
    timer.abort();
    // A replayed interaction is answered by its first delivery: answering the copy ("Done.") could
    // reach Discord first and take the invoker's one reply.
    if (early === 'late') await deferThenEdit(ctx, facts, pending);
    else if (!early?.duplicate) await respond(ctx, facts, replyText(early));
  } catch (error) {
    // A replayed interaction was already answered; an expired one can no longer be: both are logged.
    const code = discordCode(error);
    const expected = code === DISCORD_CODES.alreadyAcknowledged || code === DISCORD_CODES.unknownInteraction;
    ctx.logger[expected ? 'info' : 'warn']({ err: error, interactionId: facts.id }, 'discord reply failed');
  }
}
