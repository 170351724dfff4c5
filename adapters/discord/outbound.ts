import { randomBytes } from 'node:crypto';
import { type APIMessage, type APIThreadChannel, type Client, Routes } from 'discord.js';
import type { ChannelRef, MessageRef, RichMessage } from '../../src/domain/chat.ts';
import type { Logger } from '../../src/logger.ts';
import { redact } from '../../src/redact.ts';
import { DISCORD_CODES, discordCode, platformError } from './errors.ts';
import { renderEdit, renderParts } from './format.ts';
import { containerOf } from './refs.ts';
import { cut } from './split.ts';

const THREAD_NAME_MAX = 100;
/** Threads Codecot starts stay open a week without activity (Discord's longest auto-archive). */
const AUTO_ARCHIVE_MINUTES = 10_080;

export interface OutboundDeps {
  client: Client;
  logger: Logger;
  token: string;
}

/** A thread's name: the message's title or first line, without markdown, within Discord's 100 characters. */
export function threadName(message: RichMessage): string {
  const source = message.title ?? message.text.split('\n').find((line) => line.trim() !== '') ?? '';
  const plain = redact(source)
    .replace(/[*_`~#>|]/g, '')
    .trim();
  return cut(plain || 'Codecot', THREAD_NAME_MAX, '…');
}

const encodeEmoji = (emoji: string): string =>
  /^[\w~]+:\d+$/.test(emoji) ? emoji : encodeURIComponent(emoji);

/** Messages known to have a thread started on them (the thread has the message's id), newest last. */
class StartedThreads {
  readonly #ids = new Set<string>();

  has(messageId: string): boolean {
    return this.#ids.has(messageId);
  }

  add(messageId: string): string {
    this.#ids.add(messageId);
    if (this.#ids.size > 1_000) this.#ids.delete(this.#ids.values().next().value as string);
    return messageId;
  }
}

/** Where a reply to `replyTo` goes: its thread, or a new thread started on it. */
async function threadFor(
  deps: OutboundDeps,
  started: StartedThreads,
  replyTo: MessageRef,
  name: string,
): Promise<string | undefined> {
  if (replyTo.threadId) return replyTo.threadId;
  const cached = deps.client.channels.cache.get(replyTo.messageId);
  if (started.has(replyTo.messageId) || cached?.isThread()) return replyTo.messageId;
  try {
    const route = Routes.threads(replyTo.channel.channelId, replyTo.messageId);
    const body = { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES };
    return started.add(((await deps.client.rest.post(route, { body })) as APIThreadChannel).id);
  } catch (error) {
    const code = discordCode(error);
    // Someone started a thread on it in the meantime; it carries the message's id.
    if (code === DISCORD_CODES.threadAlreadyExists) return started.add(replyTo.messageId);
    if (code === DISCORD_CODES.unknownMessage) {
      deps.logger.warn(
        { messageId: replyTo.messageId },
        'discord reply target is gone; posting in the channel',
      );
      return undefined;
    }
    throw platformError('starting a thread', error, [deps.token]);
  }
}

export function createOutbound(deps: OutboundDeps) {
  const rest = deps.client.rest;
  const fail = (action: string, error: unknown) => platformError(action, error, [deps.token]);
  const started = new StartedThreads();

  return {
    async post(channel: ChannelRef, message: RichMessage, replyTo?: MessageRef): Promise<MessageRef> {
      const parts = renderParts(message);
      const threadId = replyTo ? await threadFor(deps, started, replyTo, threadName(message)) : undefined;
      const target = threadId ?? replyTo?.channel.channelId ?? channel.channelId;
      let first: APIMessage | undefined;
      try {
        // In order, one after the other: discord.js queues them per route and waits out 429s. The
        // enforced nonce makes Discord ignore a second copy when discord.js retries after a timeout.
        for (const part of parts) {
          const body = { ...part, nonce: randomBytes(12).toString('hex'), enforce_nonce: true };
          const sent = (await rest.post(Routes.channelMessages(target), { body })) as APIMessage;
          first ??= sent;
        }
      } catch (error) {
        throw fail('posting a message', error);
      }
      const ref: MessageRef = { channel: replyTo?.channel ?? channel, messageId: (first as APIMessage).id };
      if (threadId) ref.threadId = threadId;
      return ref;
    },

    async update(ref: MessageRef, message: RichMessage): Promise<void> {
      const body = renderEdit(message);
      await rest.patch(Routes.channelMessage(containerOf(ref), ref.messageId), { body }).catch((error) => {
        throw fail('editing a message', error);
      });
    },

    async addReaction(ref: MessageRef, emoji: string): Promise<void> {
      const route = Routes.channelMessageOwnReaction(containerOf(ref), ref.messageId, encodeEmoji(emoji));
      await rest.put(route).catch((error) => {
        throw fail('adding a reaction', error);
      });
    },

    async removeReaction(ref: MessageRef, emoji: string): Promise<void> {
      const route = Routes.channelMessageOwnReaction(containerOf(ref), ref.messageId, encodeEmoji(emoji));
      await rest.delete(route).catch((error) => {
        throw fail('removing a reaction', error);
      });
    },
  };
}
