import { setTimeout as delay } from 'node:timers/promises';
import { GatewayDispatchEvents as E, MessageFlags } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODECOT_COMMAND } from '../../../adapters/discord/commands.ts';
import { createDiscordAdapter } from '../../../adapters/discord/index.ts';
import type { ChatEvent, InboundResult } from '../../../src/domain/chat-events.ts';
import { interactionCreate, nextSnowflake, threadCreate } from '../../fakes/discord/index.ts';
import { shownTo } from './harness.ts';
import { startWorld, type World } from './world.ts';

// The adapter with a sink each test controls, to see what the invoker of /codecot is shown.
let world: World;
let platform: ReturnType<typeof createDiscordAdapter>;
const events: ChatEvent[] = [];
let answer: (event: ChatEvent) => Promise<InboundResult> = async () => ({});

const commandRoute = (w: World) => `/applications/${w.fake.applicationId}/guilds/${w.guildId}/commands`;

beforeAll(async () => {
  world = await startWorld();
  platform = createDiscordAdapter(
    {
      token: world.fake.token,
      apiUrl: `${world.fake.url}/api`,
      trustedRoleId: world.trustedRoleId,
      logger: pino({ level: 'silent' }),
    },
    { deferAfterMs: 100 },
  );
  await platform.start(async (event) => {
    events.push(event);
    return answer(event);
  });
});
afterAll(async () => {
  await platform?.stop();
  await world?.fake.close();
});

function invoke(subcommand: string, options: Record<string, string> = {}, channelId = world.channelId) {
  const payload = interactionCreate({
    applicationId: world.fake.applicationId,
    guildId: world.guildId,
    channelId,
    user: world.users.member,
    roles: [world.trustedRoleId],
    subcommand,
    options,
  });
  world.fake.dispatch(E.InteractionCreate, payload);
  return { payload, shown: shownTo(world, payload.id, payload.token) };
}

const responseTo = (interactionId: string) =>
  world.fake.store.interactionResponses.find((r) => r.interactionId === interactionId);

describe('registration', () => {
  test('/codecot is registered in every guild at start-up, with all subcommands', async () => {
    const registered = await world.fake.waitFor(() => world.fake.store.commands.get(world.guildId));
    expect(registered.map((c) => c.name)).toEqual(['codecot']);
    expect(registered[0]?.options?.map((o) => o.name)).toEqual(CODECOT_COMMAND.options?.map((o) => o.name));
  });

  test('a second start finds the same definition and writes nothing; an outdated one is replaced', async () => {
    const route = commandRoute(world);
    const writes = () => world.fake.restCalls.filter((c) => c.path === route && c.method !== 'GET').length;
    await world.fake.waitFor(() => writes() === 1);
    const command = world.fake.store.commands.get(world.guildId)?.[0];
    if (!command) throw new Error('expected the registered command');
    const second = createDiscordAdapter({
      token: world.fake.token,
      apiUrl: `${world.fake.url}/api`,
      logger: pino({ level: 'silent' }),
    });
    await second.start(async () => ({}));
    const reads = () => world.fake.restCalls.filter((c) => c.path === route && c.method === 'GET').length;
    await world.fake.waitFor(() => reads() === 2);
    expect(writes()).toBe(1);

    world.fake.store.commands.set(world.guildId, [{ ...command, description: 'old text' }]);
    const third = createDiscordAdapter({
      token: world.fake.token,
      apiUrl: `${world.fake.url}/api`,
      logger: pino({ level: 'silent' }),
    });
    await third.start(async () => ({}));
    await world.fake.waitFor(() => writes() === 2);
    expect(world.fake.store.commands.get(world.guildId)?.[0]).toMatchObject({
      id: command.id,
      description: CODECOT_COMMAND.description,
    });
    await second.stop();
    await third.stop();
  });
});

describe('answering /codecot', () => {
  test('a quick answer is the reply itself, shown to the invoker only', async () => {
    answer = async (event) => ({
      reply: `status of ${event.type === 'command' ? event.channel.channelId : ''}`,
    });
    const { payload, shown } = invoke('status');
    expect(await shown).toBe(`status of ${world.channelId}`);
    expect(responseTo(payload.id)).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
  });

  test('a slow answer is deferred first ("thinking…"), then the reply replaces it', async () => {
    answer = async () => {
      await delay(400);
      return { reply: 'spec drafting started' };
    };
    const { payload, shown } = invoke('spec', { request: 'add retries' });
    expect(await shown).toBe('spec drafting started');
    expect(responseTo(payload.id)).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const original = world.fake.store.interactions.get(payload.token)?.originalMessageId ?? '';
    expect((world.fake.store.message(original)?.flags ?? 0) & MessageFlags.Ephemeral).toBe(
      MessageFlags.Ephemeral,
    );
  });

  test('a failing core gets the invoker an apology, not silence', async () => {
    answer = async () => {
      throw new Error('database down');
    };
    expect(await invoke('settings').shown).toMatch(/could not handle that command/);
  });

  test('run inside a thread: the parent channel plus the thread id', async () => {
    answer = async () => ({ reply: 'ok' });
    const threadId = nextSnowflake();
    world.fake.dispatch(
      E.ThreadCreate,
      threadCreate({
        id: threadId,
        guildId: world.guildId,
        parentId: world.channelId,
        name: 't',
        ownerId: world.users.member.id,
      }),
    );
    const { payload, shown } = invoke('cancel', {}, threadId);
    await shown;
    const event = events.find((e) => e.eventId === `discord:INTERACTION_CREATE:${payload.id}`);
    expect(event).toMatchObject({
      type: 'command',
      subcommand: 'cancel',
      channel: { channelId: world.channelId },
      threadId,
    });
  });

  test('another application command is not Codecot’s to answer', async () => {
    const payload = interactionCreate({
      applicationId: world.fake.applicationId,
      guildId: world.guildId,
      channelId: world.channelId,
      user: world.users.member,
      commandName: 'other',
    });
    world.fake.dispatch(E.InteractionCreate, payload);
    await invoke('help').shown;
    expect(responseTo(payload.id)).toBeUndefined();
    expect(events.some((e) => e.eventId.endsWith(payload.id))).toBe(false);
  });
});
