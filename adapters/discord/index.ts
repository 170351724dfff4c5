import type { Client } from 'discord.js';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { ChatPlatform, InboundSink } from '../../src/ports/chat-platform.ts';
import { buildClient, loginHint, untilReady } from './client.ts';
import { SerialQueue } from './delivery.ts';
import { Directory } from './directory.ts';
import { redactAll } from './errors.ts';
import { threadHistory } from './history.ts';
import { attachInbound } from './inbound.ts';
import type { InboundContext } from './inbound-context.ts';
import { createOutbound } from './outbound.ts';
import { inviteUrl } from './permissions.ts';
import { Activity } from './recovery.ts';
import { canonicalUserId, permalinkOf } from './refs.ts';

export interface DiscordAdapterConfig {
  token: string;
  /** REST base (`https://discord.com/api` by default); the gateway URL is what `GET /gateway/bot` reports. */
  apiUrl?: string | undefined;
  /** When set, only members holding this role are trusted. */
  trustedRoleId?: string | undefined;
  logger: Logger;
}

/** Timings tests shorten; the defaults suit Discord. */
export interface DiscordTuning {
  /** A slash command whose answer takes longer is deferred first (Discord allows 3 s). */
  deferAfterMs: number;
  readyTimeoutMs: number;
  /** Messages re-read per active channel after the session was invalidated. */
  recoveryLimit: number;
  /** How long `stop()` waits for events already received to reach the sink. */
  drainMs: number;
}

const DEFAULTS: DiscordTuning = {
  deferAfterMs: 2_000,
  readyTimeoutMs: 60_000,
  recoveryLimit: 50,
  drainMs: 5_000,
};

/** Codecot on Discord: discord.js v14 over the gateway, REST through discord.js's rate-limit queue. */
export function createDiscordAdapter(
  config: DiscordAdapterConfig,
  tuning: Partial<DiscordTuning> = {},
): ChatPlatform {
  const settings = { ...DEFAULTS, ...tuning };
  const logger = config.logger.child({ platform: 'discord' });
  const client: Client = buildClient(config.apiUrl);
  const directory = new Directory(client, logger);
  const events = new SerialQueue(logger);
  const housekeeping = new SerialQueue(logger);
  const outbound = createOutbound({ client, logger, token: config.token });
  const history = { client, directory, trustedRoleId: config.trustedRoleId, token: config.token };
  let detach: (() => void) | undefined;

  return {
    name: 'discord',

    async start(sink: InboundSink): Promise<void> {
      const ctx: InboundContext = {
        client,
        directory,
        logger,
        sink,
        trustedRoleId: config.trustedRoleId,
        activity: new Activity(),
        deferAfterMs: settings.deferAfterMs,
        recoveryLimit: settings.recoveryLimit,
      };
      detach = attachInbound(ctx, events, housekeeping);
      const { ready, cancel } = untilReady(client, settings.readyTimeoutMs);
      try {
        await client.login(config.token);
        await ready;
      } catch (error) {
        cancel();
        detach();
        await client.destroy();
        const hint =
          error instanceof CodecotError ? error.message : `Discord login failed: ${loginHint(error)}`;
        throw new CodecotError('platform_error', redactAll(hint, [config.token]), {
          platform: 'discord',
          cause: error,
        });
      }
      const applicationId = client.application?.id ?? client.user?.id ?? '';
      logger.info(
        { botUserId: client.user?.id, guilds: client.guilds.cache.size, invite: inviteUrl(applicationId) },
        'discord gateway ready',
      );
    },

    async stop(): Promise<void> {
      detach?.();
      await events.drain(settings.drainMs);
      await housekeeping.drain(settings.drainMs);
      await client.destroy();
    },

    botUserId(): string {
      const id = client.user?.id;
      if (!id)
        throw new CodecotError('platform_error', 'Discord adapter is not started', { platform: 'discord' });
      return canonicalUserId(id);
    },

    post: outbound.post,
    update: outbound.update,
    addReaction: outbound.addReaction,
    removeReaction: outbound.removeReaction,
    permalink: async (ref) => permalinkOf(ref),
    threadHistory: (ref, limit) => threadHistory(history, ref, limit),
  };
}
