import type { APIGatewayBotInfo } from 'discord.js';
import { Errors, json, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';

/** `GET /gateway/bot`: discord.js connects its WebSocket to `url` (plus `?v=10&encoding=json`). */
function gatewayBot(context: RouteContext): RestResponse {
  const info: APIGatewayBotInfo = {
    url: context.gatewayUrl(),
    shards: 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
  };
  return json(info);
}

function application(context: RouteContext): RestResponse {
  return json({
    id: context.applicationId,
    name: context.bot.username,
    icon: null,
    description: '',
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: context.applicationFlags,
    owner: context.bot,
    team: null,
    bot: context.bot,
    approximate_guild_count: context.store.guilds.size,
  });
}

function channel(context: RouteContext, { params }: RestRequest): RestResponse {
  const found = context.store.channels.get(params.channelId ?? '');
  return found ? json(found) : Errors.unknownChannel();
}

function guild(context: RouteContext, { params }: RestRequest): RestResponse {
  const found = context.store.guilds.get(params.guildId ?? '');
  if (!found) return Errors.unknownGuild();
  // REST's guild object has no members/channels/presences: those only come in GUILD_CREATE.
  const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, ...rest } = found;
  return json(rest);
}

function member(context: RouteContext, { params }: RestRequest): RestResponse {
  const found = context.store.guilds.get(params.guildId ?? '');
  if (!found) return Errors.unknownGuild();
  const match = found.members.find((candidate) => candidate.user.id === params.userId);
  return match ? json(match) : Errors.unknownMember();
}

export function metaRoutes(context: RouteContext): Route[] {
  return [
    { method: 'GET', pattern: '/gateway', auth: 'none', handle: () => json({ url: context.gatewayUrl() }) },
    { method: 'GET', pattern: '/gateway/bot', auth: 'bot', handle: () => gatewayBot(context) },
    { method: 'GET', pattern: '/users/@me', auth: 'bot', handle: () => json(context.bot) },
    { method: 'GET', pattern: '/applications/@me', auth: 'bot', handle: () => application(context) },
    { method: 'GET', pattern: '/oauth2/applications/@me', auth: 'bot', handle: () => application(context) },
    { method: 'GET', pattern: '/channels/:channelId', auth: 'bot', handle: (r) => channel(context, r) },
    { method: 'GET', pattern: '/guilds/:guildId', auth: 'bot', handle: (r) => guild(context, r) },
    {
      method: 'GET',
      pattern: '/guilds/:guildId/members/:userId',
      auth: 'bot',
      handle: (r) => member(context, r),
    },
  ];
}
