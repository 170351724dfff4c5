import { type Guild, PermissionFlagsBits } from 'discord.js';
import { deliver } from './delivery.ts';
import { platformError } from './errors.ts';
import type { InboundContext } from './inbound-context.ts';
import { channelRef, eventIds } from './refs.ts';
import { ensureGuildCommand } from './register-commands.ts';

/** What the bot needs in the system channel to post its introduction there. */
const MAY_POST = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
];

/** Registers `/codecot` in a guild; a failure (no applications.commands scope) is logged, not thrown. */
export async function registerIn(ctx: InboundContext, guildId: string): Promise<void> {
  const applicationId = ctx.client.application?.id;
  if (!applicationId) return;
  try {
    const outcome = await ensureGuildCommand(ctx.client.rest, applicationId, guildId);
    ctx.logger.info({ guildId, outcome }, 'discord /codecot command registration');
  } catch (error) {
    const wrapped = platformError('registering /codecot', error);
    ctx.logger.warn({ err: wrapped, guildId }, 'discord /codecot could not be registered in a guild');
  }
}

/**
 * The bot was added to a guild (discord.js emits `guildCreate` only for guilds that were not in READY):
 * when the guild has a system channel the bot may post in, emit `bot_joined` for it so the core posts
 * the introduction there.
 */
export async function onGuildJoined(ctx: InboundContext, guild: Guild): Promise<void> {
  const channel = guild.systemChannel;
  const me = guild.members.me;
  if (!channel || !me)
    return ctx.logger.info({ guildId: guild.id }, 'discord guild joined; no system channel');
  if (!channel.permissionsFor(me).has(MAY_POST)) {
    return ctx.logger.info({ guildId: guild.id }, 'discord guild joined; may not post in the system channel');
  }
  const joinedAt = new Date(guild.joinedTimestamp).toISOString();
  await deliver(
    ctx.sink,
    {
      type: 'bot_joined',
      eventId: eventIds.guildJoin(guild.id, joinedAt),
      channel: channelRef({ guildId: guild.id, channelId: channel.id }),
    },
    ctx.logger,
  );
}
