import type { RunningCodecot } from '../../src/app.ts';
import type { ChatEvent } from '../../src/domain/chat-events.ts';
import type { ChatPlatform } from '../../src/ports/chat-platform.ts';
import { waitFor } from '../helpers/wait.ts';
import type { ChatSetup } from './world.ts';

/** The people of every scenario: who asks, who may approve, and someone who may not. */
export type Person = 'requester' | 'approver' | 'bystander';

/** A message the bot posted, as the fake platform holds it. */
export interface BotPost {
  id: string;
  /** The thread it is in: Slack's thread_ts, Discord's thread channel (which has its starter's id). */
  threadId: string | undefined;
  /** What the bot posted (text plus Block Kit / embed text), before any edit. */
  text: string;
}

/** One chat platform seen from outside: people acting through its fake, and what the bot did there. */
export interface PlatformDriver {
  readonly platform: 'slack' | 'discord';
  readonly setup: ChatSetup;
  /** Called once Codecot runs (Slack needs its HTTP port). */
  attach(codecot: RunningCodecot): void;
  /** Canonical id of a person (`slack:U…`, `discord:123…`), as CODECOT_APPROVERS lists them. */
  idOf(person: Person): string;
  /** The person mentions the bot in the channel; resolves with the mention's message id. */
  mention(person: Person, text: string): Promise<string>;
  /** The person replies in the thread started on `rootId`. */
  reply(person: Person, rootId: string, text: string): Promise<void>;
  /**
   * The person adds a reaction to a bot post (✅/❌ vote or cancel, 🔁 start a fix iteration);
   * resolves once Codecot acknowledged the event.
   */
  react(person: Person, post: BotPost, meaning: 'approve' | 'reject' | 'repeat'): Promise<void>;
  /** Delivers the last reaction again the way the platform does; resolves once Codecot received it. */
  redeliverLastReaction(): Promise<void>;
  /** `/codecot <text>` by the person; resolves with what that person is shown. */
  command(person: Person, text: string): Promise<string>;
  /** Every message the bot posted, oldest first, as it was posted (edits are `edits`). */
  botPosts(): BotPost[];
  /** Every edit the bot sent for a message (chat.update / PATCH), in order, as visible text. */
  edits(messageId: string): string[];
  /** The emoji the bot itself put on a post, as platform names. */
  botReactions(post: BotPost): string[];
  /** The platform answers the bot's next post with a rate limit of `seconds` (a busy workspace). */
  throttleNextPost?(seconds: number): void;
  /** Notes shown to one person only (Slack ephemerals); undefined where the platform has none. */
  notesTo?(person: Person): string[];
  close(): Promise<void>;
}

/**
 * Every event the adapter handed to Codecot's inbound sink, recorded after the sink returned (the
 * moment the platform would be acknowledged). The adapter itself is untouched: only the sink is wrapped.
 */
export class DeliveryLog {
  readonly events: ChatEvent[] = [];

  observe(chat: ChatPlatform): ChatPlatform {
    const wrapped: ChatPlatform = {
      name: chat.name,
      start: (sink) =>
        chat.start(async (event) => {
          const result = await sink(event);
          this.events.push(event);
          return result;
        }),
      stop: () => chat.stop(),
      botUserId: () => chat.botUserId(),
      post: (channel, message, replyTo) => chat.post(channel, message, replyTo),
      update: (ref, message) => chat.update(ref, message),
      addReaction: (ref, emoji) => chat.addReaction(ref, emoji),
      removeReaction: (ref, emoji) => chat.removeReaction(ref, emoji),
      permalink: (ref) => chat.permalink(ref),
      threadHistory: (ref, limit) => chat.threadHistory(ref, limit),
    };
    const { postEphemeral, httpRoutes } = chat;
    if (postEphemeral) wrapped.postEphemeral = postEphemeral.bind(chat);
    if (httpRoutes) wrapped.httpRoutes = httpRoutes.bind(chat);
    return wrapped;
  }

  /** Resolves once an event matching `match` reached the core (it may already have). */
  async delivered(match: (event: ChatEvent) => boolean, timeoutMs = 10_000): Promise<void> {
    await waitFor(() => this.events.some(match), timeoutMs);
  }

  /** How many reactions by `userId` on `messageId` reached the core so far. */
  reactionsOn(messageId: string, userId: string): number {
    return this.events.filter(
      (e) => e.type === 'reaction_added' && e.target.messageId === messageId && e.user.id === userId,
    ).length;
  }
}
