import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  postSignedToApp,
  sendSlackEvent,
  urlVerification,
} from '../../fakes/slack/index.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';
import { captureLogger } from './log-capture.ts';
import { CHANNEL, PERSONAS } from './personas.ts';

const signed = { signingSecret: FAKE_SIGNING_SECRET };
const mention = (words: string) =>
  eventCallback(
    appMentionEvent({
      channel: CHANNEL,
      user: PERSONAS.member.user.id,
      text: `<@${FAKE_BOT_USER_ID}> ${words}`,
    }),
  );

describe('Slack HTTP endpoint: what is refused before anything is stored', () => {
  let h: SlackHarness;
  const log = captureLogger();
  beforeAll(async () => {
    h = await startSlackHarness(log.logger);
  });
  afterAll(() => h.close());

  const refusals = () => log.lines.filter((l) => l.msg === 'slack request refused');

  test.each([
    ['a wrong signature', { signature: `v0=${'0'.repeat(64)}` }, /signature mismatch/],
    ['another secret', { signingSecret: 'not-the-secret' }, /signature mismatch/],
    [
      'a stale timestamp (10 minutes old)',
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
      /more than 5 minutes/,
    ],
    [
      'a timestamp from the future',
      { timestamp: Math.floor(Date.now() / 1000) + 600 },
      /more than 5 minutes/,
    ],
    [
      'no signature headers',
      { headers: { 'X-Slack-Signature': '', 'X-Slack-Request-Timestamp': '' } },
      /missing/,
    ],
  ])('%s gets 401, reaches no sink, and the reason is logged', async (_name, options, reason) => {
    const before = { events: h.events.length, refusals: refusals().length };
    const response = await sendSlackEvent(h.eventsUrl, mention('forged'), { ...signed, ...options });
    expect(response.status).toBe(401);
    expect(h.events).toHaveLength(before.events);
    expect(refusals().slice(before.refusals)).toEqual([
      expect.objectContaining({ status: 401, reason: expect.stringMatching(reason) }),
    ]);
  });

  test('a forged body that is also malformed is refused for its signature, not parsed', async () => {
    const response = await postSignedToApp(h.eventsUrl, '{not json', 'application/json', {
      ...signed,
      signature: 'v0=00',
    });
    expect(response.status).toBe(401);
  });

  test.each([
    ['broken JSON', '{"type":"event_callback",', 'application/json', /body is not JSON/],
    ['a JSON array', '[]', 'application/json', /not a JSON object/],
    [
      'something that is not a Slack payload',
      '{"hello":"world"}',
      'application/json',
      /not an event, command or interaction/,
    ],
    [
      'an envelope without event_id',
      JSON.stringify({ ...mention('x'), event_id: undefined }),
      'application/json',
      /event_id/,
    ],
    [
      'an event with a forged ts',
      JSON.stringify(
        eventCallback({
          ...appMentionEvent({ channel: CHANNEL, user: 'U0MEMBER', text: 'x' }),
          ts: "1' OR 1=1",
        }),
      ),
      'application/json',
      /ts/,
    ],
    ['an unknown content type', 'hello', 'text/plain', /unsupported content type/],
  ])(
    'a signed request with %s gets 400 with a logged reason and stores nothing',
    async (_name, raw, contentType, reason) => {
      const before = { events: h.events.length, refusals: refusals().length };
      const started = Date.now();
      const response = await postSignedToApp(h.eventsUrl, raw, contentType, signed);
      expect(response.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(h.events).toHaveLength(before.events);
      expect(refusals().slice(before.refusals)).toEqual([
        expect.objectContaining({ status: 400, reason: expect.stringMatching(reason) }),
      ]);
    },
  );

  test('url_verification is answered with the challenge', async () => {
    const response = await sendSlackEvent(h.eventsUrl, urlVerification('challenge-7'), signed);
    expect(response).toMatchObject({ status: 200, body: { challenge: 'challenge-7' } });
  });

  test("Slack's ssl_check is answered without a signature and dispatches nothing", async () => {
    const before = h.events.length;
    const response = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x&command=%2Fcodecot&text=status',
    });
    expect(response.status).toBe(200);
    expect(h.events).toHaveLength(before);
  });

  test('a body over 1 MB gets 413', async () => {
    const response = await postSignedToApp(
      h.eventsUrl,
      `{"pad":"${'x'.repeat(1_100_000)}"}`,
      'application/json',
      signed,
    );
    expect(response.status).toBe(413);
  });
});

describe('Slack HTTP endpoint before start()', () => {
  test('answers 503 (Slack retries later) and dispatches nothing', async () => {
    const logger = pino({ level: 'silent' });
    const adapter = createSlackAdapter({
      botToken: FAKE_BOT_TOKEN,
      signingSecret: FAKE_SIGNING_SECRET,
      logger,
    });
    const http = createHttpServer(logger);
    for (const route of adapter.httpRoutes?.() ?? []) http.route(route.method, route.path, route.handler);
    const { port } = await http.listen(0, '127.0.0.1');
    try {
      expect(() => adapter.botUserId()).toThrow(/before start/);
      const response = await sendSlackEvent(
        `http://127.0.0.1:${port}/slack/events`,
        mention('early'),
        signed,
      );
      expect(response.status).toBe(503);
    } finally {
      await http.close();
    }
  });

  test('refuses to build in HTTP mode without a signing secret', () => {
    expect(() => createSlackAdapter({ botToken: FAKE_BOT_TOKEN, logger: pino({ level: 'silent' }) })).toThrow(
      /SIGNING_SECRET/,
    );
  });
});
