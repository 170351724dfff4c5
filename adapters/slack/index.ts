import type { AuthorizeResult } from '@slack/bolt';
import type { ChatMessage, MessageRef } from '../../src/domain/chat.ts';
import { CodecotError } from '../../src/errors.ts';
import type { Logger } from '../../src/logger.ts';
import type { ChatPlatform, HttpRoute, InboundSink } from '../../src/ports/chat-platform.ts';
import { createBoltApp } from './bolt-app.ts';
import { SlackHttpReceiver } from './http-receiver.ts';
import { createInboundHandler } from './inbound.ts';
import { createOutbound } from './outbound.ts';
import { canonicalUserId, type WorkspaceContext } from './refs.ts';
import { SlackSocketReceiver } from './socket-receiver.ts';
import { readThread } from './thread-history.ts';
import { ThreadIndex } from './thread-index.ts';
import { createUserDirectory } from './user-directory.ts';
import { createLookupClient, createOutboundClient, slackError } from './web-client.ts';

export interface SlackAdapterConfig {
  /** `xoxb-…`: every Web API call. */
  botToken: string;
  /** Verifies Events API requests (HTTP mode); required unless `appToken` is set. */
  signingSecret?: string | undefined;
  /** `xapp-…`: when set, events arrive over Socket Mode and no HTTP route is mounted. */
  appToken?: string | undefined;
  /** Web API base (SLACK_API_URL); Slack's own by default. */
  apiUrl?: string | undefined;
  logger: Logger;
}

interface Identity extends WorkspaceContext {
  botId: string | undefined;
}

/** Slack as a ChatPlatform: Bolt over HTTP (`POST /slack/events`) or Socket Mode, and the Web API. */
export function createSlackAdapter(config: SlackAdapterConfig): ChatPlatform {
  const logger = config.logger.child({ platform: 'slack' });
  const socketMode = config.appToken !== undefined;
  if (!socketMode && !config.signingSecret) {
    throw new CodecotError(
      'config_invalid',
      'Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN',
    );
  }
  const clientOptions = { botToken: config.botToken, apiUrl: config.apiUrl, logger };
  const client = createOutboundClient(clientOptions);
  const lookupClient = createLookupClient(clientOptions);
  let identity: Identity | undefined;
  let sink: InboundSink | undefined;

  const started = (): Identity => {
    if (!identity)
      throw new CodecotError('platform_error', 'slack adapter used before start()', { platform: 'slack' });
    return identity;
  };
  const directory = createUserDirectory({
    lookup: async (user) => {
      const { user: found } = await lookupClient.users.info({ user });
      if (!found?.id) throw new Error(`users.info returned no user for ${user}`);
      return { ...found, id: found.id };
    },
    workspaceTeamId: () => started().teamId,
    logger,
  });
  const threads = new ThreadIndex();
  const inbound = createInboundHandler({ sink: () => sink, context: started, directory, threads, logger });
  const httpReceiver = socketMode
    ? undefined
    : new SlackHttpReceiver({ signingSecret: config.signingSecret ?? '', logger, isReady: () => !!sink });
  const receiver =
    httpReceiver ??
    new SlackSocketReceiver({ appToken: config.appToken ?? '', apiUrl: config.apiUrl, logger });
  const authorization = (): AuthorizeResult => {
    const { teamId, botUserId, botId } = started();
    return { botToken: config.botToken, botUserId, teamId, ...(botId ? { botId } : {}) };
  };
  const app = createBoltApp({ receiver, logger, apiUrl: config.apiUrl, authorization, inbound });
  const outbound = createOutbound(client, threads, logger);

  return {
    name: 'slack',
    async start(next) {
      const auth = await client.auth.test().catch((error: unknown) => {
        throw slackError('auth.test', error);
      });
      if (!auth.team_id || !auth.user_id) throw slackError('auth.test', new Error('no team or user id'));
      identity = { teamId: auth.team_id, botUserId: auth.user_id, botId: auth.bot_id };
      sink = next;
      await app.start().catch((error: unknown) => {
        sink = undefined;
        throw socketMode ? slackError('Socket Mode connect', error) : error;
      });
      logger.info({ mode: socketMode ? 'socket' : 'http', team: auth.team_id }, 'slack adapter started');
    },
    async stop() {
      sink = undefined;
      await app.stop();
    },
    botUserId: () => canonicalUserId(started().botUserId),
    ...outbound,
    threadHistory: (ref: MessageRef, limit: number): Promise<ChatMessage[]> =>
      readThread(client, directory, started(), ref, limit),
    httpRoutes(): HttpRoute[] {
      return httpReceiver ? [{ method: 'POST', path: '/slack/events', handler: httpReceiver.handler }] : [];
    },
  };
}
