import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.ts';
import type { ChatEvent, InboundResult } from '../../../src/domain/chat-events.ts';
import type { ChatPlatform, InboundSink } from '../../../src/ports/chat-platform.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_APP_TOKEN,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  type FakeSlack,
  slashCommand,
  startFakeSlack,
} from '../../fakes/slack/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { captureLogger } from './log-capture.ts';
import { CHANNEL, PERSONAS, personaUsers } from './personas.ts';

const MEMBER = PERSONAS.member.user.id;

describe('Slack adapter in Socket Mode against the fake WebSocket endpoint', () => {
  let fake: FakeSlack;
  let adapter: ChatPlatform;
  const events: ChatEvent[] = [];
  let sinkImpl: InboundSink = async (event) => {
    events.push(event);
    return {};
  };
  const log = captureLogger();

  beforeAll(async () => {
    fake = await startFakeSlack({ channels: [{ id: CHANNEL, name: 'codecot' }], users: personaUsers() });
    adapter = createSlackAdapter({
      botToken: FAKE_BOT_TOKEN,
      appToken: FAKE_APP_TOKEN,
      apiUrl: fake.apiUrl,
      logger: log.logger,
    });
    await adapter.start((event) => sinkImpl(event));
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });

  test('start() connects with the app token and mounts no HTTP route', async () => {
    expect(await fake.waitForCall('apps.connections.open')).toMatchObject({
      token: FAKE_APP_TOKEN,
      httpStatus: 200,
    });
    expect(fake.socketConnectionsOpen).toBe(1);
    expect(adapter.httpRoutes?.()).toEqual([]);
  });

  test('an events_api envelope is acknowledged after the sink stored it', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const record = sinkImpl;
    sinkImpl = async (event) => {
      await held;
      return record(event);
    };
    const payload = eventCallback(
      appMentionEvent({ channel: CHANNEL, user: MEMBER, text: `<@${FAKE_BOT_USER_ID}> over the socket` }),
    );
    let acked = false;
    const ack = fake.socketDeliver(payload, { envelopeId: 'env-1' }).then((a) => {
      acked = true;
      return a;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(acked).toBe(false);
    release();
    expect(await ack).toEqual({ envelope_id: 'env-1', payload: {} });
    expect(events.at(-1)).toMatchObject({
      eventId: `slack:${payload.event_id}`,
      type: 'mention',
      message: { author: { id: 'slack:U0MEMBER', trust: 'trusted' } },
    });
    sinkImpl = record;
  });

  test('a slash command envelope is acked with the ephemeral reply', async () => {
    const record = sinkImpl;
    sinkImpl = async (event): Promise<InboundResult> => {
      await record(event);
      return { reply: 'Passive listening: off' };
    };
    const fields = slashCommand({ command: '/codecot', text: 'status', userId: MEMBER, channelId: CHANNEL });
    const ack = await fake.socketDeliver(fields, { type: 'slash_commands', envelopeId: 'env-cmd' });
    expect(ack).toEqual({
      envelope_id: 'env-cmd',
      payload: { response_type: 'ephemeral', text: 'Passive listening: off' },
    });
    expect(events.at(-1)).toMatchObject({ type: 'command', subcommand: 'status' });
    sinkImpl = record;
  });

  test('an envelope the sink could not store is left unacknowledged, so Slack redelivers it', async () => {
    const record = sinkImpl;
    sinkImpl = async () => {
      throw new Error('database unavailable');
    };
    const payload = eventCallback(appMentionEvent({ channel: CHANNEL, user: MEMBER, text: 'lost?' }));
    await expect(fake.socketDeliver(payload, { envelopeId: 'env-fail', timeoutMs: 500 })).rejects.toThrow(
      /no ack/,
    );
    sinkImpl = record;
    expect(await fake.socketDeliver(payload, { envelopeId: 'env-retry', retryAttempt: 1 })).toMatchObject({
      envelope_id: 'env-retry',
    });
    expect(events.at(-1)).toMatchObject({ eventId: `slack:${payload.event_id}` });
  });

  test('a malformed event is logged and acked (it can never be processed)', async () => {
    const mark = events.length;
    const payload = eventCallback({
      ...appMentionEvent({ channel: CHANNEL, user: MEMBER, text: 'x' }),
      channel: 'not a channel',
    });
    expect(await fake.socketDeliver(payload, { envelopeId: 'env-bad' })).toMatchObject({
      envelope_id: 'env-bad',
    });
    expect(events).toHaveLength(mark);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'malformed slack envelope skipped' }));
  });

  test('start() fails with a clear error when the app token is refused', async () => {
    const refused = createSlackAdapter({
      botToken: FAKE_BOT_TOKEN,
      appToken: 'xapp-1-revoked-000000',
      apiUrl: fake.apiUrl,
      logger: log.logger,
    });
    const failure = await refused.start(async () => ({})).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'platform_error',
      platform: 'slack',
      message: expect.stringMatching(/Socket Mode connect failed: .*invalid_auth/),
    });
    await refused.stop();
  });

  test('stop() closes the socket', async () => {
    const second = createSlackAdapter({
      botToken: FAKE_BOT_TOKEN,
      appToken: FAKE_APP_TOKEN,
      apiUrl: fake.apiUrl,
      logger: log.logger,
    });
    await second.start(async () => ({}));
    expect(fake.socketConnectionsOpen).toBe(2);
    await second.stop();
    await waitFor(() => fake.socketConnectionsOpen === 1, 3_000);
  });
});
