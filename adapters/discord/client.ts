import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import { CodecotError } from '../../src/errors.ts';

export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  // Privileged: without it Discord blanks the text of messages that do not mention the bot.
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMessageReactions,
];

/** `https://discord.com/api/v10/` and `https://discord.com/api` both mean the base discord.js wants. */
export function restBase(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

/**
 * The discord.js client. Inbound events are read from raw dispatches, so the message cache is off (it
 * would only cost memory); partials still let discord.js itself accept reactions on uncached messages.
 * The gateway URL comes from `GET /gateway/bot` on the REST base, as Discord reports it.
 */
export function buildClient(apiUrl: string | undefined): Client {
  return new Client({
    intents: INTENTS,
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember],
    rest: apiUrl ? { api: restBase(apiUrl) } : {},
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    allowedMentions: { parse: ['users'] },
  });
}

/** What a gateway close code the client will not recover from means for whoever installs Codecot. */
function closeHint(code: number): string {
  switch (code) {
    case 4004:
      return 'the bot token was refused (DISCORD_TOKEN)';
    case 4013:
    case 4014:
      return 'Discord refused the intents: enable "Message Content Intent" under Bot → Privileged Gateway Intents in the Developer Portal';
    default:
      return `the gateway closed with code ${code}`;
  }
}

/** Resolves on `clientReady`; rejects when the gateway gives up for good or nothing happens in time. */
export function untilReady(client: Client, timeoutMs: number): { ready: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = () => finish(resolve);
    const onDisconnect = (event: { code: number }) =>
      finish(() =>
        reject(
          new CodecotError('platform_error', `Discord: ${closeHint(event.code)}`, { platform: 'discord' }),
        ),
      );
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new CodecotError('platform_error', `Discord: not ready within ${timeoutMs} ms`, {
              platform: 'discord',
              retryable: true,
            }),
          ),
        ),
      timeoutMs,
    );
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      client.off(Events.ClientReady, onReady);
      client.off(Events.ShardDisconnect, onDisconnect);
      settle();
    };
    cancel = () => finish(() => resolve());
    client.once(Events.ClientReady, onReady);
    client.on(Events.ShardDisconnect, onDisconnect);
  });
  // When login itself fails first, nobody awaits `ready` any more; its rejection is not news.
  ready.catch(() => {});
  return { ready, cancel };
}

export function loginHint(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/disallowed intents/i.test(message)) return closeHint(4014);
  if (/token/i.test(message)) return closeHint(4004);
  return message;
}
