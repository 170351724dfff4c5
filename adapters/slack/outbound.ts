import type { ChannelRef, MessageRef, RichMessage } from '../../src/domain/chat.ts';
import type { Logger } from '../../src/logger.ts';
import { renderMessage, renderNote } from './format.ts';
import { messageRef, rawUserId } from './refs.ts';
import { type ThreadIndex, threadRootFor } from './thread-index.ts';
import { slackError, type WebClient } from './web-client.ts';

/** Runs one Web API call; a failure becomes a CodecotError naming the Slack error, never a token. */
async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw slackError(operation, error);
  }
}

const errorOf = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { data?: { error?: unknown } } }).cause;
  return typeof cause?.data?.error === 'string' ? cause.data.error : undefined;
};

/** What the bot says and does in Slack: the outbound half of the ChatPlatform. */
export function createOutbound(client: WebClient, threads: ThreadIndex, logger: Logger) {
  return {
    async post(channel: ChannelRef, message: RichMessage, replyTo?: MessageRef): Promise<MessageRef> {
      const threadTs = replyTo ? await threadRootFor(replyTo, threads, client, logger) : undefined;
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: channel.channelId,
          ...renderMessage(message),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      const ts = result.ts ?? '';
      threads.remember(channel.channelId, ts, threadTs);
      return messageRef(channel.workspaceId, channel.channelId, ts, threadTs);
    },

    async update(ref: MessageRef, message: RichMessage): Promise<void> {
      // Without `blocks: []` a message that had blocks keeps showing the old ones.
      const content = renderMessage(message);
      await call('chat.update', () =>
        client.chat.update({
          channel: ref.channel.channelId,
          ts: ref.messageId,
          text: content.text,
          blocks: content.blocks ?? [],
        }),
      );
    },

    async addReaction(ref: MessageRef, emoji: string): Promise<void> {
      await call('reactions.add', () =>
        client.reactions.add({ channel: ref.channel.channelId, timestamp: ref.messageId, name: emoji }),
      ).catch((error: unknown) => {
        // Reacting twice is what a retried job does; the reaction is there either way.
        if (errorOf(error) !== 'already_reacted') throw error;
      });
    },

    async removeReaction(ref: MessageRef, emoji: string): Promise<void> {
      await call('reactions.remove', () =>
        client.reactions.remove({ channel: ref.channel.channelId, timestamp: ref.messageId, name: emoji }),
      ).catch((error: unknown) => {
        if (errorOf(error) !== 'no_reaction') throw error;
      });
    },

    async permalink(ref: MessageRef): Promise<string> {
      const result = await call('chat.getPermalink', () =>
        client.chat.getPermalink({ channel: ref.channel.channelId, message_ts: ref.messageId }),
      );
      return result.permalink ?? '';
    },

    async postEphemeral(channel: ChannelRef, userId: string, text: string, threadId?: string): Promise<void> {
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: channel.channelId,
          user: rawUserId(userId),
          text: renderNote(text),
          ...(threadId ? { thread_ts: threadId } : {}),
        }),
      );
    },
  };
}
