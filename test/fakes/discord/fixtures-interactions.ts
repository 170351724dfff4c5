import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandGuildInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  type InteractionType,
  InteractionType as InteractionTypes,
  Locale,
} from 'discord.js';
import { guildMember, type UserInput } from './fixtures-entities.ts';
import { nextSnowflake } from './snowflake.ts';

export type OptionValue = string | number | boolean;

export interface ChatInputInteractionInput {
  id?: string;
  /** The interaction token used by the callback and webhook routes; defaults to a random one. */
  token?: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  user: UserInput;
  roles?: string[];
  /** Defaults to `codecot`. */
  commandName?: string;
  commandId?: string;
  /** Set when the command is registered in this guild (not globally); becomes `data.guild_id`. */
  commandGuildId?: string;
  subcommand?: string;
  /** Option values by name; the Discord option type is inferred (string, integer, number, boolean). */
  options?: Record<string, OptionValue>;
  /** Permission bitfield of the invoking member, as a decimal string. */
  permissions?: string;
}

function basicOption(name: string, value: OptionValue): APIApplicationCommandInteractionDataBasicOption {
  if (typeof value === 'string') return { name, type: ApplicationCommandOptionType.String, value };
  if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
  return Number.isInteger(value)
    ? { name, type: ApplicationCommandOptionType.Integer, value }
    : { name, type: ApplicationCommandOptionType.Number, value };
}

function commandOptions(
  input: ChatInputInteractionInput,
): APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[] {
  const values = Object.entries(input.options ?? {}).map(([name, value]) => basicOption(name, value));
  if (!input.subcommand) return values;
  return [{ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options: values }];
}

/** INTERACTION_CREATE data for a chat-input slash command (type 2) run in a guild text channel. */
export function interactionCreate(
  input: ChatInputInteractionInput,
): APIChatInputApplicationCommandGuildInteraction {
  const permissions = input.permissions ?? '2248473465835073';
  return {
    id: input.id ?? nextSnowflake(),
    application_id: input.applicationId,
    type: InteractionTypes.ApplicationCommand,
    token: input.token ?? `fake-interaction-token-${crypto.randomUUID()}`,
    version: 1,
    data: {
      id: input.commandId ?? nextSnowflake(),
      name: input.commandName ?? 'codecot',
      type: ApplicationCommandType.ChatInput,
      ...(input.commandGuildId ? { guild_id: input.commandGuildId } : {}),
      options: commandOptions(input),
    },
    guild: { id: input.guildId, features: [], locale: Locale.EnglishUS },
    guild_id: input.guildId,
    channel: { id: input.channelId, type: ChannelType.GuildText, guild_id: input.guildId },
    channel_id: input.channelId,
    member: { ...guildMember({ user: input.user, roles: input.roles ?? [] }), permissions },
    app_permissions: permissions,
    locale: Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: input.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10_485_760,
  };
}
