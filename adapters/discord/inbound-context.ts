import type { Client } from 'discord.js';
import type { Logger } from '../../src/logger.ts';
import type { InboundSink } from '../../src/ports/chat-platform.ts';
import type { Directory } from './directory.ts';
import type { ParseContext } from './parse.ts';
import type { Activity } from './recovery.ts';

/** What every inbound handler shares: the client, lookups, the sink, and where activity was seen. */
export interface InboundContext {
  client: Client;
  directory: Directory;
  logger: Logger;
  trustedRoleId: string | undefined;
  sink: InboundSink;
  activity: Activity;
  /** How long an interaction may wait for the sink before it is deferred (Discord allows 3 s). */
  deferAfterMs: number;
  /** At most this many messages per channel are re-read after a re-IDENTIFY. */
  recoveryLimit: number;
}

export function parseContext(ctx: InboundContext, guildId: string): ParseContext {
  return {
    botUserId: ctx.client.user?.id ?? '',
    botRoleIds: ctx.directory.botRoleIds(guildId),
    trustedRoleId: ctx.trustedRoleId,
  };
}
