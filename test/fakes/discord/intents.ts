import { GatewayDispatchEvents as E, GatewayIntentBits as I } from 'discord.js';

/** Intents the Developer Portal calls privileged; a bot must have them switched on to request them. */
export const PRIVILEGED_INTENTS = I.GuildMembers | I.GuildPresences | I.MessageContent;

/** Every intent bit Discord defines up to DirectMessagePolls (1 << 25); anything above is invalid. */
const ALL_KNOWN_INTENTS = 2 ** 26 - 1;

/** Which intent gates an event, in guilds and in DMs (undefined: not sent in that context). */
const GATES: Readonly<Record<string, { guild: number; dm?: number }>> = {
  [E.GuildCreate]: { guild: I.Guilds },
  [E.GuildUpdate]: { guild: I.Guilds },
  [E.GuildDelete]: { guild: I.Guilds },
  [E.ChannelCreate]: { guild: I.Guilds },
  [E.ChannelUpdate]: { guild: I.Guilds },
  [E.ChannelDelete]: { guild: I.Guilds },
  [E.ThreadCreate]: { guild: I.Guilds },
  [E.ThreadUpdate]: { guild: I.Guilds },
  [E.ThreadDelete]: { guild: I.Guilds },
  [E.GuildMemberAdd]: { guild: I.GuildMembers },
  [E.GuildMemberUpdate]: { guild: I.GuildMembers },
  [E.GuildMemberRemove]: { guild: I.GuildMembers },
  [E.PresenceUpdate]: { guild: I.GuildPresences },
  [E.MessageCreate]: { guild: I.GuildMessages, dm: I.DirectMessages },
  [E.MessageUpdate]: { guild: I.GuildMessages, dm: I.DirectMessages },
  [E.MessageDelete]: { guild: I.GuildMessages, dm: I.DirectMessages },
  [E.MessageDeleteBulk]: { guild: I.GuildMessages },
  [E.MessageReactionAdd]: { guild: I.GuildMessageReactions, dm: I.DirectMessageReactions },
  [E.MessageReactionRemove]: { guild: I.GuildMessageReactions, dm: I.DirectMessageReactions },
  [E.MessageReactionRemoveAll]: { guild: I.GuildMessageReactions, dm: I.DirectMessageReactions },
  [E.MessageReactionRemoveEmoji]: { guild: I.GuildMessageReactions, dm: I.DirectMessageReactions },
  [E.TypingStart]: { guild: I.GuildMessageTyping, dm: I.DirectMessageTyping },
};

export type IntentProblem = 'invalid' | 'disallowed' | null;

export function checkIntents(intents: unknown, privilegedEnabled: number): IntentProblem {
  if (
    typeof intents !== 'number' ||
    !Number.isInteger(intents) ||
    intents < 0 ||
    intents > ALL_KNOWN_INTENTS
  ) {
    return 'invalid';
  }
  return (intents & PRIVILEGED_INTENTS & ~privilegedEnabled) === 0 ? null : 'disallowed';
}

function isGuildEvent(t: string, d: Record<string, unknown>): boolean {
  return t.startsWith('GUILD_') || t.startsWith('THREAD_') || typeof d.guild_id === 'string';
}

/** Whether a session that identified with `intents` receives this dispatch at all. */
export function receives(intents: number, t: string, d: unknown): boolean {
  const gate = GATES[t];
  if (!gate) return true;
  const bit = isGuildEvent(t, (d ?? {}) as Record<string, unknown>) ? gate.guild : gate.dm;
  return bit !== undefined && (intents & bit) !== 0;
}

interface MessageLike {
  author?: { id?: string };
  mentions?: Array<{ id?: string }>;
  guild_id?: string;
}

/**
 * Without MESSAGE_CONTENT Discord blanks content, embeds, attachments, components and polls of guild
 * messages, except the bot's own messages and messages that mention it.
 */
export function shapeForIntents(intents: number, t: string, d: unknown, botId: string): unknown {
  if (t !== E.MessageCreate && t !== E.MessageUpdate) return d;
  if ((intents & I.MessageContent) !== 0) return d;
  const message = d as MessageLike;
  const exempt =
    !message.guild_id || message.author?.id === botId || (message.mentions ?? []).some((u) => u.id === botId);
  if (exempt) return d;
  const { poll: _poll, ...rest } = d as Record<string, unknown>;
  return { ...rest, content: '', embeds: [], attachments: [], components: [] };
}
