import { GatewayDispatchEvents as E, Events, type Guild } from 'discord.js';
import type { z } from 'zod';
import type { SerialQueue } from './delivery.ts';
import { onGuildJoined, registerIn } from './guilds.ts';
import type { InboundContext } from './inbound-context.ts';
import { onMessageCreate, onMessagesDeleted, onMessageUpdate, onReaction } from './inbound-messages.ts';
import { onInteraction } from './interactions.ts';
import { ReactionDeliveries } from './reaction-deliveries.ts';
import { recoverMissed } from './recovery.ts';
import {
  describeIssue,
  interactionSchema,
  messageDeleteBulkSchema,
  messageDeleteSchema,
  messageSchema,
  messageUpdateSchema,
  reactionSchema,
} from './schemas.ts';

interface RawPacket {
  t?: unknown;
  d?: unknown;
  /** Gateway sequence number: a RESUME replays a dispatch with the same one. */
  s?: unknown;
}

/** What a malformed dispatch is renamed to, so discord.js's own handler for it never runs. */
const SKIPPED = 'CODECOT_MALFORMED_DISPATCH';
/** Dispatches discord.js gets with only the fields Codecot validated (its caches need no more). */
const VALIDATED_ONLY: ReadonlySet<string> = new Set([E.MessageCreate, E.MessageUpdate]);

/**
 * Reads inbound events from the raw gateway dispatches (emitted before discord.js handles them) rather
 * than from discord.js's events: discord.js drops a repeated MESSAGE_CREATE for a message it has cached,
 * needs partials for reactions on old messages, and throws on a malformed payload (an unhandled
 * rejection). Here each dispatch is validated; a malformed one is logged, renamed so discord.js skips it
 * too, and never reaches the sink.
 */
export function attachInbound(
  ctx: InboundContext,
  queue: SerialQueue,
  /** Command registration runs here, so a bot in many guilds does not hold up inbound events. */
  housekeeping: SerialQueue,
): () => void {
  let readies = 0;
  /** The gateway session: with the sequence number it names one delivery, so replays keep their id. */
  let session = '';
  const delivery = (packet: RawPacket) => `${session}:${typeof packet.s === 'number' ? packet.s : '?'}`;
  const reactions = new ReactionDeliveries();
  const reaction = (added: boolean) => (packet: RawPacket) =>
    queued(reactionSchema, (f) => onReaction(ctx, added, f, reactions.of(added, f, delivery(packet))))(
      packet,
    );

  /** Validates a dispatch; a malformed one is logged and renamed so discord.js skips it as well. */
  const check = <T>(schema: z.ZodType<T>, packet: RawPacket): T | undefined => {
    const parsed = schema.safeParse(packet.d);
    if (parsed.success) {
      // discord.js handles a message after this listener and throws (an unhandled rejection) on fields
      // Codecot never reads, e.g. `embeds` that is not an array: it gets only the validated fields.
      if (VALIDATED_ONLY.has(String(packet.t))) packet.d = parsed.data;
      return parsed.data;
    }
    const reason = describeIssue(parsed.error);
    ctx.logger.warn({ t: packet.t, reason }, 'malformed discord dispatch skipped');
    packet.t = SKIPPED;
    return undefined;
  };
  /** In gateway order, one at a time: an edit never overtakes the message it edits. */
  const queued =
    <T>(schema: z.ZodType<T>, run: (facts: T) => Promise<void>) =>
    (packet: RawPacket): void => {
      const facts = check(schema, packet);
      if (facts) queue.push(String(packet.t), () => run(facts));
    };

  const routes = new Map<string, (packet: RawPacket) => void>(
    Object.entries({
      [E.MessageCreate]: queued(messageSchema, (f) => onMessageCreate(ctx, f)),
      [E.MessageUpdate]: queued(messageUpdateSchema, (f) => onMessageUpdate(ctx, f)),
      [E.MessageDelete]: queued(messageDeleteSchema, (f) =>
        onMessagesDeleted(ctx, [f.id], f.channel_id, f.guild_id),
      ),
      [E.MessageDeleteBulk]: queued(messageDeleteBulkSchema, (f) =>
        onMessagesDeleted(ctx, f.ids, f.channel_id, f.guild_id),
      ),
      [E.MessageReactionAdd]: reaction(true),
      [E.MessageReactionRemove]: reaction(false),
      [E.InteractionCreate]: (packet) => {
        // Not queued: Discord's 3 s answer window must not wait behind other events.
        const facts = check(interactionSchema, packet);
        // Codecot answers over REST and uses no discord.js Interaction, whose constructor throws on
        // hostile payloads (an unhandled rejection): discord.js skips every interaction.
        packet.t = SKIPPED;
        const failed = (error: unknown) => ctx.logger.error({ err: error }, 'discord interaction failed');
        if (facts) onInteraction(ctx, facts).catch(failed);
      },
      [E.Ready]: (packet) => {
        const id = (packet.d as { session_id?: unknown } | undefined)?.session_id;
        if (typeof id === 'string') session = id;
        // A second READY means the session was invalidated and the client identified anew: whatever
        // happened in between was never replayed, so recent history is re-read.
        readies += 1;
        if (readies > 1) queue.push('recovery', async () => void (await recoverMissed(ctx)));
      },
    }),
  );

  const onRaw = (packet: RawPacket): void => {
    try {
      if (packet && typeof packet === 'object' && typeof packet.t === 'string')
        routes.get(packet.t)?.(packet);
    } catch (error) {
      ctx.logger.error({ err: error, t: packet?.t }, 'discord dispatch handling failed');
    }
  };
  const onJoin = (guild: Guild) => {
    housekeeping.push('register', () => registerIn(ctx, guild.id));
    queue.push('guild join', () => onGuildJoined(ctx, guild));
  };
  const onReady = () => {
    for (const guildId of ctx.client.guilds.cache.keys()) {
      housekeeping.push('register', () => registerIn(ctx, guildId));
    }
  };
  const onError = (error: Error) => ctx.logger.error({ err: error }, 'discord client error');

  ctx.client.on(Events.Raw, onRaw);
  ctx.client.on(Events.GuildCreate, onJoin);
  ctx.client.once(Events.ClientReady, onReady);
  ctx.client.on(Events.Error, onError);
  return () => {
    ctx.client.off(Events.Raw, onRaw);
    ctx.client.off(Events.GuildCreate, onJoin);
    ctx.client.off(Events.ClientReady, onReady);
    ctx.client.off(Events.Error, onError);
  };
}
