import type { Channel, Client } from 'discord.js';
import type { Logger } from '../../src/logger.ts';
import { DISCORD_CODES, discordCode } from './errors.ts';
import type { Location } from './refs.ts';
import type { AuthorFacts } from './trust.ts';

const NOT_FOUND: ReadonlySet<number | string | undefined> = new Set([
  DISCORD_CODES.unknownChannel,
  DISCORD_CODES.unknownMessage,
]);

/**
 * Answers "where is this channel" and "who is this member" from discord.js's caches (kept current by the
 * gateway), falling back to REST for what the gateway never sent (a thread created before the bot
 * started, a member who only reacted).
 */
export class Directory {
  readonly #client: Client;
  readonly #logger: Logger;

  constructor(client: Client, logger: Logger) {
    this.#client = client;
    this.#logger = logger;
  }

  /** The canonical location of a channel, or undefined for DMs and channels the bot cannot see. */
  async locate(channelId: string): Promise<Location | undefined> {
    const channel = await this.channel(channelId);
    if (!channel || channel.isDMBased()) return undefined;
    if (channel.isThread()) {
      return channel.parentId
        ? { guildId: channel.guildId, channelId: channel.parentId, threadId: channel.id }
        : undefined;
    }
    return { guildId: channel.guildId, channelId: channel.id };
  }

  /** The thread started on a message (it has the message's id), if there is one. */
  async threadStartedOn(messageId: string): Promise<string | undefined> {
    const channel = await this.channel(messageId);
    return channel?.isThread() ? channel.id : undefined;
  }

  async channel(channelId: string): Promise<Channel | null> {
    const cached = this.#client.channels.cache.get(channelId);
    if (cached) return cached;
    try {
      return await this.#client.channels.fetch(channelId);
    } catch (error) {
      if (!NOT_FOUND.has(discordCode(error)))
        this.#logger.warn({ err: error, channelId }, 'discord channel lookup failed');
      return null;
    }
  }

  /** A member's name, bot flag and roles; undefined when the lookup fails (callers then fail closed). */
  async member(guildId: string, userId: string): Promise<AuthorFacts | undefined> {
    const guild = this.#client.guilds.cache.get(guildId);
    if (!guild) return undefined;
    try {
      const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId));
      return {
        id: userId,
        username: member.user.username,
        globalName: member.user.globalName,
        nick: member.nickname,
        bot: member.user.bot,
        roles: [...member.roles.cache.keys()],
      };
    } catch (error) {
      this.#logger.warn({ err: error, guildId, userId }, 'discord member lookup failed');
      return undefined;
    }
  }

  /** The bot's managed role in a guild: picking `@Codecot` from the role list mentions it. */
  botRoleIds(guildId: string): string[] {
    const role = this.#client.guilds.cache.get(guildId)?.members.me?.roles.botRole;
    return role ? [role.id] : [];
  }
}
