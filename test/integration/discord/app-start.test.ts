import { GatewayDispatchEvents as E, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/index.ts';
import { type RunningCodecot, startCodecot } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { interactionCreate, messageCreate, nextSnowflake } from '../../fakes/discord/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { waitFor } from '../../helpers/wait.ts';
import { shownTo } from './harness.ts';
import { captureLogger, type LogLine } from './log-capture.ts';
import { startWorld, visibleText, type World } from './world.ts';

// The whole core in-process with the real Discord adapter: the database (PGlite, or a scratch
// PostgreSQL database when DATABASE_URL is set), the job queue, and the fake Discord.
let world: World;
let codecot: RunningCodecot;
let scratch: string | undefined;
let logs: LogLine[];

beforeAll(async () => {
  world = await startWorld();
  const server = serverUrl();
  scratch = server ? await createScratchDatabase(server) : undefined;
  const config = loadConfig({
    PORT: '0',
    CODECOT_DATA_DIR: 'memory://',
    DATABASE_URL: scratch,
    DISCORD_TOKEN: world.fake.token,
    DISCORD_API_URL: `${world.fake.url}/api`,
    CODECOT_SHUTDOWN_SECONDS: '5',
  });
  const captured = captureLogger('debug');
  logs = captured.lines;
  if (!config.discord) throw new Error('Discord should be configured');
  const adapter = createDiscordAdapter({ ...config.discord, logger: captured.logger });
  codecot = await startCodecot(config, captured.logger, { chats: [adapter] });
});

afterAll(async () => {
  await codecot?.stop();
  await world?.fake.close();
  const server = serverUrl();
  if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
});

const messageRows = (messageId: string) =>
  codecot.store.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', `discord:${world.guildId}:${world.channelId}:${messageId}`)
    .execute();
const inboundRows = (eventId: string) =>
  codecot.store.db.selectFrom('inbound_events').selectAll().where('id', '=', eventId).execute();

test('a mention is stored; the same dispatch replayed after a dropped connection is stored once', async () => {
  const { fake, guildId, channelId, users } = world;
  const mention = messageCreate({
    guildId,
    channelId,
    author: users.member,
    member: { roles: [] },
    content: `<@${fake.botUser.id}> add a --dry-run flag`,
    mentions: [fake.botUser],
  });
  fake.dispatch(E.MessageCreate, mention);
  await waitFor(async () => (await messageRows(mention.id)).length === 1);
  expect(await messageRows(mention.id)).toEqual([
    expect.objectContaining({
      author_id: `discord:${users.member.id}`,
      trust: 'trusted',
      mentions_bot: true,
      text: 'add a --dry-run flag',
    }),
  ]);

  const eventId = `discord:MESSAGE_CREATE:${mention.id}`;
  fake.dropConnection();
  fake.dispatch(E.MessageCreate, mention);
  await fake.waitForResume(1, 10_000);
  // The replay reached the core, which recognised the delivery id and dropped it.
  await waitFor(() => logs.some((l) => l.msg === 'duplicate delivery dropped' && l.eventId === eventId));
  expect(await inboundRows(eventId)).toHaveLength(1);
  expect(await messageRows(mention.id)).toHaveLength(1);
});

test('the bot joining a guild makes the core post the introduction in its system channel', async () => {
  const guildId = nextSnowflake();
  const systemChannelId = nextSnowflake();
  world.fake.addGuild({
    id: guildId,
    name: 'Newcomers',
    systemChannelId,
    channels: [{ id: systemChannelId, name: 'welcome' }],
  });
  const introductions = () =>
    world.fake.store
      .messagesIn(systemChannelId)
      .filter((m) => m.author.id === world.fake.botUser.id && /Hi, I am Codecot/.test(visibleText(m)));
  await waitFor(() => introductions().length > 0, 15_000);
  expect(introductions()).toHaveLength(1);
  expect(visibleText(introductions()[0]!)).toMatch(/\/codecot watch on/);
});

test('/codecot status returns the core status text, ephemerally', async () => {
  const payload = interactionCreate({
    applicationId: world.fake.applicationId,
    guildId: world.guildId,
    channelId: world.channelId,
    user: world.users.member,
    subcommand: 'status',
  });
  world.fake.dispatch(E.InteractionCreate, payload);
  const shown = await shownTo(world, payload.id, payload.token);
  expect(shown).toContain(`Channel \`discord:${world.guildId}:${world.channelId}\``);
  expect(shown).toMatch(/Passive listening: off/);
  const response = world.fake.store.interactionResponses.find((r) => r.interactionId === payload.id);
  expect(((response?.data as { flags?: number } | undefined)?.flags ?? 0) & MessageFlags.Ephemeral).toBe(
    MessageFlags.Ephemeral,
  );
});
