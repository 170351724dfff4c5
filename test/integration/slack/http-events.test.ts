import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/domain/chat-events.ts';
import {
  appMentionEvent,
  buttonClick,
  eventCallback,
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  messageEvent,
  reactionAddedEvent,
  sendInteraction,
  sendSlackEvent,
} from '../../fakes/slack/index.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';
import { captureLogger } from './log-capture.ts';
import { CHANNEL, PERSONAS } from './personas.ts';

const signed = { signingSecret: FAKE_SIGNING_SECRET };
const MEMBER = PERSONAS.member.user.id;
type Message = Extract<ChatEvent, { type: 'message' }>;

describe('Slack HTTP endpoint: delivering events to the sink', () => {
  let h: SlackHarness;
  const log = captureLogger();
  beforeAll(async () => {
    h = await startSlackHarness(log.logger);
  });
  afterAll(() => h.close());

  test('the ack is sent only after the sink has finished (persist + enqueue before ack)', async () => {
    let release: () => void = () => {};
    const sinkDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sinkCalled = false;
    h.setSinkImpl(async () => {
      sinkCalled = true;
      await sinkDone;
      return {};
    });
    let answered = false;
    const response = sendSlackEvent(
      h.eventsUrl,
      eventCallback(appMentionEvent({ channel: CHANNEL, user: MEMBER, text: 'hold' })),
      signed,
    ).then((r) => {
      answered = true;
      return r;
    });
    await expect.poll(() => sinkCalled).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    release();
    expect((await response).status).toBe(200);
    h.setSinkImpl(undefined);
  });

  test('a sink failure is not acknowledged (500), so Slack redelivers; the retry is accepted', async () => {
    h.setSinkImpl(async () => {
      throw new Error('database unavailable');
    });
    const payload = eventCallback(appMentionEvent({ channel: CHANNEL, user: MEMBER, text: 'retry me' }));
    expect((await sendSlackEvent(h.eventsUrl, payload, signed)).status).toBe(500);
    expect(log.lines.some((l) => l.msg.includes('answering 500 so Slack retries'))).toBe(true);
    h.setSinkImpl(undefined);
    const mark = h.events.length;
    expect(
      (await sendSlackEvent(h.eventsUrl, payload, { ...signed, retryNum: 1, retryReason: 'http_error' }))
        .status,
    ).toBe(200);
    expect(h.events.slice(mark)).toEqual([
      expect.objectContaining({ eventId: `slack:${payload.event_id}`, type: 'mention' }),
    ]);
  });

  test('an unknown event type is acknowledged, recorded in the log, and ignored', async () => {
    const mark = h.events.length;
    const response = await sendSlackEvent(
      h.eventsUrl,
      eventCallback({ type: 'pin_added', user: MEMBER, channel_id: CHANNEL }),
      signed,
    );
    expect(response.status).toBe(200);
    expect(h.events).toHaveLength(mark);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        msg: 'unknown slack event type recorded and ignored',
        eventType: 'pin_added',
      }),
    );
  });

  test("the bot's own message and reaction still arrive, labelled as a bot's", async () => {
    const mark = h.events.length;
    const own = { channel: CHANNEL, user: FAKE_BOT_USER_ID, text: 'Spec v1', botId: FAKE_BOT_ID };
    await sendSlackEvent(h.eventsUrl, eventCallback(messageEvent(own)), signed);
    await sendSlackEvent(
      h.eventsUrl,
      eventCallback(
        reactionAddedEvent({
          user: FAKE_BOT_USER_ID,
          reaction: 'white_check_mark',
          channel: CHANNEL,
          ts: '1712000000.000100',
          itemUser: FAKE_BOT_USER_ID,
        }),
      ),
      signed,
    );
    const [message, reaction] = h.events.slice(mark);
    const bot = { id: h.platform.botUserId(), trust: 'untrusted', untrustedReason: 'bot', isBot: true };
    expect(message).toMatchObject({ type: 'message', message: { author: bot } });
    expect(reaction).toMatchObject({ type: 'reaction_added', user: bot });
  });

  test('a reaction on a thread reply carries the thread the adapter saw it in', async () => {
    const root = await h.userSays('spec request');
    const reply = await h.userSays('the spec', { threadOf: root });
    const mark = h.events.length;
    await h.userReacts({ channel: h.channel, messageId: reply.messageId }, 'white_check_mark');
    expect(h.events.slice(mark)).toEqual([
      expect.objectContaining({
        type: 'reaction_added',
        target: { channel: h.channel, messageId: reply.messageId, threadId: root.messageId },
      }),
    ]);
  });

  test('users are looked up once (cached), and a failed lookup labels the author untrusted without delaying the ack', async () => {
    h.fake.addUser({ id: 'U0FRESH', name: 'fresh' });
    h.fake.addUser({ id: 'U0LIMITED', name: 'limited' });
    const say = (user: string, text: string) =>
      sendSlackEvent(h.eventsUrl, eventCallback(messageEvent({ channel: CHANNEL, user, text })), signed);
    const mark = h.events.length;
    await say('U0FRESH', 'one');
    await say('U0FRESH', 'two');
    expect(h.fake.callsTo('users.info').filter((c) => c.args.user === 'U0FRESH')).toHaveLength(1);

    h.fake.rateLimitNext('users.info', { times: 1, retryAfterSeconds: 30 });
    const started = Date.now();
    expect((await say('U0LIMITED', 'three')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_500);
    const authors = (h.events.slice(mark) as Message[]).map((e) => [e.message.text, e.message.author.trust]);
    expect(authors).toEqual([
      ['one', 'trusted'],
      ['two', 'trusted'],
      ['three', 'untrusted'],
    ]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        msg: 'users.info failed; the author is labelled untrusted',
        slackUser: 'U0LIMITED',
      }),
    );
  });

  test('an interaction is acknowledged without reaching the sink', async () => {
    const mark = h.events.length;
    const click = buttonClick({
      actionId: 'approve',
      value: 'x',
      userId: MEMBER,
      channelId: CHANNEL,
      messageTs: '1712000000.000100',
    });
    expect((await sendInteraction(h.eventsUrl, click, signed)).status).toBe(200);
    expect(h.events).toHaveLength(mark);
  });
});
