import {
  type APIApplicationCommand,
  ApplicationCommandType,
  ApplicationIntegrationType,
  type InteractionContextType,
} from 'discord.js';
import { type CommandBody, commandProblems } from './command-validation.ts';
import { Errors, json, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';
import { nextSnowflake } from './snowflake.ts';

const GLOBAL = 'global';

/** Resolves the command scope of a request, or the error Discord gives for someone else's app/guild. */
function scopeOf(context: RouteContext, params: Record<string, string>): string | RestResponse {
  if (params.applicationId !== context.applicationId) return Errors.missingAccess();
  if (params.guildId === undefined) return GLOBAL;
  return context.store.guilds.has(params.guildId) ? params.guildId : Errors.missingAccess();
}

/** Discord keeps a command's id when a bulk overwrite re-registers the same name and type. */
function toCommand(context: RouteContext, scope: string, body: CommandBody): APIApplicationCommand {
  const type = body.type ?? ApplicationCommandType.ChatInput;
  const previous = context.store.commands.get(scope)?.find((c) => c.name === body.name && c.type === type);
  const command: APIApplicationCommand = {
    id: previous?.id ?? nextSnowflake(),
    application_id: context.applicationId,
    type,
    name: body.name ?? '',
    name_localizations: null,
    description: body.description ?? '',
    description_localizations: null,
    default_member_permissions: body.default_member_permissions ?? null,
    nsfw: body.nsfw ?? false,
    integration_types: (body.integration_types ?? [
      ApplicationIntegrationType.GuildInstall,
    ]) as APIApplicationCommand['integration_types'] & object,
    contexts: (body.contexts ?? null) as InteractionContextType[] | null,
    version: nextSnowflake(),
  };
  if (body.options) command.options = body.options as APIApplicationCommand['options'] & object;
  if (scope !== GLOBAL) command.guild_id = scope;
  return command;
}

function list(context: RouteContext, { params }: RestRequest): RestResponse {
  const scope = scopeOf(context, params);
  return typeof scope === 'string' ? json(context.store.commands.get(scope) ?? []) : scope;
}

function overwrite(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const scope = scopeOf(context, params);
  if (typeof scope !== 'string') return scope;
  const bodies = Array.isArray(call.body) ? (call.body as CommandBody[]) : [];
  const problems = commandProblems(bodies);
  if (problems) return Errors.invalidFormBody(problems);
  const commands = bodies.map((body) => toCommand(context, scope, body));
  context.store.commands.set(scope, commands);
  return json(commands);
}

function createOne(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const scope = scopeOf(context, params);
  if (typeof scope !== 'string') return scope;
  const body = (call.body ?? {}) as CommandBody;
  const problems = commandProblems([body]);
  if (problems) return Errors.invalidFormBody(problems[0] ?? problems);
  const command = toCommand(context, scope, body);
  const others = (context.store.commands.get(scope) ?? []).filter((c) => c.id !== command.id);
  const replaced = others.length !== (context.store.commands.get(scope)?.length ?? 0);
  context.store.commands.set(scope, [...others, command]);
  // Discord answers 201 for a new command and 200 when the name already existed and was overwritten.
  return json(command, replaced ? 200 : 201);
}

export function commandRoutes(context: RouteContext): Route[] {
  const global = '/applications/:applicationId/commands';
  const guild = '/applications/:applicationId/guilds/:guildId/commands';
  return [global, guild].flatMap((pattern): Route[] => [
    { method: 'GET', pattern, auth: 'bot', handle: (r) => list(context, r) },
    { method: 'PUT', pattern, auth: 'bot', handle: (r) => overwrite(context, r) },
    { method: 'POST', pattern, auth: 'bot', handle: (r) => createOne(context, r) },
  ]);
}
