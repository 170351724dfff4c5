import {
  type APIMessage,
  GatewayDispatchEvents as E,
  InteractionResponseType,
  MessageFlags,
} from 'discord.js';
import { declaredOptions } from '../../../adapters/discord/commands.ts';
import { createDiscordAdapter, type DiscordTuning } from '../../../adapters/discord/index.ts';
import type { ChannelRef, MessageRef } from '../../../src/domain/chat.ts';
import type { ChatEvent, InboundResult } from '../../../src/domain/chat-events.ts';
import type { ChatPlatformHarness, Persona } from '../../contract/chat-platform-harness.ts';
import {
  interactionCreate,
  type MessageInput,
  messageCreate,
  messageDelete,
  messageUpdate,
  nextSnowflake,
  reactionAdd,
  reactionRemove,
  threadCreate,
} from '../../fakes/discord/index.ts';
import { captureLogger, type LogLine } from './log-capture.ts';
import { botMessagesUnder, startWorld, visibleText, type World } from './world.ts';

export interface DiscordHarness extends ChatPlatformHarness {
  world: World;
  logs: LogLine[];
  /** Guilds the bot joined through `botJoins()`, with their system channel. */
  joined: Array<{ guildId: string; channelId: string }>;
}

/** `/codecot <sub> <args>` as Discord options: words fill the declared options, the last one takes the rest. */
function optionsFor(subcommand: string, args: string): Record<string, string> {
  const words = args.split(/\s+/).filter(Boolean);
  const names = declaredOptions(subcommand);
  // Discord has no free text after a subcommand without options; an undeclared option carries it.
  if (names.length === 0) return words.length ? { args: words.join(' ') } : {};
  const options: Record<string, string> = {};
  names.forEach((name, index) => {
    const value = index === names.length - 1 ? words.slice(index).join(' ') : words[index];
    if (value) options[name] = value;
  });
  return options;
}

