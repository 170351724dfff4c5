import type { MessageRef } from '../../src/domain/chat.ts';
import type { Logger } from '../../src/logger.ts';
import type { WebClient } from './web-client.ts';

/**
 * Which thread root each message the adapter has seen or posted belongs to. Slack's reaction
 * events do not say, and replying with a reply's ts as `thread_ts` is what Slack asks apps to
 * avoid, so a reply to a reacted-to message needs its root: from here, or from one lookup.
 */
export class ThreadIndex {
  readonly #roots = new Map<string, string>();
  readonly #max: number;

  constructor(max = 20_000) {
    this.#max = max;
  }

  remember(channelId: string, ts: string, rootTs: string = ts): void {
    const key = `${channelId}:${ts}`;
    this.#roots.delete(key);
    this.#roots.set(key, rootTs);
    if (this.#roots.size > this.#max) {
      const oldest = this.#roots.keys().next().value;
      if (oldest !== undefined) this.#roots.delete(oldest);
    }
  }

  rootOf(channelId: string, ts: string): string | undefined {
    return this.#roots.get(`${channelId}:${ts}`);
  }

  /** `ref` with its thread filled in when the index knows it is a reply. */
  withThread(ref: MessageRef): MessageRef {
    if (ref.threadId !== undefined) return ref;
    const root = this.rootOf(ref.channel.channelId, ref.messageId);
    return root !== undefined && root !== ref.messageId ? { ...ref, threadId: root } : ref;
  }
}

/** The ts to reply under for `ref`: its thread root, asking Slack once when nobody knows it. */
export async function threadRootFor(
  ref: MessageRef,
  index: ThreadIndex,
  client: WebClient,
  logger: Logger,
): Promise<string> {
  const channelId = ref.channel.channelId;
  const known = ref.threadId ?? index.rootOf(channelId, ref.messageId);
  if (known !== undefined) return known;
  try {
    // Given any ts of a thread, conversations.replies answers with the thread's root first.
    const result = await client.conversations.replies({ channel: channelId, ts: ref.messageId, limit: 1 });
    const first = result.messages?.[0];
    const root = first?.thread_ts ?? first?.ts ?? ref.messageId;
    index.remember(channelId, ref.messageId, root);
    return root;
  } catch (error) {
    logger.debug({ err: error, ts: ref.messageId }, 'thread root lookup failed; replying under the message');
    return ref.messageId;
  }
}
