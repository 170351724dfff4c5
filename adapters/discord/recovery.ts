import { Routes } from 'discord.js';
import type { InboundContext } from './inbound-context.ts';
import { onMessageCreate } from './inbound-messages.ts';
import { messageSchema } from './schemas.ts';

const byId = (a: { id: string }, b: { id: string }): number => {
  const diff = BigInt(a.id) - BigInt(b.id);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
};

/**
 * The newest message seen per channel (threads are channels too), for the channels with the most recent
 * activity. After a re-IDENTIFY, Discord does not replay what happened while the session was gone;
 * these are the channels whose history is re-read.
 */
export class Activity {
  readonly #lastSeen = new Map<string, string>();
  readonly #maxChannels: number;

  constructor(maxChannels = 100) {
    this.#maxChannels = maxChannels;
  }

  seen(channelId: string, messageId: string): void {
    const previous = this.#lastSeen.get(channelId);
    this.#lastSeen.delete(channelId);
    const newest = previous && byId({ id: previous }, { id: messageId }) > 0 ? previous : messageId;
    this.#lastSeen.set(channelId, newest);
    if (this.#lastSeen.size > this.#maxChannels) {
      const oldest = this.#lastSeen.keys().next().value;
      if (oldest !== undefined) this.#lastSeen.delete(oldest);
    }
  }

  channels(): Array<[channelId: string, lastMessageId: string]> {
    return [...this.#lastSeen.entries()];
  }
}

/**
 * Re-reads, for each active channel, up to `recoveryLimit` messages after the last one seen and hands
 * them to the sink as if they had just arrived. Messages that did arrive are not re-read (they are not
 * after the last seen id); one that raced the re-read arrives twice with the same event id, which the
 * core drops.
 */
export async function recoverMissed(ctx: InboundContext): Promise<number> {
  let recovered = 0;
  for (const [channelId, after] of ctx.activity.channels()) {
    const location = await ctx.directory.locate(channelId);
    if (!location) continue;
    let page: unknown;
    try {
      const query = new URLSearchParams({ after, limit: String(ctx.recoveryLimit) });
      page = await ctx.client.rest.get(Routes.channelMessages(channelId), { query });
    } catch (error) {
      ctx.logger.warn({ err: error, channelId }, 'discord history re-read failed');
      continue;
    }
    const messages = (Array.isArray(page) ? page : [])
      // REST messages carry no guild id; the gateway's MESSAGE_CREATE does.
      .map((raw: unknown) => messageSchema.safeParse({ ...(raw as object), guild_id: location.guildId }))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .sort(byId);
    for (const message of messages) await onMessageCreate(ctx, message);
    recovered += messages.length;
  }
  ctx.logger.info({ recovered }, 'discord session re-identified; recent history re-read');
  return recovered;
}
