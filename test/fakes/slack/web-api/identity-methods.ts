import type { FakeSlackUser, WorkspaceIdentity } from '../types.ts';
import { SlackMethodError, stringArg } from './args.ts';
import { botMethod, type MethodContext, type MethodTable } from './method.ts';

/** The user object as users.info returns it, filled from the (sparse) seeded user. */
export function userObject(user: FakeSlackUser, identity: WorkspaceIdentity): Record<string, unknown> {
  const teamId = user.team_id ?? identity.teamId;
  const realName = user.real_name ?? user.name;
  const isOwnBot = user.id === identity.botUserId;
  return {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: user.deleted ?? false,
    real_name: realName,
    tz: user.tz ?? 'Europe/Berlin',
    is_admin: user.is_admin ?? false,
    is_owner: user.is_owner ?? false,
    is_primary_owner: false,
    is_restricted: user.is_restricted ?? false,
    is_ultra_restricted: user.is_ultra_restricted ?? false,
    is_bot: user.is_bot ?? false,
    is_app_user: user.is_app_user ?? false,
    updated: 1_700_000_000,
    profile: {
      real_name: realName,
      display_name: user.name,
      team: teamId,
      ...(isOwnBot ? { bot_id: identity.botId, api_app_id: identity.appId } : {}),
      ...user.profile,
    },
  };
}

function authTest(ctx: MethodContext): Record<string, unknown> {
  const { identity } = ctx.workspace;
  return {
    url: `https://${identity.teamDomain}.slack.com/`,
    team: identity.teamName,
    user: identity.botName,
    team_id: identity.teamId,
    user_id: identity.botUserId,
    bot_id: identity.botId,
    is_enterprise_install: false,
  };
}

function usersInfo(ctx: MethodContext): Record<string, unknown> {
  const id = stringArg(ctx.args, 'user');
  const user = id === undefined ? undefined : ctx.workspace.user(id);
  if (!user) throw new SlackMethodError('user_not_found');
  return { user: userObject(user, ctx.workspace.identity) };
}

function connectionsOpen(ctx: MethodContext): Record<string, unknown> {
  return { url: ctx.openSocketUrl() };
}

export const identityMethods: MethodTable = {
  'auth.test': botMethod(authTest),
  'users.info': botMethod(usersInfo),
  'apps.connections.open': { tokenType: 'app', handler: connectionsOpen },
};
