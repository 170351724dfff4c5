import {
  type APIInteraction,
  type APIMessage,
  type APIThreadChannel,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageDeleteDispatchData,
  type GatewayMessageReactionRemoveDispatchData,
  type GatewayThreadCreateDispatchData,
} from 'discord.js';
import type { DiscordStore } from './store.ts';

/** Drops the gateway-only fields so the stored message is what REST would return. */
function restShape(data: GatewayMessageCreateDispatchData): APIMessage {
  const { guild_id: _guildId, member: _member, channel_type: _channelType, ...message } = data;
  return { ...message, mentions: message.mentions.map(({ member: _m, ...mentioned }) => mentioned) };
}

function threadShape(data: GatewayThreadCreateDispatchData): APIThreadChannel {
  const { newly_created: _newlyCreated, ...thread } = data;
  return thread;
}

/**
 * Keeps the fake's state consistent with what a test tells the bot happened: a user message dispatched
 * over the gateway also exists for `GET /channels/:id/messages/:mid`, a reaction shows up on the message,
 * an interaction's token becomes valid for the callback routes.
 */
export function applyDispatchToStore(store: DiscordStore, t: string, d: unknown): void {
  switch (t) {
    case GatewayDispatchEvents.MessageCreate:
    case GatewayDispatchEvents.MessageUpdate:
      store.putMessage(restShape(d as GatewayMessageCreateDispatchData));
      return;
    case GatewayDispatchEvents.MessageDelete:
      store.deleteMessage((d as GatewayMessageDeleteDispatchData).id);
      return;
    case GatewayDispatchEvents.MessageReactionAdd:
    case GatewayDispatchEvents.MessageReactionRemove: {
      const reaction = d as GatewayMessageReactionRemoveDispatchData;
      const apply = t === GatewayDispatchEvents.MessageReactionAdd ? store.addReaction : store.removeReaction;
      apply.call(store, reaction.message_id, reaction.emoji, reaction.user_id);
      return;
    }
    case GatewayDispatchEvents.ThreadCreate:
      store.channels.set((d as APIThreadChannel).id, threadShape(d as GatewayThreadCreateDispatchData));
      return;
    case GatewayDispatchEvents.GuildCreate:
      store.addGuild(d as GatewayGuildCreateDispatchData);
      return;
    case GatewayDispatchEvents.InteractionCreate: {
      const interaction = d as APIInteraction;
      store.interactions.set(interaction.token, {
        id: interaction.id,
        token: interaction.token,
        applicationId: interaction.application_id,
        channelId: interaction.channel?.id ?? interaction.channel_id ?? '',
        guildId: interaction.guild_id ?? null,
        user: interaction.member?.user ?? interaction.user ?? null,
        responseType: null,
        originalMessageId: null,
      });
      return;
    }
    default:
      return;
  }
}
