import { GatewayDispatchEvents as E, type GatewayMessageReactionAddDispatchData } from 'discord.js';
import { CODECOT_COMMAND } from '../../adapters/discord/commands.ts';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';
import { emojiFor } from '../../src/domain/emoji.ts';
import {
  FakeDiscord,
  interactionCreate,
  messageCreate,
  nextSnowflake,
  reactionAdd,
} from '../fakes/discord/index.ts';
import { waitFor } from '../helpers/wait.ts';
import { botPosts, editsOf, shownTo } from './discord-views.ts';
import { DeliveryLog, type Person, type PlatformDriver } from './driver.ts';

/** Discord over the gateway: people act through dispatches, the bot through the fake REST API. */
export async function startDiscordDriver(): Promise<PlatformDriver & { readonly fake: FakeDiscord }> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
  const guildId = nextSnowflake();
  const channelId = nextSnowflake();
  const users: Record<Person, { id: string; username: string }> = {
    requester: { id: nextSnowflake(), username: 'ada' },
    approver: { id: nextSnowflake(), username: 'grace' },
    bystander: { id: nextSnowflake(), username: 'linus' },
  };
  fake.addGuild({
    id: guildId,
    name: 'Codecot E2E',
    systemChannelId: channelId,
    channels: [{ id: channelId, name: 'general' }],
    members: Object.values(users).map((user) => ({ user })),
  });
  const deliveries = new DeliveryLog();
  let lastReaction: GatewayMessageReactionAddDispatchData | undefined;
  const says = async (person: Person, where: string, content: string, mentions = false) => {
    const input = { guildId, channelId: where, author: users[person], member: { roles: [] }, content };
    const payload = messageCreate(mentions ? { ...input, mentions: [fake.botUser] } : input);
    fake.dispatch(E.MessageCreate, payload);
    await deliveries.delivered((e) => 'message' in e && e.message.ref.messageId === payload.id);
    return payload.id;
  };
  const reactionsOf = (r: GatewayMessageReactionAddDispatchData) =>
    deliveries.reactionsOn(r.message_id, `discord:${r.user_id}`);

  return {
    platform: 'discord',
    fake,
    setup: {
      env: { DISCORD_TOKEN: fake.token, DISCORD_API_URL: `${fake.url}/api` },
      build(config, logger) {
        if (!config.discord) throw new Error('Discord should be configured');
        return deliveries.observe(createDiscordAdapter({ ...config.discord, logger }));
      },
    },
    attach() {},
    idOf: (person) => `discord:${users[person].id}`,
    mention: (person, text) => says(person, channelId, `<@${fake.botUser.id}> ${text}`, true),
    async reply(person, rootId, text) {
      // A thread started on a message is a channel with the message's id.
      await says(person, rootId, text);
    },
    async react(person, post, meaning) {
      const payload = reactionAdd({
        guildId,
        channelId: post.threadId ?? channelId,
        messageId: post.id,
        user: users[person],
        emoji: { id: null, name: emojiFor(meaning, 'discord') },
      });
      lastReaction = payload;
      const before = reactionsOf(payload);
      fake.dispatch(E.MessageReactionAdd, payload);
      await waitFor(() => reactionsOf(payload) > before);
    },
    async redeliverLastReaction() {
      const payload = lastReaction;
      if (!payload) throw new Error('no reaction delivered yet');
      const before = reactionsOf(payload);
      const resumes = fake.resumeCount;
      // The socket drops; the dispatch waits in the session and arrives again with the RESUME.
      fake.dropConnection();
      fake.dispatch(E.MessageReactionAdd, payload);
      await fake.waitForResume(resumes + 1, 10_000);
      await waitFor(() => reactionsOf(payload) > before);
    },
    async command(person, text) {
      const payload = interactionCreate({
        applicationId: fake.applicationId,
        guildId,
        channelId,
        user: users[person],
        ...slashCommandOptions(text),
        commandGuildId: guildId,
      });
      fake.dispatch(E.InteractionCreate, payload);
      return shownTo(fake, payload.id, payload.token);
    },
    botPosts: () => botPosts(fake, channelId),
    edits: (messageId) => editsOf(fake, messageId),
    botReactions: (post) =>
      (fake.store.message(post.id)?.reactions ?? []).filter((r) => r.me).map((r) => r.emoji.name ?? ''),
    throttleNextPost(seconds) {
      const isPost = (call: { method: string; path: string }) =>
        call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path);
      fake.rateLimitNext(isPost, { times: 1, retryAfterSeconds: seconds });
    },
    close: () => fake.close(),
  };
}

/**
 * `digest now` as Discord sends it: the subcommand, and its words as the declared options in order
 * (the last option takes the rest), the way a person fills them in.
 */
function slashCommandOptions(text: string): { subcommand: string; options: Record<string, string> } {
  const [subcommand = 'help', ...words] = text.trim().split(/\s+/);
  const declared = CODECOT_COMMAND.options?.find((option) => option.name === subcommand);
  const names = declared && 'options' in declared ? (declared.options ?? []).map((o) => o.name) : [];
  const options: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = i === names.length - 1 ? words.slice(i).join(' ') : words[i];
    if (value) options[name] = value;
  });
  return { subcommand, options };
}
