import { createServer, type Server } from 'node:http';
import type { APIUser } from 'discord.js';
import { type UserInput, user } from './fixtures-entities.ts';
import { FakeGateway } from './gateway.ts';
import { PRIVILEGED_INTENTS } from './intents.ts';
import { RateLimiter } from './rate-limits.ts';
import { handleRestRequest } from './rest-server.ts';
import type { RestCall } from './rest-types.ts';
import { allRoutes } from './routes.ts';
import { nextSnowflake } from './snowflake.ts';
import { DiscordStore } from './store.ts';

export interface FakeDiscordOptions {
  token?: string;
  botUser?: UserInput;
  /** Defaults to the bot user's id, as for every application created since 2020. */
  applicationId?: string;
  applicationFlags?: number;
  /** HELLO's heartbeat_interval; Discord uses ~41 s, tests usually want ~1 s to see heartbeats. */
  heartbeatIntervalMs?: number;
  /** Privileged intents switched on "in the portal"; requesting others closes the gateway with 4014. */
  privilegedIntentsEnabled?: number;
  /** Echo the bot's own messages/reactions/threads over the gateway like Discord does (default true). */
  echoOwnActions?: boolean;
}

/** Callbacks into the FakeDiscord that owns the parts. */
export interface WiringHooks {
  url: () => string;
  dispatch: (t: string, d: unknown) => void;
  onCall: (call: RestCall) => void;
  onHandlerError: (error: unknown) => void;
  onGatewayChange: () => void;
}

export interface FakeDiscordParts {
  token: string;
  botUser: APIUser;
  applicationId: string;
  store: DiscordStore;
  gateway: FakeGateway;
  rateLimits: RateLimiter;
  /** One HTTP server for REST and the gateway upgrade, so `/gateway/bot` can point at the same port. */
  server: Server;
}

export function wireFakeDiscord(options: FakeDiscordOptions, hooks: WiringHooks): FakeDiscordParts {
  const token = options.token ?? 'fake-bot-token.codecot.tests';
  const botUser = user({ id: nextSnowflake(), username: 'codecot', ...options.botUser, bot: true });
  const applicationId = options.applicationId ?? botUser.id;
  const store = new DiscordStore(botUser.id);
  const shared = {
    bot: botUser,
    applicationId,
    applicationFlags: options.applicationFlags ?? 0,
    store,
    gatewayUrl: () => hooks.url().replace(/^http/, 'ws'),
  };
  const gateway = new FakeGateway({
    ...shared,
    token,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    privilegedIntentsEnabled: options.privilegedIntentsEnabled ?? PRIVILEGED_INTENTS,
    onChange: hooks.onGatewayChange,
  });
  const rateLimits = new RateLimiter();
  const routes = allRoutes({
    ...shared,
    baseUrl: hooks.url,
    dispatch: hooks.dispatch,
    echoOwnActions: options.echoOwnActions ?? true,
  });
  const deps = { token, routes, rateLimits, onCall: hooks.onCall, onHandlerError: hooks.onHandlerError };
  const server = createServer((request, response) => {
    handleRestRequest(deps, request, response).catch((error: unknown) => {
      // Only reachable for bodies the fake cannot even parse; handler errors are answered inside.
      hooks.onHandlerError(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: '500: fake could not read the request', code: 0 }));
    });
  });
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  return { token, botUser, applicationId, store, gateway, rateLimits, server };
}
