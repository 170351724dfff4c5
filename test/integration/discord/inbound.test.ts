import { GatewayDispatchEvents as E, MessageType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/domain/chat-events.ts';
import {
  guildCreate,
  messageCreate,
  messageUpdate,
  nextSnowflake,
  reactionAdd,
  reactionRemove,
  threadChannel,
} from '../../fakes/discord/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type DiscordHarness, makeDiscordHarness } from './harness.ts';

let h: DiscordHarness;
beforeAll(async () => {
  h = await makeDiscordHarness();
});
afterAll(async () => h?.close());

type Of<T extends ChatEvent['type']> = Extract<ChatEvent, { type: T }>;

async function eventFor<T extends ChatEvent['type']>(type: T, match: (e: Of<T>) => boolean): Promise<Of<T>> {
  let found: Of<T> | undefined;
  await waitFor(() => {
    found = h.events.find((e): e is Of<T> => e.type === type && match(e as Of<T>));
    return found !== undefined;
  });
  return found as Of<T>;
}

/** A user message that arrives after everything dispatched before it (the gateway keeps order). */
async function marker(): Promise<void> {
  const ref = await h.userSays(`marker ${nextSnowflake()}`);
  await eventFor('message', (e) => e.message.ref.messageId === ref.messageId);
}

describe('malformed and unusual dispatches', () => {
  test('malformed dispatches are logged with a reason and skipped; the adapter and the process carry on', async () => {
    const { fake, guildId, channelId } = h.world;
    const mark = h.events.length;
    // Straight onto the wire: the fake's store would refuse these payloads itself.
    const raw = (t: string, d: unknown) => fake.gateway.dispatch(t, d);
    raw(E.MessageCreate, { id: 'not-a-snowflake', channel_id: channelId, guild_id: guildId });
    raw(E.MessageCreate, {
      id: nextSnowflake(),
      channel_id: channelId,
      guild_id: guildId,
      content: 'no author',
    });
    raw(E.MessageUpdate, { id: nextSnowflake(), guild_id: guildId });
    raw(E.MessageReactionAdd, { channel_id: channelId, guild_id: guildId, emoji: { name: '✅' } });
    raw(E.InteractionCreate, { id: nextSnowflake(), type: 2, guild_id: guildId });
    raw(E.MessageDelete, { guild_id: guildId, id: 42 });
    await marker();

    const skipped = h.logs.filter((l) => l.msg === 'malformed discord dispatch skipped');
    expect(skipped.map((l) => l.t)).toEqual([
      'MESSAGE_CREATE',
      'MESSAGE_CREATE',
      'MESSAGE_UPDATE',
      'MESSAGE_REACTION_ADD',
      'INTERACTION_CREATE',
      'MESSAGE_DELETE',
    ]);
    expect(skipped[1]?.reason).toMatch(/^author/);
    expect(h.events.slice(mark).map((e) => e.type)).toEqual(['message']);
  });

  test('system messages and link-preview updates are not conversation', async () => {
    const { fake, guildId, channelId, users } = h.world;
    const mark = h.events.length;
    const notice = messageCreate({ guildId, channelId, author: users.member, content: 'pinned a message' });
    fake.dispatch(E.MessageCreate, { ...notice, type: MessageType.ChannelPinnedMessage });
    const said = await h.userSays('see https://example.com');
    fake.dispatch(E.MessageUpdate, {
      ...messageUpdate({ id: said.messageId, guildId, channelId, author: users.member }),
      edited_timestamp: null,
    });
    await marker();
    expect(h.events.slice(mark).map((e) => e.type)).toEqual(['message', 'message']);
  });

  test('a bulk deletion arrives as one deletion per message', async () => {
    const { fake, guildId, channelId } = h.world;
    const a = await h.userSays('spam 1');
    const b = await h.userSays('spam 2');
    fake.dispatch(E.MessageDeleteBulk, {
      ids: [a.messageId, b.messageId],
      channel_id: channelId,
      guild_id: guildId,
    });
    await eventFor('message_deleted', (e) => e.ref.messageId === b.messageId);
    expect(
      h.events.filter(
        (e) => e.type === 'message_deleted' && [a.messageId, b.messageId].includes(e.ref.messageId),
      ),
    ).toHaveLength(2);
  });
});

describe('authors and trust', () => {
  test('a webhook message is untrusted', async () => {
    const { fake, guildId, channelId } = h.world;
    const hook = messageCreate({
      guildId,
      channelId,
      author: { id: nextSnowflake(), username: 'GitHub', bot: true },
      webhookId: nextSnowflake(),
      content: 'CI failed on main',
    });
    fake.dispatch(E.MessageCreate, hook);
    const event = await eventFor('message', (e) => e.message.ref.messageId === hook.id);
    expect(event.message.author).toMatchObject({
      trust: 'untrusted',
      untrustedReason: 'webhook',
      isBot: true,
    });
  });

  test('picking the bot from the role list (its managed role) is a mention', async () => {
    const { fake, guildId, channelId, users } = h.world;
    const botRole = fake.store.guilds.get(guildId)?.roles.find((r) => r.tags?.bot_id === fake.botUser.id);
    const message = messageCreate({
      guildId,
      channelId,
      author: users.member,
      member: { roles: [h.world.trustedRoleId] },
      content: `<@&${botRole?.id}> please look at the flaky test`,
      mentionRoles: [botRole?.id ?? ''],
    });
    fake.dispatch(E.MessageCreate, message);
    const event = await eventFor('mention', (e) => e.message.ref.messageId === message.id);
    expect(event.message.text).toBe('please look at the flaky test');
  });

  test('a removed reaction has no member in the payload: the member is looked up for trust', async () => {
    const target = await h.userSays('approve me');
    await h.userReacts(target, '✅', { removed: true });
    const removed = await eventFor('reaction_removed', (e) => e.target.messageId === target.messageId);
    expect(removed.user).toMatchObject({ id: h.userId('member'), name: 'Ada', trust: 'trusted' });
  });

  test('a reactor the lookup cannot find is untrusted (fail closed)', async () => {
    const { fake, guildId, channelId } = h.world;
    const target = await h.userSays('react, stranger');
    const stranger = { id: nextSnowflake(), username: 'left-the-server' };
    fake.dispatch(
      E.MessageReactionRemove,
      reactionRemove({ guildId, channelId, messageId: target.messageId, user: stranger }),
    );
    const removed = await eventFor('reaction_removed', (e) => e.user.id === `discord:${stranger.id}`);
    expect(removed.user).toMatchObject({ trust: 'untrusted', untrustedReason: 'no-trusted-role' });
    expect(h.logs.some((l) => l.msg === 'discord member lookup failed')).toBe(true);
  });

  test('a reaction on a message from before the bot started, in a thread it never saw, is located', async () => {
    const { fake, guildId, channelId, users } = h.world;
    const old = fake.addMessage({ guildId, channelId, author: users.member, content: 'from last year' });
    // A thread the gateway never announced: the adapter asks REST where it is.
    const threadId = nextSnowflake();
    const thread = threadChannel({
      id: threadId,
      guildId,
      parentId: channelId,
      name: 'old',
      ownerId: users.member.id,
    });
    fake.store.channels.set(threadId, thread);
    const inOldThread = fake.addMessage({
      guildId,
      channelId: threadId,
      author: users.member,
      content: 'old reply',
    });
    for (const messageId of [old.id, inOldThread.id]) {
      fake.dispatch(
        E.MessageReactionAdd,
        reactionAdd({
          guildId,
          channelId: messageId === old.id ? channelId : threadId,
          messageId,
          user: users.member,
          roles: [h.world.trustedRoleId],
        }),
      );
    }
    const onOld = await eventFor('reaction_added', (e) => e.target.messageId === old.id);
    expect(onOld.target).toEqual({ channel: h.channel, messageId: old.id });
    const inThread = await eventFor('reaction_added', (e) => e.target.messageId === inOldThread.id);
    expect(inThread.target).toEqual({ channel: h.channel, messageId: inOldThread.id, threadId });
  });
});

describe('joining guilds', () => {
  test('a guild without a system channel gets the command but no introduction', async () => {
    const { fake } = h.world;
    const guildId = nextSnowflake();
    const mark = h.events.length;
    fake.addGuild({
      id: guildId,
      name: 'Quiet',
      systemChannelId: null,
      channels: [{ id: nextSnowflake(), name: 'x' }],
    });
    await fake.waitFor(() => fake.store.commands.get(guildId));
    await marker();
    expect(h.events.slice(mark).some((e) => e.type === 'bot_joined')).toBe(false);
  });

  test('a guild whose system channel the bot may not post in gets no introduction', async () => {
    const { fake } = h.world;
    const systemChannelId = nextSnowflake();
    const payload = guildCreate(
      {
        id: nextSnowflake(),
        name: 'Read only',
        systemChannelId,
        channels: [{ id: systemChannelId, name: 'rules' }],
        members: [{ user: h.world.users.member }],
      },
      fake.botUser,
    );
    // View Channels only: neither @everyone nor the bot's own role may send messages.
    for (const role of payload.roles) role.permissions = role.name === '@everyone' ? '1024' : '0';
    const mark = h.events.length;
    fake.dispatch(E.GuildCreate, payload);
    await fake.waitFor(() => fake.store.commands.get(payload.id));
    await marker();
    expect(h.events.slice(mark).some((e) => e.type === 'bot_joined')).toBe(false);
    expect(
      h.logs.some((l) => l.msg.includes('may not post in the system channel') && l.guildId === payload.id),
    ).toBe(true);
  });

  test('a guild with a system channel: bot_joined names it', async () => {
    const mark = h.events.length;
    await h.botJoins();
    const joined = h.joined.at(-1);
    await waitFor(() => h.events.slice(mark).some((e) => e.type === 'bot_joined'));
    const event = h.events.slice(mark).find((e) => e.type === 'bot_joined');
    expect(event).toMatchObject({
      channel: { platform: 'discord', workspaceId: joined?.guildId, channelId: joined?.channelId },
    });
    expect(event?.eventId).toMatch(new RegExp(`^discord:GUILD_CREATE:${joined?.guildId}:`));
  });
});
