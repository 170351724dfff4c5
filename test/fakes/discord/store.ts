import type {
  APIApplicationCommand,
  APIMessage,
  APIPartialEmoji,
  APIReaction,
  APIThreadChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord.js';
import type { SeededGuildChannel } from './fixtures-entities.ts';
import { emojiKey } from './fixtures-reactions.ts';
import { compareSnowflakes } from './snowflake.ts';

const EPHEMERAL = 64;

export type StoredChannel = SeededGuildChannel | APIThreadChannel;

/** An interaction the fake handed to the bot; its token unlocks the callback and webhook routes. */
export interface InteractionRecord {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  guildId: string | null;
  user: APIUser | null;
  /** Callback type the bot answered with (4 reply, 5 deferred, ...), null until it answers. */
  responseType: number | null;
  originalMessageId: string | null;
}

/** One `POST /interactions/:id/:token/callback` the bot made. */
export interface InteractionResponseRecord {
  interactionId: string;
  token: string;
  /** Discord's callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 9 modal, ... */
  type: number;
  data: unknown;
  at: number;
}

interface ReactionState {
  emoji: APIPartialEmoji;
  users: Set<string>;
}

/** Discord's server-side state as far as the fake models it: guilds, channels, messages, reactions, commands. */
export class DiscordStore {
  readonly guilds = new Map<string, GatewayGuildCreateDispatchData>();
  readonly channels = new Map<string, StoredChannel>();
  /** Keyed by `global` or a guild id, the scopes the bulk-overwrite routes write. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  /** Keyed by interaction token, which is what the callback and webhook routes carry. */
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionResponses: InteractionResponseRecord[] = [];
  readonly #messages = new Map<string, APIMessage>();
  readonly #reactions = new Map<string, Map<string, ReactionState>>();
  readonly #botUserId: string;

  constructor(botUserId: string) {
    this.#botUserId = botUserId;
  }

  addGuild(payload: GatewayGuildCreateDispatchData): void {
    this.guilds.set(payload.id, payload);
    for (const channel of payload.channels) this.channels.set(channel.id, channel as SeededGuildChannel);
    for (const thread of payload.threads) this.channels.set(thread.id, thread as APIThreadChannel);
  }

  /** GUILD_CREATE as it would be sent now: the seeded guild with the channels and threads added since. */
  guildCreatePayload(guildId: string): GatewayGuildCreateDispatchData | undefined {
    const guild = this.guilds.get(guildId);
    if (!guild) return undefined;
    const inGuild = [...this.channels.values()].filter((channel) => channel.guild_id === guildId);
    const isThread = (channel: StoredChannel): channel is APIThreadChannel => 'thread_metadata' in channel;
    return {
      ...guild,
      channels: inGuild.filter((channel) => !isThread(channel)) as GatewayGuildCreateDispatchData['channels'],
      threads: inGuild.filter(isThread) as GatewayGuildCreateDispatchData['threads'],
    };
  }

  guildIdOf(channelId: string): string | undefined {
    return this.channels.get(channelId)?.guild_id;
  }

  putMessage(message: APIMessage): APIMessage {
    const previous = this.#messages.get(message.id);
    const stored = previous ? { ...previous, ...message } : message;
    this.#messages.set(message.id, stored);
    return this.message(message.id) ?? stored;
  }

  /** The message with its current reactions, as `GET /channels/:id/messages/:mid` returns it. */
  message(id: string): APIMessage | undefined {
    const message = this.#messages.get(id);
    if (!message) return undefined;
    const reactions = this.#reactionsOf(id);
    return reactions.length > 0 ? { ...message, reactions } : message;
  }

  /** Messages of a channel, oldest first; ephemeral ones are only visible to their user, so not listed. */
  messagesIn(channelId: string): APIMessage[] {
    return [...this.#messages.values()]
      .filter((message) => message.channel_id === channelId && ((message.flags ?? 0) & EPHEMERAL) === 0)
      .sort((a, b) => compareSnowflakes(a.id, b.id))
      .map((message) => this.message(message.id) ?? message);
  }

  deleteMessage(id: string): boolean {
    this.#reactions.delete(id);
    return this.#messages.delete(id);
  }

  /** Returns false when this user had already reacted with that emoji (Discord then sends no event). */
  addReaction(messageId: string, emoji: APIPartialEmoji, userId: string): boolean {
    const byEmoji = this.#reactions.get(messageId) ?? new Map<string, ReactionState>();
    this.#reactions.set(messageId, byEmoji);
    const state = byEmoji.get(emojiKey(emoji)) ?? { emoji, users: new Set<string>() };
    byEmoji.set(emojiKey(emoji), state);
    if (state.users.has(userId)) return false;
    state.users.add(userId);
    return true;
  }

  removeReaction(messageId: string, emoji: APIPartialEmoji, userId: string): boolean {
    const byEmoji = this.#reactions.get(messageId);
    const state = byEmoji?.get(emojiKey(emoji));
    if (!byEmoji || !state?.users.delete(userId)) return false;
    if (state.users.size === 0) byEmoji.delete(emojiKey(emoji));
    return true;
  }

  #reactionsOf(messageId: string): APIReaction[] {
    return [...(this.#reactions.get(messageId)?.values() ?? [])].map(({ emoji, users }) => ({
      emoji,
      count: users.size,
      count_details: { burst: 0, normal: users.size },
      me: users.has(this.#botUserId),
      me_burst: false,
      burst_colors: [],
    }));
  }
}
