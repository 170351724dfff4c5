import {
  type APIGuildCategoryChannel,
  type APIGuildMember,
  type APIGuildMemberNoUser,
  type APINewsChannel,
  type APIRole,
  type APITextChannel,
  type APIUser,
  ChannelType,
  type GuildMemberFlags,
  type RoleFlags,
} from 'discord.js';

// Discord sends 0 for "no flags", but these enums have no zero member, hence the casts.
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;
const NO_ROLE_FLAGS = 0 as RoleFlags;

/** The few user fields tests care about; everything else gets Discord's defaults for a plain account. */
export interface UserInput {
  id: string;
  username?: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface MemberInput {
  user: UserInput;
  roles?: string[];
  nick?: string | null;
  joinedAt?: string;
}

export interface RoleInput {
  id: string;
  name: string;
  /** Permission bitfield as a decimal string, like Discord sends it. */
  permissions?: string;
  position?: number;
  color?: number;
}

export interface ChannelInput {
  id: string;
  name: string;
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.GuildCategory;
  parentId?: string | null;
  topic?: string | null;
}

export type SeededGuildChannel = APITextChannel | APINewsChannel | APIGuildCategoryChannel;

/** Discord's defaults for @everyone in a new server (view, send, read history, react, threads...). */
export const EVERYONE_PERMISSIONS = '1071698660929';

export function user(input: UserInput): APIUser {
  const apiUser: APIUser = {
    id: input.id,
    username: input.username ?? `user${input.id.slice(-4)}`,
    discriminator: '0',
    global_name: input.globalName ?? null,
    avatar: null,
  };
  if (input.bot) apiUser.bot = true;
  return apiUser;
}

/** A member as gateway message events carry it: without the `user` (that is the message author). */
export function memberWithoutUser(input: Omit<MemberInput, 'user'> = {}): APIGuildMemberNoUser {
  return {
    roles: input.roles ?? [],
    nick: input.nick ?? null,
    joined_at: input.joinedAt ?? '2024-01-01T00:00:00.000000+00:00',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: NO_MEMBER_FLAGS,
    pending: false,
    avatar: null,
    communication_disabled_until: null,
  };
}

export function guildMember(input: MemberInput): APIGuildMember {
  return { ...memberWithoutUser(input), user: user(input.user) };
}

export function role(input: RoleInput): APIRole {
  const color = input.color ?? 0;
  return {
    id: input.id,
    name: input.name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: input.position ?? 1,
    permissions: input.permissions ?? EVERYONE_PERMISSIONS,
    managed: false,
    mentionable: false,
    flags: NO_ROLE_FLAGS,
  };
}

export function guildChannel(input: ChannelInput, guildId: string, position: number): SeededGuildChannel {
  const common = { id: input.id, name: input.name, guild_id: guildId, position, permission_overwrites: [] };
  if (input.type === ChannelType.GuildCategory) {
    return { ...common, type: ChannelType.GuildCategory, nsfw: false };
  }
  const text = {
    ...common,
    parent_id: input.parentId ?? null,
    nsfw: false,
    topic: input.topic ?? null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
  return input.type === ChannelType.GuildAnnouncement
    ? { ...text, type: ChannelType.GuildAnnouncement }
    : { ...text, type: ChannelType.GuildText };
}
