import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  type ClientEvents,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  Partials,
  Routes,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  FakeDiscord,
  interactionCreate,
  messageCreate,
  nextSnowflake,
  reactionAdd,
  threadCreate,
} from '../../fakes/discord/index.ts';

const GUILD_ID = nextSnowflake();
const GENERAL_ID = nextSnowflake();
const DEV_ID = nextSnowflake();
const MAINTAINER_ROLE_ID = nextSnowflake();
const HUMAN = { id: nextSnowflake(), username: 'ada' };

/** Resolves with the next `event` whose arguments pass `filter`. */
function nextEvent<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: ClientEvents[E]) => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      client.off(event, listener);
      resolve(args);
    };
    const timer = setTimeout(() => {
      client.off(event, listener);
      reject(new Error(`no ${String(event)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on(event, listener);
  });
}

/** Records every `event` matching `filter` until `stop()`; used to prove something arrived exactly once. */
function collect<E extends keyof ClientEvents>(
  client: Client,
  event: E,
  filter: (...args: ClientEvents[E]) => boolean,
) {
  const seen: ClientEvents[E][] = [];
  const listener = (...args: ClientEvents[E]) => {
    if (filter(...args)) seen.push(args);
  };
  client.on(event, listener);
  return { seen, stop: () => client.off(event, listener) };
}

function userMessage(content: string, extra: Partial<Parameters<typeof messageCreate>[0]> = {}) {
  return messageCreate({
    guildId: GUILD_ID,
    channelId: GENERAL_ID,
    author: HUMAN,
    member: { roles: [MAINTAINER_ROLE_ID] },
    content,
    ...extra,
  });
}

describe('FakeDiscord driven by the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  let general: TextChannel;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1_000 });
    fake.addGuild({
      id: GUILD_ID,
      name: 'Codecot HQ',
      systemChannelId: GENERAL_ID,
      channels: [
        { id: GENERAL_ID, name: 'general' },
        { id: DEV_ID, name: 'dev' },
      ],
      roles: [{ id: MAINTAINER_ROLE_ID, name: 'maintainer' }],
      members: [{ user: HUMAN, roles: [MAINTAINER_ROLE_ID] }],
    });
    client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.GuildMessageReactions,
      ],
      partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
      rest: { api: `${fake.url}/api` },
    });
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in over REST + gateway, gets READY and the seeded guild, and heartbeats', async () => {
    const ready = nextEvent(client, Events.ClientReady);
    // A guild listed in READY arrives as GUILD_CREATE and discord.js reports it as "available".
    const available = nextEvent(client, Events.GuildAvailable, (guild) => guild.id === GUILD_ID);
    await client.login(fake.token);
    await ready;
    const [guild] = await available;

    expect(fake.restCalls.find((call) => call.path === '/gateway/bot')).toMatchObject({
      version: 10,
      status: 200,
    });
    expect(fake.gateway.connectionQueries).toEqual([{ v: '10', encoding: 'json' }]);
    expect(fake.identifyCount).toBe(1);
    expect(fake.connectedClients).toBe(1);
    expect(fake.identifiedIntents).toBe(client.options.intents.bitfield);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(guild.name).toBe('Codecot HQ');
    expect(guild.systemChannel?.name).toBe('general');
    expect(guild.roles.cache.get(MAINTAINER_ROLE_ID)?.name).toBe('maintainer');
    expect(guild.members.cache.get(HUMAN.id)?.roles.cache.has(MAINTAINER_ROLE_ID)).toBe(true);
    expect(guild.members.me?.id).toBe(fake.botUser.id);
    general = guild.channels.cache.get(GENERAL_ID) as TextChannel;
    expect(general.type).toBe(ChannelType.GuildText);

    // A guild the bot joins after READY is a new GUILD_CREATE, which discord.js emits as guildCreate.
    const joined = nextEvent(client, Events.GuildCreate);
    fake.addGuild({
      id: nextSnowflake(),
      name: 'Second Server',
      channels: [{ id: nextSnowflake(), name: 'lobby' }],
    });
    expect((await joined)[0].name).toBe('Second Server');

    await fake.waitFor(() => fake.gateway.stats.heartbeats >= 1, 3_000, 'a heartbeat');
    await vi.waitFor(() => expect(client.ws.ping).toBeGreaterThanOrEqual(0), {
      timeout: 3_000,
      interval: 20,
    });
  });

  it('delivers a dispatched MESSAGE_CREATE as a messageCreate event with content, member and reply', async () => {
    const original = userMessage('first');
    fake.dispatch(GatewayDispatchEvents.MessageCreate, original);
    const arrived = nextEvent(client, Events.MessageCreate, (message) => message.content === 'hello codecot');
    const sessions = fake.dispatch(
      GatewayDispatchEvents.MessageCreate,
      userMessage('hello codecot', {
        mentions: [fake.botUser],
        messageReference: { messageId: original.id },
      }),
    );
    expect(sessions).toBe(1);
    const [message] = await arrived;
    expect(message.author.id).toBe(HUMAN.id);
    expect(message.author.bot).toBe(false);
    expect(message.guildId).toBe(GUILD_ID);
    expect(message.member?.roles.cache.has(MAINTAINER_ROLE_ID)).toBe(true);
    expect(message.mentions.users.has(fake.botUser.id)).toBe(true);
    expect(message.reference?.messageId).toBe(original.id);
  });

  it('stores channel.send() and message.react() and echoes both back over the gateway', async () => {
    const echoed = nextEvent(
      client,
      Events.MessageCreate,
      (m) => m.content === 'Working on it' && m.author.bot,
    );
    const before = nextSnowflake();
    const sent = await general.send({
      content: 'Working on it',
      embeds: [{ title: 'Run #1', description: 'queued' }],
    });

    expect(BigInt(sent.id)).toBeGreaterThan(BigInt(before));
    expect(fake.store.message(sent.id)).toMatchObject({
      channel_id: GENERAL_ID,
      content: 'Working on it',
      author: { id: fake.botUser.id, bot: true },
      embeds: [{ title: 'Run #1', description: 'queued' }],
    });
    expect((await echoed)[0].id).toBe(sent.id);

    const ownReaction = nextEvent(
      client,
      Events.MessageReactionAdd,
      (r, u) => r.message.id === sent.id && u.id === fake.botUser.id,
    );
    await sent.react('✅');
    const call = await fake.waitForRest(
      (c) => c.method === 'PUT' && c.path === `/channels/${GENERAL_ID}/messages/${sent.id}/reactions/✅/@me`,
    );
    expect(call).toMatchObject({
      status: 204,
      rawPath: `/channels/${GENERAL_ID}/messages/${sent.id}/reactions/%E2%9C%85/@me`,
    });
    expect(fake.store.message(sent.id)?.reactions).toEqual([
      expect.objectContaining({ emoji: { id: null, name: '✅' }, count: 1, me: true }),
    ]);
    await ownReaction;
  });

  it('starts threads from a message and in a channel, dispatching THREAD_CREATE', async () => {
    const starter = await general.send('Plan for issue #42');
    const thread = await starter.startThread({ name: 'codecot #42' });
    expect(thread.id).toBe(starter.id);
    expect(thread.parentId).toBe(GENERAL_ID);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(fake.store.channels.get(thread.id)).toMatchObject({
      name: 'codecot #42',
      owner_id: fake.botUser.id,
    });
    await fake.waitFor(() =>
      fake.dispatchLog.find((e) => e.t === 'THREAD_CREATE' && (e.d as { id: string }).id === thread.id),
    );

    await thread.send('step 1: reading the code');
    expect(fake.store.messagesIn(thread.id).map((m) => m.content)).toEqual(['step 1: reading the code']);

    const standalone = await general.threads.create({
      name: 'codecot scratch',
      type: ChannelType.PublicThread,
    });
    expect(fake.restCalls.at(-1)).toMatchObject({
      method: 'POST',
      path: `/channels/${GENERAL_ID}/threads`,
      status: 200,
    });
    expect(fake.store.channels.get(standalone.id)).toMatchObject({
      type: ChannelType.PublicThread,
      parent_id: GENERAL_ID,
    });
  });

  it('answers 429 like Discord: discord.js waits retry_after and the message is created exactly once', async () => {
    const dev = client.channels.cache.get(DEV_ID) as TextChannel;
    const route = `/channels/${DEV_ID}/messages`;
    fake.rateLimitNext((call) => call.method === 'POST' && call.path === route, {
      times: 1,
      retryAfterSeconds: 0.3,
    });
    const startedAt = Date.now();
    await dev.send('after the rate limit');

    const calls = fake.restCalls.filter((c) => c.method === 'POST' && c.path === route && c.at >= startedAt);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(fake.store.messagesIn(DEV_ID).filter((m) => m.content === 'after the rate limit')).toHaveLength(1);

    // The wire shape of the 429 itself, as Discord sends it.
    fake.rateLimitNext((call) => call.path === route, { retryAfterSeconds: 1.5 });
    const response = await fetch(`${fake.url}/api/v10${route}`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'raw' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1.5');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset-after')).toBe('1.500');
    expect(response.headers.get('x-ratelimit-global')).toBeNull();
    expect(await response.json()).toMatchObject({
      message: 'You are being rate limited.',
      retry_after: 1.5,
      global: false,
    });
  });

  it('delivers a reaction on an uncached message through partials, and the message can be fetched', async () => {
    const old = fake.addMessage({
      channelId: GENERAL_ID,
      guildId: GUILD_ID,
      author: HUMAN,
      content: 'from before the bot',
    });
    expect(general.messages.cache.has(old.id)).toBe(false);
    const event = nextEvent(client, Events.MessageReactionAdd, (reaction) => reaction.message.id === old.id);
    fake.dispatch(
      GatewayDispatchEvents.MessageReactionAdd,
      reactionAdd({
        guildId: GUILD_ID,
        channelId: GENERAL_ID,
        messageId: old.id,
        user: HUMAN,
        messageAuthorId: HUMAN.id,
      }),
    );
    const [reaction, reactor] = await event;
    expect(reaction.message.partial).toBe(true);
    expect(reaction.emoji.name).toBe('✅');
    expect(reactor.id).toBe(HUMAN.id);

    const full = await reaction.message.fetch();
    expect(full.content).toBe('from before the bot');
    expect(full.reactions.cache.get('✅')?.count).toBe(1);
    expect(fake.restCalls.at(-1)).toMatchObject({
      method: 'GET',
      path: `/channels/${GENERAL_ID}/messages/${old.id}`,
    });
  });

  it('RESUMEs after a dropped connection and replays a missed message exactly once', async () => {
    const session = [...fake.gateway.sessions.values()][0];
    const seqBeforeDrop = session?.seq;
    const missed = collect(client, Events.MessageCreate, (m) => m.content === 'sent while you were away');
    // discord.js drops a repeated MESSAGE_CREATE for a cached id, so count the raw frames as well.
    const rawFrames: unknown[] = [];
    const countRaw = (data: { content?: string }) => {
      if (data.content === 'sent while you were away') rawFrames.push(data);
    };
    client.ws.on(GatewayDispatchEvents.MessageCreate, countRaw);
    const resumed = nextEvent(client, Events.ShardResume);

    fake.dropConnection();
    expect(fake.dispatch(GatewayDispatchEvents.MessageCreate, userMessage('sent while you were away'))).toBe(
      1,
    );
    await fake.waitForResume(1);
    const [, replayed] = await resumed;

    expect(fake.resumeCount).toBe(1);
    expect(fake.identifyCount).toBe(1);
    expect(fake.connectedClients).toBe(1);
    expect(fake.gateway.resumePayloads.at(-1)).toMatchObject({
      session_id: session?.id,
      seq: seqBeforeDrop,
      token: fake.token,
    });
    expect(replayed).toBeGreaterThanOrEqual(1);
    // Dispatches are delivered in order, so once this marker is in, a duplicate replay would be too.
    const marker = nextEvent(client, Events.MessageCreate, (m) => m.content === 'marker after resume');
    fake.dispatch(GatewayDispatchEvents.MessageCreate, userMessage('marker after resume'));
    await marker;
    missed.stop();
    client.ws.off(GatewayDispatchEvents.MessageCreate, countRaw);
    expect(missed.seen).toHaveLength(1);
    expect(rawFrames).toHaveLength(1);
  });

  it('delivers /codecot status as a chat-input interaction and records reply, edit and follow-up', async () => {
    const payload = interactionCreate({
      applicationId: fake.applicationId,
      guildId: GUILD_ID,
      channelId: GENERAL_ID,
      user: HUMAN,
      roles: [MAINTAINER_ROLE_ID],
      subcommand: 'status',
      options: { run: 'latest' },
    });
    const received = nextEvent(client, Events.InteractionCreate, (i) => i.id === payload.id);
    fake.dispatch(GatewayDispatchEvents.InteractionCreate, payload);
    const [interaction] = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command interaction');
    expect(interaction.commandName).toBe('codecot');
    expect(interaction.options.getSubcommand()).toBe('status');
    expect(interaction.options.getString('run')).toBe('latest');
    expect(interaction.user.id).toBe(HUMAN.id);

    await interaction.reply({ content: 'All systems go' });
    const callbackPath = `/interactions/${payload.id}/${payload.token}/callback`;
    expect(fake.restCalls.find((c) => c.path === callbackPath)).toMatchObject({
      status: 204,
      body: { type: 4, data: { content: 'All systems go' } },
    });
    expect(fake.store.interactionResponses).toEqual([
      expect.objectContaining({ interactionId: payload.id, type: 4 }),
    ]);

    await interaction.editReply('All systems go (edited)');
    const original = fake.store.interactions.get(payload.token)?.originalMessageId ?? '';
    expect(fake.store.message(original)).toMatchObject({
      content: 'All systems go (edited)',
      webhook_id: fake.applicationId,
    });
    const followUp = await interaction.followUp('Run 17 is at step 3');
    expect(fake.store.message(followUp.id)?.content).toBe('Run 17 is at step 3');

    const secondReply = client.rest.post(Routes.interactionCallback(payload.id, payload.token), {
      body: { type: 4, data: { content: 'again' } },
      auth: false,
    });
    await expect(secondReply).rejects.toMatchObject({ status: 400, code: 40060 });
  });

  it('registers guild commands through the bulk-overwrite route', async () => {
    const commands = await client.application!.commands.set(
      [
        {
          name: 'codecot',
          description: 'Talk to Codecot',
          options: [
            { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Show run status' },
          ],
        },
      ],
      GUILD_ID,
    );
    const route = `/applications/${fake.applicationId}/guilds/${GUILD_ID}/commands`;
    expect(fake.restCalls.find((c) => c.method === 'PUT' && c.path === route)).toMatchObject({
      status: 200,
      body: [expect.objectContaining({ name: 'codecot' })],
    });
    expect(commands.first()?.name).toBe('codecot');
    expect(commands.first()?.options[0]?.name).toBe('status');
    expect(fake.store.commands.get(GUILD_ID)?.map((c) => c.id)).toEqual([commands.first()?.id]);

    const invalid = client.application!.commands.set([{ name: 'Not Valid', description: 'x' }], GUILD_ID);
    await expect(invalid).rejects.toMatchObject({ status: 400, code: 50035 });
  });

  it('rejects a wrong bot token with 401 and unknown routes with 404', async () => {
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: `${fake.url}/api` } });
    await expect(intruder.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.restCalls.at(-1)).toMatchObject({ path: '/gateway/bot', status: 401 });
    await intruder.destroy();

    await expect(client.rest.get('/no/such/route')).rejects.toMatchObject({
      status: 404,
      rawError: { message: 'Unknown', code: 0 },
    });
    expect(fake.restCalls.at(-1)).toMatchObject({ path: '/no/such/route', status: 404 });
  });

  it('speaks the raw gateway protocol: 4004 for a bad token, intent filtering, content stripping', async () => {
    const socket = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const frames: Array<{ op: number; t?: string; s?: number; d: Record<string, unknown> }> = [];
    socket.on('message', (raw) => frames.push(JSON.parse(raw.toString())));
    await vi.waitFor(() =>
      expect(frames[0]).toMatchObject({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 1_000 } }),
    );
    const identify = (token: string, intents: number) =>
      socket.send(
        JSON.stringify({
          op: 2,
          d: { token, intents, properties: { os: 'linux', browser: 't', device: 't' } },
        }),
      );
    identify(fake.token, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    await vi.waitFor(() => expect(frames.filter((f) => f.t === 'GUILD_CREATE')).toHaveLength(2));
    expect(frames[1]).toMatchObject({ t: 'READY', s: 1, d: { user: { id: fake.botUser.id } } });

    // No reaction intent: the reaction skips this session; no content intent: content is blanked.
    const reaction = reactionAdd({
      guildId: GUILD_ID,
      channelId: GENERAL_ID,
      messageId: nextSnowflake(),
      user: HUMAN,
    });
    expect(fake.dispatch(GatewayDispatchEvents.MessageReactionAdd, reaction)).toBe(1);
    fake.dispatch(GatewayDispatchEvents.MessageCreate, userMessage('secret plans'));
    fake.dispatch(
      GatewayDispatchEvents.ThreadCreate,
      threadCreate({ guildId: GUILD_ID, parentId: GENERAL_ID, name: 't', ownerId: HUMAN.id }),
    );
    await vi.waitFor(() => expect(frames.at(-1)?.t).toBe('THREAD_CREATE'));
    expect(frames.slice(-2).map((f) => [f.t, f.s])).toEqual([
      ['MESSAGE_CREATE', 4],
      ['THREAD_CREATE', 5],
    ]);
    expect(frames.at(-2)?.d).toMatchObject({ content: '', embeds: [] });

    // A clean close (1000) ends the session, as on Discord: it no longer receives or buffers dispatches.
    expect(fake.gateway.sessions.size).toBe(2);
    socket.close(1000);
    await fake.waitFor(() => fake.gateway.sessions.size === 1, 2_000, 'the raw session to end');

    const stranger = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    stranger.once('message', () =>
      stranger.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } })),
    );
    const [strangerCode] = await new Promise<[number]>((resolve) =>
      stranger.once('close', (c) => resolve([c])),
    );
    expect(strangerCode).toBe(4004);
  });

  it('answers a RESUME for an unknown session with op 9, after which the client IDENTIFYs again', async () => {
    const identifiesBefore = fake.identifyCount;
    fake.invalidateSessions();
    fake.dropConnection();
    await fake.waitForIdentify(identifiesBefore + 1, 12_000);
    expect(fake.gateway.stats.invalidSessions).toBe(1);
    // The client did try to resume first (the second RESUME attempt was refused, so the count stays 1).
    expect(fake.resumeCount).toBe(1);
    expect(fake.gateway.identifyPayloads.at(-1)?.token).toBe(fake.token);

    const arrived = nextEvent(client, Events.MessageCreate, (m) => m.content === 'after re-identify');
    await fake.waitFor(() => fake.gateway.sessions.size === 1 || undefined);
    fake.dispatch(GatewayDispatchEvents.MessageCreate, userMessage('after re-identify'));
    await arrived;
    expect(fake.handlerErrors).toEqual([]);
  }, 20_000);
});
