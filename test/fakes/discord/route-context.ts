import type { APIGuildMemberNoUser, APIUser } from 'discord.js';
import { memberWithoutUser } from './fixtures-entities.ts';
import type { DiscordStore } from './store.ts';

/** What the REST routes share: the state, who the bot is, and the gateway to echo side effects on. */
export interface RouteContext {
  store: DiscordStore;
  bot: APIUser;
  applicationId: string;
  applicationFlags: number;
  /** `http://127.0.0.1:<port>`, for attachment URLs. */
  baseUrl: () => string;
  gatewayUrl: () => string;
  /** Sends a dispatch to connected sessions (and keeps the store in sync), like `fake.dispatch`. */
  dispatch: (t: string, d: unknown) => void;
  /** Whether the bot's own REST actions come back over the gateway, as they do on Discord. */
  echoOwnActions: boolean;
}

/** The bot's member object in a guild, as Discord attaches it to the bot's own message events. */
export function botMember(context: RouteContext, guildId: string): APIGuildMemberNoUser {
  const member = context.store.guilds.get(guildId)?.members.find((m) => m.user.id === context.bot.id);
  const joinedAt = member?.joined_at;
  return memberWithoutUser({ roles: member?.roles ?? [], ...(joinedAt ? { joinedAt } : {}) });
}
