import type { ChatUser, MessageRef } from '../../src/domain/chat.ts';
import type { Logger } from '../../src/logger.ts';
import type { ChatPlatform } from '../../src/ports/chat-platform.ts';
import { splitForPosting, truncateForUpdate } from './format.ts';
import { PlaygroundInbound } from './inbound.ts';
import { LiveUpdates } from './live.ts';
import { slugOf } from './parse.ts';
import { pageFragment, refOf, toChatMessage } from './refs.ts';
import { Room } from './room.ts';
import { type Authorize, playgroundRoutes } from './routes.ts';
import type { LinkRewriter } from './views.ts';

export type { Authorize } from './routes.ts';
export type { LinkRewriter, MessageView } from './views.ts';

export interface PlaygroundConfig {
  logger: Logger;
  /** The bot's name on the page; people mention it as `@<name>`. Default `codecot`. */
  botName?: string;
  /** Channels the page starts with. Default `general` and `dev`. */
  channels?: readonly string[];
  /** Where people open Codecot (`http://127.0.0.1:3000`), read when a permalink is made. */
  baseUrl?: () => string;
  /** Banners shown on top of the page (no model configured, executions disabled, ...). */
  notices?: () => readonly string[];
  /** Turns links the browser cannot open (file:// pull requests) into pages it can. */
  rewriteLink?: LinkRewriter;
  /** Who may use the page; it answers 401/403 itself. Unset: everyone who reaches the server. */
  authorize?: Authorize;
}

/**
 * The local playground: a web chat served by Codecot itself, with channels, threads, reactions and
 * `/codecot` commands, so Codecot can be tried without Slack or Discord. Messages live in memory;
 * the core stores what it needs.
 */
export function createPlaygroundAdapter(config: PlaygroundConfig): ChatPlatform {
  const botName = config.botName ?? 'codecot';
  const bot: ChatUser = { id: `local:${slugOf(botName)}`, name: botName, trust: 'trusted', isBot: true };
  const logger = config.logger.child({ platform: 'local' });
  const room = new Room(config.channels ?? ['general', 'dev']);
  const inbound = new PlaygroundInbound(room, bot);
  const live = new LiveUpdates(room, config.rewriteLink);
  const baseUrl = config.baseUrl ?? (() => 'http://127.0.0.1:3000');
  const boot = Date.now().toString(36);

  const threadOf = (replyTo: MessageRef | undefined) =>
    replyTo ? (replyTo.threadId ?? replyTo.messageId) : undefined;

  return {
    name: 'local',
    async start(sink) {
      inbound.sink = sink;
      // A fresh page each run: the bot introduces itself in every channel once per start.
      for (const channel of room.channels())
        await inbound.botJoined(channel, `local:joined-${channel}-${boot}`);
    },
    async stop() {
      inbound.sink = undefined;
      live.close();
    },
    botUserId: () => bot.id,
    async post(channel, message, replyTo) {
      room.addChannel(channel.channelId);
      const threadId = threadOf(replyTo);
      const parts = splitForPosting(message).map((content) =>
        room.add({
          channel: channel.channelId,
          threadId,
          author: bot,
          content,
          mentionsBot: false,
          visibleTo: undefined,
        }),
      );
      return refOf(parts[0] as (typeof parts)[number]);
    },
    async update(ref, message) {
      room.change(ref.messageId, truncateForUpdate(message), false);
    },
    async addReaction(ref, emoji) {
      room.react(ref.messageId, emoji, bot.id, true);
    },
    async removeReaction(ref, emoji) {
      room.react(ref.messageId, emoji, bot.id, false);
    },
    async permalink(ref) {
      const thread = ref.threadId ?? ref.messageId;
      return `${baseUrl()}/playground/${pageFragment(ref.channel.channelId, thread, ref.messageId)}`;
    },
    async threadHistory(ref, limit) {
      return room
        .thread(ref.threadId ?? ref.messageId)
        .slice(0, limit)
        .map(toChatMessage);
    },
    async postEphemeral(channel, userId, text, threadId) {
      room.addChannel(channel.channelId);
      room.add({
        channel: channel.channelId,
        threadId,
        author: bot,
        content: { text },
        mentionsBot: false,
        visibleTo: userId,
      });
    },
    httpRoutes: () =>
      playgroundRoutes({
        room,
        inbound,
        live,
        logger,
        botName,
        botUserId: bot.id,
        notices: config.notices ?? (() => []),
        rewrite: config.rewriteLink,
        authorize: config.authorize,
      }),
  };
}
