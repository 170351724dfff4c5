import { GatewayIntentBits as I } from 'discord.js';
import { afterEach, expect, test } from 'vitest';
import { createDiscordAdapter } from '../../../adapters/discord/index.ts';
import { isCodecotError } from '../../../src/errors.ts';
import { FakeDiscord } from '../../fakes/discord/index.ts';
import { captureLogger } from './log-capture.ts';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAx.GfakeX.abcdefghijklmnopqrstuvwxyz0123456789AB';
let fake: FakeDiscord | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

test('start logs in with exactly the intents Codecot needs, resolves when ready; stop disconnects', async () => {
  fake = await FakeDiscord.start({ token: TOKEN });
  const { logger, lines } = captureLogger();
  const adapter = createDiscordAdapter({ token: TOKEN, apiUrl: `${fake.url}/api/v10/`, logger });
  await adapter.start(async () => ({}));
  expect(fake.identifiedIntents).toBe(
    I.Guilds | I.GuildMessages | I.MessageContent | I.GuildMessageReactions,
  );
  expect(fake.connectedClients).toBe(1);
  expect(adapter.botUserId()).toBe(`discord:${fake.botUser.id}`);
  await adapter.stop();
  await fake.waitFor(() => fake?.connectedClients === 0);
  expect(JSON.stringify(lines)).not.toContain(TOKEN);
});

test('without the Message Content intent enabled, start fails and says where to enable it', async () => {
  fake = await FakeDiscord.start({ token: TOKEN, privilegedIntentsEnabled: 0 });
  const adapter = createDiscordAdapter({
    token: TOKEN,
    apiUrl: `${fake.url}/api`,
    logger: captureLogger().logger,
  });
  const error = await adapter.start(async () => ({})).catch((e: unknown) => e);
  expect(isCodecotError(error, 'platform_error')).toBe(true);
  expect((error as Error).message).toMatch(/Message Content Intent.*Developer Portal/);
  await fake.waitFor(() => fake?.connectedClients === 0);
});

test('a refused token fails start with a clear message that does not contain the token', async () => {
  fake = await FakeDiscord.start({ token: TOKEN });
  const wrong = `${TOKEN.slice(0, -2)}XY`;
  const adapter = createDiscordAdapter({
    token: wrong,
    apiUrl: `${fake.url}/api`,
    logger: captureLogger().logger,
  });
  const error = await adapter.start(async () => ({})).catch((e: unknown) => e);
  expect((error as Error).message).toMatch(/token was refused/);
  expect((error as Error).message).not.toContain(wrong);
  expect(() => adapter.botUserId()).toThrow(/not started/);
});