/** The real adapter on the real discord.js client, logged in to the fake Discord on 127.0.0.1. */
export async function makeDiscordHarness(tuning: Partial<DiscordTuning> = {}): Promise<DiscordHarness> {
  const world = await startWorld();
  const { fake, guildId, users } = world;
  const { logger, lines } = captureLogger();
  const events: ChatEvent[] = [];
  let sinkResult: InboundResult = {};
  const platform = createDiscordAdapter(
    { token: fake.token, apiUrl: `${fake.url}/api`, trustedRoleId: world.trustedRoleId, logger },
    tuning,
  );
  await platform.start(async (event) => {
    events.push(event);
    return sinkResult;
  });

  const channel: ChannelRef = { platform: 'discord', workspaceId: guildId, channelId: world.channelId };
  const written = new Map<string, { persona: Persona; channelId: string }>();
  const joined: DiscordHarness['joined'] = [];
  let last: [string, unknown] | undefined;
  const send = (t: string, d: unknown) => {
    last = [t, d];
    fake.dispatch(t, d);
  };
  const containerOf = (ref: MessageRef) =>
    ref.threadId && ref.threadId !== ref.messageId ? ref.threadId : world.channelId;
  const threadOf = (root: MessageRef): string => {
    if (root.threadId) return root.threadId;
    if (!fake.store.channels.has(root.messageId)) {
      const thread = { id: root.messageId, guildId, parentId: world.channelId, name: 'discussion' };
      fake.dispatch(E.ThreadCreate, threadCreate({ ...thread, ownerId: users.member.id }));
    }
    return root.messageId;
  };
  const inputFrom = (persona: Persona, channelId: string, content: string): MessageInput => ({
    guildId,
    channelId,
    author: users[persona],
    member: { roles: world.rolesOf(persona) },
    content,
  });

  return {
    world,
    logs: lines,
    joined,
    platform,
    channel,
    events,
    maxMessageLength: 2_000,
    setSinkResult: (result) => {
      sinkResult = result;
    },
    userId: (persona) => `discord:${users[persona].id}`,
    supportsPersona: (persona) => persona !== 'external',

    async userSays(text, options = {}) {
      const persona = options.persona ?? 'member';
      const threadId = options.threadOf ? threadOf(options.threadOf) : undefined;
      const channelId = threadId ?? world.channelId;
      const bot = fake.botUser;
      const payload = options.mentionBot
        ? messageCreate({ ...inputFrom(persona, channelId, `<@${bot.id}> ${text}`), mentions: [bot] })
        : messageCreate(inputFrom(persona, channelId, text));
      written.set(payload.id, { persona, channelId });
      send(E.MessageCreate, payload);
      return { channel, messageId: payload.id, ...(threadId ? { threadId } : {}) };
    },

    async redeliverLast() {
      if (last) fake.dispatch(last[0], last[1]);
    },

    async userReacts(target, emoji, options = {}) {
      const persona = options.persona ?? 'member';
      const input = {
        guildId,
        channelId: containerOf(target),
        messageId: target.messageId,
        user: users[persona],
        roles: world.rolesOf(persona),
        emoji: { id: null, name: emoji },
      };
      if (options.removed) send(E.MessageReactionRemove, reactionRemove(input));
      else send(E.MessageReactionAdd, reactionAdd(input));
    },

    async userEdits(target, text) {
      const { persona, channelId } = written.get(target.messageId) ?? { persona: 'member', channelId: '' };
      send(E.MessageUpdate, messageUpdate({ ...inputFrom(persona, channelId, text), id: target.messageId }));
    },

    async userDeletes(target) {
      send(E.MessageDelete, messageDelete({ id: target.messageId, channelId: containerOf(target), guildId }));
    },

    async slashCommand(subcommand, args) {
      const payload = interactionCreate({
        applicationId: fake.applicationId,
        guildId,
        channelId: world.channelId,
        user: users.member,
        roles: world.rolesOf('member'),
        subcommand,
        options: optionsFor(subcommand, args),
        commandGuildId: guildId,
      });
      fake.dispatch(E.InteractionCreate, payload);
      return shownTo(world, payload.id, payload.token);
    },

    async botJoins() {
      const joinedGuild = { guildId: nextSnowflake(), channelId: nextSnowflake() };
      joined.push(joinedGuild);
      fake.addGuild({
        id: joinedGuild.guildId,
        name: 'New Server',
        systemChannelId: joinedGuild.channelId,
        channels: [{ id: joinedGuild.channelId, name: 'welcome' }],
        members: [{ user: users.member }],
      });
    },

    async posted() {
      return botMessagesUnder(world).map(({ message, threadId }) => ({
        ref: { channel, messageId: message.id, ...(threadId ? { threadId } : {}) },
        visibleText: visibleText(message),
        threadId,
      }));
    },

    async botReactions(target) {
      const reactions = fake.store.message(target.messageId)?.reactions ?? [];
      return reactions.filter((reaction) => reaction.me).map((reaction) => reaction.emoji.name ?? '');
    },

    async close() {
      await platform.stop();
      await fake.close();
    },
  };
}

/** What the invoker of an interaction ends up seeing: the reply, or the deferred reply once edited. */
export async function shownTo(world: World, interactionId: string, token: string): Promise<string> {
  const { fake } = world;
  const response = await fake.waitFor(() =>
    fake.store.interactionResponses.find((r) => r.interactionId === interactionId),
  );
  if (response.type === InteractionResponseType.ChannelMessageWithSource) {
    return (response.data as { content?: string }).content ?? '';
  }
  const original = await fake.waitFor(() => {
    const id = fake.store.interactions.get(token)?.originalMessageId;
    const message: APIMessage | undefined = id ? fake.store.message(id) : undefined;
    return message && ((message.flags ?? 0) & MessageFlags.Loading) === 0 ? message : undefined;
  });
  return original.content;
}
