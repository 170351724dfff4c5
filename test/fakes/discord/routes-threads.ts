import {
  ChannelType,
  GatewayDispatchEvents,
  type ThreadAutoArchiveDuration,
  type ThreadChannelType,
} from 'discord.js';
import { threadChannel } from './fixtures-threads.ts';
import { Errors, json, type RestRequest, type RestResponse, type Route } from './rest-types.ts';
import type { RouteContext } from './route-context.ts';

interface ThreadBody {
  name?: string;
  auto_archive_duration?: ThreadAutoArchiveDuration;
  rate_limit_per_user?: number;
  type?: ThreadChannelType;
}

const THREAD_PARENTS: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
]);

function invalidName(name: string | undefined): RestResponse | null {
  if (name && name.length >= 1 && name.length <= 100) return null;
  const message = 'Must be between 1 and 100 in length.';
  return Errors.invalidFormBody({ name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message }] } });
}

/**
 * Creates the thread, answers with the channel, and then (after the HTTP answer) dispatches THREAD_CREATE
 * with `newly_created`, which Discord sends to the creator as well.
 */
function create(
  context: RouteContext,
  call: RestRequest['call'],
  parentId: string,
  messageId?: string,
): RestResponse {
  const parent = context.store.channels.get(parentId);
  if (!parent?.guild_id || !THREAD_PARENTS.has(parent.type)) return Errors.unknownChannel();
  const body = (call.body ?? {}) as ThreadBody;
  const badName = invalidName(body.name);
  if (badName) return badName;
  const fromAnnouncement = parent.type === ChannelType.GuildAnnouncement;
  // Discord's documented default for message-less threads is a private thread.
  const type = messageId
    ? fromAnnouncement
      ? ChannelType.AnnouncementThread
      : ChannelType.PublicThread
    : (body.type ?? ChannelType.PrivateThread);
  const thread = threadChannel({
    ...(messageId ? { id: messageId } : {}),
    guildId: parent.guild_id,
    parentId,
    name: body.name ?? '',
    ownerId: context.bot.id,
    type,
    ...(body.auto_archive_duration ? { autoArchiveDuration: body.auto_archive_duration } : {}),
    ...(body.rate_limit_per_user ? { rateLimitPerUser: body.rate_limit_per_user } : {}),
  });
  context.store.channels.set(thread.id, thread);
  const starter = messageId ? context.store.message(messageId) : undefined;
  if (starter) context.store.putMessage({ ...starter, thread });
  if (!context.echoOwnActions) return json(thread);
  return {
    ...json(thread),
    after: () => context.dispatch(GatewayDispatchEvents.ThreadCreate, { ...thread, newly_created: true }),
  };
}

function fromMessage(context: RouteContext, { call, params }: RestRequest): RestResponse {
  const message = context.store.message(params.messageId ?? '');
  if (!message || message.channel_id !== params.channelId) return Errors.unknownMessage();
  if (context.store.channels.has(message.id)) return Errors.threadExists();
  return create(context, call, params.channelId ?? '', message.id);
}

export function threadRoutes(context: RouteContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/channels/:channelId/messages/:messageId/threads',
      auth: 'bot',
      handle: (r) => fromMessage(context, r),
    },
    {
      method: 'POST',
      pattern: '/channels/:channelId/threads',
      auth: 'bot',
      handle: (r) => create(context, r.call, r.params.channelId ?? ''),
    },
  ];
}
