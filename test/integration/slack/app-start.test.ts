import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.ts';
import { type RunningCodecot, startCodecot } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  FAKE_TEAM_ID,
  type FakeSlack,
  memberJoinedChannelEvent,
  sendSlackEvent,
  sendSlashCommand,
  slashCommand,
  startFakeSlack,
} from '../../fakes/slack/index.ts';
import { createScratchDatabase, dropScratchDatabase, serverUrl } from '../../helpers/database.ts';
import { waitFor } from '../../helpers/wait.ts';
import { visibleText } from './personas.ts';

// The whole core in-process with the real Slack adapter: one HTTP server, the database (PGlite, or
// a scratch PostgreSQL database when DATABASE_URL is set), the job queue, and the fake Slack.
const CHANNEL = 'C0WELCOME';
const MEMBER = 'U0MEMBER';
const signed = { signingSecret: FAKE_SIGNING_SECRET };

let fake: FakeSlack;
let codecot: RunningCodecot;
let eventsUrl: string;
let scratch: string | undefined;

beforeAll(async () => {
  fake = await startFakeSlack({
    channels: [{ id: CHANNEL, name: 'welcome' }],
    users: [{ id: MEMBER, name: 'alice' }],
  });
  const server = serverUrl();
  scratch = server ? await createScratchDatabase(server) : undefined;
  const config = loadConfig({
    PORT: '0',
    CODECOT_DATA_DIR: 'memory://',
    DATABASE_URL: scratch,
    SLACK_BOT_TOKEN: FAKE_BOT_TOKEN,
    SLACK_SIGNING_SECRET: FAKE_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    CODECOT_SHUTDOWN_SECONDS: '5',
  });
  const logger = pino({ level: 'silent' });
  if (!config.slack) throw new Error('Slack should be configured');
  const adapter = createSlackAdapter({ ...config.slack, logger });
  codecot = await startCodecot(config, logger, { chats: [adapter] });
  eventsUrl = `http://127.0.0.1:${codecot.port}/slack/events`;
});

afterAll(async () => {
  await codecot?.stop();
  await fake?.close();
  const server = serverUrl();
  if (server && scratch) await dropScratchDatabase(server, new URL(scratch).pathname.slice(1));
});

const messageRows = (ts: string) =>
  codecot.store.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', `slack:${FAKE_TEAM_ID}:${CHANNEL}:${ts}`)
    .execute();
const inboundRows = (eventId: string) =>
  codecot.store.db.selectFrom('inbound_events').selectAll().where('id', '=', `slack:${eventId}`).execute();

test('a signed app_mention is acked after it is accepted; its retry is acked but stored once', async () => {
  const event = appMentionEvent({
    channel: CHANNEL,
    user: MEMBER,
    text: `<@${FAKE_BOT_USER_ID}> add a --dry-run flag`,
  });
  const payload = eventCallback(event);
  expect((await sendSlackEvent(eventsUrl, payload, signed)).status).toBe(200);
  // Accepted before the ack: its delivery id, and the event in the inbox (or already drained from it).
  expect(await inboundRows(payload.event_id)).toHaveLength(1);
  const inbox = await codecot.store.db
    .selectFrom('inbox')
    .select('id')
    .where('id', '=', `slack:${payload.event_id}`)
    .execute();
  expect(inbox.length + (await messageRows(event.ts)).length).toBeGreaterThan(0);
  await waitFor(async () => (await messageRows(event.ts)).length > 0, 10_000);
  expect(await messageRows(event.ts)).toEqual([
    expect.objectContaining({
      author_id: `slack:${MEMBER}`,
      trust: 'trusted',
      mentions_bot: true,
      text: event.text,
    }),
  ]);
  expect(
    (await sendSlackEvent(eventsUrl, payload, { ...signed, retryNum: 1, retryReason: 'http_timeout' }))
      .status,
  ).toBe(200);
  expect(await inboundRows(payload.event_id)).toHaveLength(1);
  expect(await messageRows(event.ts)).toHaveLength(1);
});

test('a wrongly signed request gets 401 and stores nothing', async () => {
  const event = appMentionEvent({ channel: CHANNEL, user: MEMBER, text: 'forged' });
  const payload = eventCallback(event);
  const response = await sendSlackEvent(eventsUrl, payload, { signingSecret: 'someone-else' });
  expect(response.status).toBe(401);
  expect(await messageRows(event.ts)).toEqual([]);
  expect(await inboundRows(payload.event_id)).toEqual([]);
});

test('the bot joining a channel makes the core post the introduction there (the job runs)', async () => {
  const payload = eventCallback(memberJoinedChannelEvent({ user: FAKE_BOT_USER_ID, channel: CHANNEL }));
  expect((await sendSlackEvent(eventsUrl, payload, signed)).status).toBe(200);
  // Other jobs may post in the channel too (the core answers the earlier mention): pick the introduction.
  const introductions = () =>
    fake
      .messages(CHANNEL)
      .filter((m) => m.user === FAKE_BOT_USER_ID && /Hi, I am Codecot/.test(visibleText(m)));
  await waitFor(() => introductions().length > 0, 15_000);
  expect(introductions()).toHaveLength(1);
  expect(introductions()[0]).not.toHaveProperty('thread_ts');
  expect(visibleText(introductions()[0]!)).toMatch(/\/codecot watch on/);
});

test('/codecot status returns the core status text, ephemerally', async () => {
  const fields = slashCommand({ command: '/codecot', text: 'status', userId: MEMBER, channelId: CHANNEL });
  const response = await sendSlashCommand(eventsUrl, fields, signed);
  expect(response.status).toBe(200);
  expect(response.body).toEqual({
    response_type: 'ephemeral',
    text: expect.stringContaining(`Channel \`slack:${FAKE_TEAM_ID}:${CHANNEL}\``),
  });
  expect((response.body as { text: string }).text).toMatch(/Passive listening: off/);
});
