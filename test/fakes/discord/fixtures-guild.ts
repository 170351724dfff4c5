import {
  type APIUser,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
} from 'discord.js';
import {
  type ChannelInput,
  EVERYONE_PERMISSIONS,
  guildChannel,
  guildMember,
  type MemberInput,
  type RoleInput,
  role,
} from './fixtures-entities.ts';
import { nextSnowflake } from './snowflake.ts';

/** What a test says about a server; the rest of Discord's guild object is filled with realistic defaults. */
export interface GuildSeed {
  id: string;
  name: string;
  channels?: ChannelInput[];
  members?: MemberInput[];
  /** Extra roles; @everyone (id = guild id) is always added, as Discord does. */
  roles?: RoleInput[];
  systemChannelId?: string | null;
  ownerId?: string;
  joinedAt?: string;
}

/** Administrator: the bot's managed role gets it so permission checks in discord.js pass. */
const ADMINISTRATOR = '8';

/**
 * A GUILD_CREATE payload as the gateway sends it when the bot connects or joins. `bot` is added as a member
 * with its own managed role, like Discord does for an invited bot.
 */
export function guildCreate(seed: GuildSeed, bot: APIUser): GatewayGuildCreateDispatchData {
  const joinedAt = seed.joinedAt ?? new Date().toISOString();
  const botRoleId = nextSnowflake();
  const members = [
    ...(seed.members ?? []).filter((member) => member.user.id !== bot.id).map(guildMember),
    guildMember({ user: { id: bot.id, username: bot.username, bot: true }, roles: [botRoleId], joinedAt }),
  ];
  const roles = [
    role({ id: seed.id, name: '@everyone', position: 0, permissions: EVERYONE_PERMISSIONS }),
    {
      ...role({ id: botRoleId, name: bot.username, permissions: ADMINISTRATOR }),
      managed: true,
      tags: { bot_id: bot.id },
    },
    ...(seed.roles ?? []).map(role),
  ];
  const channels = (seed.channels ?? []).map((channel, index) => guildChannel(channel, seed.id, index));
  return {
    id: seed.id,
    name: seed.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: seed.ownerId ?? seed.members?.[0]?.user.id ?? bot.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: seed.systemChannelId === undefined ? (channels[0]?.id ?? null) : seed.systemChannelId,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500000,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
