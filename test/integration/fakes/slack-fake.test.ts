import type { AddressInfo } from 'node:net';
import { App, LogLevel, type SlashCommand, SocketModeReceiver, type types as slack } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  appMentionEvent,
  buttonClick,
  eventCallback,
  FAKE_APP_TOKEN,
  FAKE_BOT_TOKEN,
  FAKE_BOT_USER_ID,
  FAKE_SIGNING_SECRET,
  FAKE_TEAM_ID,
  type FakeMessage,
  type FakeSlack,
  sendInteraction,
  sendSlackEvent,
  sendSlashCommand,
  slashCommand,
  startFakeSlack,
  urlVerification,
} from '../../fakes/slack/index.ts';

const GENERAL = 'C0GENERAL';
const HUMAN = 'U0HUMAN';
const quiet = { logLevel: LogLevel.ERROR };

describe('fake Slack Web API driven by the real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({
      channels: [{ id: GENERAL, name: 'general' }],
      users: [
        { id: HUMAN, name: 'alice' },
        { id: 'U0EXTERNAL', name: 'bob', team_id: 'T0OTHERORG', is_restricted: true },
      ],
    });
    client = new WebClient(FAKE_BOT_TOKEN, { slackApiUrl: fake.apiUrl, ...quiet });
  });
  afterAll(() => fake.close());

  it('stores a threaded reply with its thread_ts and decodes form-encoded blocks', async () => {
    const parent = await client.chat.postMessage({ channel: GENERAL, text: 'parent' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*reply*' } }];
    const reply = await client.chat.postMessage({
      channel: GENERAL,
      text: 'reply',
      thread_ts: parent.ts!,
      blocks,
    });

    const stored = fake.messages(GENERAL).find((m) => m.ts === reply.ts);
    expect(stored).toMatchObject({ text: 'reply', thread_ts: parent.ts, user: FAKE_BOT_USER_ID, blocks });
    expect(fake.messages(GENERAL).find((m) => m.ts === parent.ts)).toMatchObject({ reply_count: 1 });
    const call = await fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts === parent.ts);
    expect(call).toMatchObject({ token: FAKE_BOT_TOKEN, args: { channel: GENERAL, blocks } });
  });

  it('answers 429 with Retry-After; WebClient waits, retries, and the message lands once', async () => {
    fake.addChannel({ id: 'C0RATE', name: 'rate' });
    fake.rateLimitNext('chat.postMessage', { times: 1, retryAfterSeconds: 1 });
    const rateLimitedFor: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimitedFor.push(seconds));

    const result = await client.chat.postMessage({ channel: 'C0RATE', text: 'once' });

    const attempts = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0RATE');
    expect(attempts.map((c) => c.httpStatus)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(rateLimitedFor).toEqual([1]);
    expect(fake.messages('C0RATE').map((m) => [m.ts, m.text])).toEqual([[result.ts, 'once']]);
  });

  it('rejects a wrong token with invalid_auth, surfaced as a WebClient platform error', async () => {
    const intruder = new WebClient('xoxb-not-the-bot', { slackApiUrl: fake.apiUrl, ...quiet });
    const before = fake.messages(GENERAL).length;
    await expect(intruder.chat.postMessage({ channel: GENERAL, text: 'nope' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(ErrorCode.PlatformError).toBe('slack_webapi_platform_error');
    expect(fake.messages(GENERAL)).toHaveLength(before);
  });

  it('paginates conversations.replies oldest first across cursor pages', async () => {
    fake.addChannel({ id: 'C0THREAD', name: 'thread' });
    const parent = fake.seedMessage('C0THREAD', { user: HUMAN, text: 'root' });
    for (let i = 1; i <= 7; i++)
      fake.seedMessage('C0THREAD', { user: HUMAN, text: `r${i}`, thread_ts: parent.ts });

    const texts: string[] = [];
    for await (const page of client.paginate('conversations.replies', {
      channel: 'C0THREAD',
      ts: parent.ts,
      limit: 3,
    })) {
      texts.push(...((page as { messages?: FakeMessage[] }).messages ?? []).map((m) => m.text ?? ''));
    }

    expect(texts).toEqual(['root', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    const calls = fake.callsTo('conversations.replies');
    expect(calls).toHaveLength(3);
    expect(calls[1]!.args.cursor).toBe(
      (calls[0]!.response.response_metadata as { next_cursor: string }).next_cursor,
    );
    expect(calls.map((c) => c.response.has_more)).toEqual([true, true, false]);
  });

  it('tracks reactions and refuses duplicates and missing ones like Slack', async () => {
    const { ts } = fake.seedMessage(GENERAL, { user: HUMAN, text: 'react to me' });
    await client.reactions.add({ channel: GENERAL, timestamp: ts, name: 'eyes' });
    await expect(
      client.reactions.add({ channel: GENERAL, timestamp: ts, name: 'eyes' }),
    ).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });
    expect(fake.reactions(GENERAL, ts)).toEqual([{ name: 'eyes', users: [FAKE_BOT_USER_ID], count: 1 }]);
    await client.reactions.remove({ channel: GENERAL, timestamp: ts, name: 'eyes' });
    await expect(
      client.reactions.remove({ channel: GENERAL, timestamp: ts, name: 'eyes' }),
    ).rejects.toMatchObject({
      data: { error: 'no_reaction' },
    });
    expect(fake.reactions(GENERAL, ts)).toEqual([]);
  });

  it('updates, deletes, links and lists messages; joining unlocks a channel the bot is not in', async () => {
    fake.addChannel({ id: 'C0OUTSIDE', name: 'outside', is_member: false });
    await expect(client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    const joined = await client.conversations.join({ channel: 'C0OUTSIDE' });
    expect(joined.channel).toMatchObject({ id: 'C0OUTSIDE', is_member: true });

    const first = await client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'first' });
    const second = await client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'second' });
    const third = await client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'third' });
    await client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'in thread', thread_ts: first.ts! });
    await client.chat.update({ channel: 'C0OUTSIDE', ts: second.ts!, text: 'second, edited' });
    await client.chat.delete({ channel: 'C0OUTSIDE', ts: third.ts! });

    const newestFirst = await client.conversations.history({ channel: 'C0OUTSIDE', limit: 1 });
    expect(newestFirst.messages?.map((m) => [m.text, m.edited !== undefined])).toEqual([
      ['second, edited', true],
    ]);
    expect(newestFirst.has_more).toBe(true);
    const rest = await client.conversations.history({
      channel: 'C0OUTSIDE',
      cursor: newestFirst.response_metadata!.next_cursor!,
    });
    expect(rest.messages?.map((m) => [m.text, m.reply_count])).toEqual([['first', 1]]);

    const { permalink } = await client.chat.getPermalink({ channel: 'C0OUTSIDE', message_ts: first.ts! });
    expect(permalink).toBe(
      `https://fake-workspace.slack.com/archives/C0OUTSIDE/p${first.ts!.replace('.', '')}`,
    );
    const seeded = fake.seedMessage('C0OUTSIDE', { user: HUMAN, text: 'not yours' });
    await expect(
      client.chat.update({ channel: 'C0OUTSIDE', ts: seeded.ts, text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'cant_update_message' },
    });
    await client.chat.postEphemeral({ channel: 'C0OUTSIDE', user: HUMAN, text: 'only you' });
    expect(fake.ephemerals('C0OUTSIDE')).toMatchObject([{ user: HUMAN, text: 'only you' }]);
  });

  it('accepts JSON bodies and tells a missing token (not_authed) from a wrong one', async () => {
    const blocks = [{ type: 'divider' }];
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify({ channel: GENERAL, text: 'json', blocks }),
      }).then((response) => response.json());

    expect(await post({ Authorization: `Bearer ${FAKE_BOT_TOKEN}` })).toMatchObject({
      ok: true,
      message: { blocks },
    });
    expect(await post({})).toEqual({ ok: false, error: 'not_authed' });
    expect(await post({ Authorization: `Bearer ${FAKE_APP_TOKEN}` })).toEqual({
      ok: false,
      error: 'not_allowed_token_type',
    });
  });

  it('serves users.info from the registry, including Slack Connect externals', async () => {
    const { user } = await client.users.info({ user: 'U0EXTERNAL' });
    expect(user).toMatchObject({
      id: 'U0EXTERNAL',
      team_id: 'T0OTHERORG',
      is_restricted: true,
      is_bot: false,
    });
    const self = await client.auth.test();
    expect(self).toMatchObject({ team_id: FAKE_TEAM_ID, user_id: FAKE_BOT_USER_ID });
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
    await expect(client.apiCall('no.suchMethod')).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
  });
});

describe('inbound helpers against a real Bolt App on its HTTPReceiver', () => {
  let fake: FakeSlack;
  let app: App;
  let eventsUrl: string;
  const mentions: { event: slack.AppMentionEvent; retryNum: number | undefined }[] = [];
  const clicks: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ channels: [{ id: GENERAL, name: 'general' }] });
    app = new App({
      token: FAKE_BOT_TOKEN,
      signingSecret: FAKE_SIGNING_SECRET,
      clientOptions: { slackApiUrl: fake.apiUrl },
      ...quiet,
    });
    app.event('app_mention', async ({ event, context }) => {
      mentions.push({ event, retryNum: context.retryNum });
    });
    app.command(
      '/codecot',
      async ({ command, ack }: { command: SlashCommand; ack: (text: string) => Promise<void> }) => {
        await ack(`queued: ${command.text}`);
      },
    );
    app.action('approve', async ({ ack, body }) => {
      await ack();
      clicks.push(body.user.id);
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  const mentionText = (words: string) => `<@${FAKE_BOT_USER_ID}> ${words}`;

  it('delivers a signed app_mention and the handler runs with the retry headers', async () => {
    const event = appMentionEvent({ channel: GENERAL, user: HUMAN, text: mentionText('build it') });
    const response = await sendSlackEvent(eventsUrl, eventCallback(event), {
      signingSecret: FAKE_SIGNING_SECRET,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(mentions.map((m) => m.event.ts)).toContain(event.ts), { timeout: 2_000 });
    expect(mentions.find((m) => m.event.ts === event.ts)?.retryNum).toBe(1);
  });

  it('gets 401 for a forged signature or a stale timestamp, and the handler never runs', async () => {
    const forged = appMentionEvent({ channel: GENERAL, user: HUMAN, text: mentionText('forged') });
    const stale = appMentionEvent({ channel: GENERAL, user: HUMAN, text: mentionText('stale') });
    const badSignature = await sendSlackEvent(eventsUrl, eventCallback(forged), {
      signingSecret: FAKE_SIGNING_SECRET,
      signature: `v0=${'0'.repeat(64)}`,
    });
    const oldTimestamp = await sendSlackEvent(eventsUrl, eventCallback(stale), {
      signingSecret: FAKE_SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect([badSignature.status, oldTimestamp.status]).toEqual([401, 401]);

    // A genuine event sent afterwards is handled, so the rejected ones had their chance to show up.
    const genuine = appMentionEvent({ channel: GENERAL, user: HUMAN, text: mentionText('genuine') });
    await sendSlackEvent(eventsUrl, eventCallback(genuine), { signingSecret: FAKE_SIGNING_SECRET });
    await vi.waitFor(() => expect(mentions.map((m) => m.event.ts)).toContain(genuine.ts), { timeout: 2_000 });
    expect(mentions.map((m) => m.event.ts)).not.toContain(forged.ts);
    expect(mentions.map((m) => m.event.ts)).not.toContain(stale.ts);
  });

  it('answers url_verification with the challenge', async () => {
    const response = await sendSlackEvent(eventsUrl, urlVerification('challenge-42'), {
      signingSecret: FAKE_SIGNING_SECRET,
    });
    expect(response).toMatchObject({ status: 200, body: { challenge: 'challenge-42' } });
  });

  it('sends form-encoded slash commands and payload= interactions that Bolt parses', async () => {
    const fields = slashCommand({
      command: '/codecot',
      text: 'fix the build',
      userId: HUMAN,
      channelId: GENERAL,
    });
    const command = await sendSlashCommand(eventsUrl, fields, { signingSecret: FAKE_SIGNING_SECRET });
    expect(command).toMatchObject({ status: 200, text: 'queued: fix the build' });

    const click = buttonClick({
      actionId: 'approve',
      value: 'pr-1',
      userId: HUMAN,
      channelId: GENERAL,
      messageTs: '1.000001',
    });
    const interaction = await sendInteraction(eventsUrl, click, { signingSecret: FAKE_SIGNING_SECRET });
    expect(interaction.status).toBe(200);
    await vi.waitFor(() => expect(clicks).toEqual([HUMAN]), { timeout: 2_000 });
  });
});

describe('fake Socket Mode with a real Bolt App', () => {
  let fake: FakeSlack;
  let app: App;
  const mentions: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ channels: [{ id: GENERAL, name: 'general' }] });
    app = new App({
      token: FAKE_BOT_TOKEN,
      appToken: FAKE_APP_TOKEN,
      socketMode: true,
      clientOptions: { slackApiUrl: fake.apiUrl },
      ...quiet,
    });
    app.event('app_mention', async ({ event }) => {
      mentions.push(event.text);
    });
    app.command('/codecot', async ({ ack }) => {
      await ack('on it');
    });
    await app.start();
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('connects through apps.connections.open with the app token', async () => {
    const open = await fake.waitForCall('apps.connections.open');
    expect(open).toMatchObject({ token: FAKE_APP_TOKEN, httpStatus: 200, response: { ok: true } });
    expect(fake.socketConnectionsOpened).toBe(1);
  });

  it('delivers an events_api envelope; the handler runs and the ack echoes the envelope_id', async () => {
    const event = appMentionEvent({
      channel: GENERAL,
      user: HUMAN,
      text: `<@${FAKE_BOT_USER_ID}> over the socket`,
    });
    const ack = await fake.socketDeliver(eventCallback(event), {
      type: 'events_api',
      envelopeId: 'env-events-1',
    });
    expect(ack.envelope_id).toBe('env-events-1');
    await vi.waitFor(() => expect(mentions).toContain(event.text), { timeout: 2_000 });
  });

  it('returns the ack payload of a slash command envelope', async () => {
    const fields = slashCommand({ command: '/codecot', text: 'status', userId: HUMAN, channelId: GENERAL });
    const ack = await fake.socketDeliver(fields, { type: 'slash_commands', envelopeId: 'env-cmd-1' });
    expect(ack).toEqual({ envelope_id: 'env-cmd-1', payload: { text: 'on it' } });
  });
});

describe('fake Socket Mode refresh', () => {
  let fake: FakeSlack;
  let app: App;

  beforeAll(async () => {
    fake = await startFakeSlack();
    // A short client ping timeout makes the SDK's reconnect delay (1 x timeout) short.
    const receiver = new SocketModeReceiver({
      appToken: FAKE_APP_TOKEN,
      clientPingTimeout: 500,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl } },
      ...quiet,
    });
    app = new App({ token: FAKE_BOT_TOKEN, receiver, clientOptions: { slackApiUrl: fake.apiUrl }, ...quiet });
    await app.start();
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('makes the client reconnect after a disconnect(refresh_requested) message', async () => {
    await fake.waitForSocketConnections(1);
    fake.socketDisconnect();
    await fake.waitForSocketConnections(2, 5_000);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
    const ack = await fake.socketDeliver(
      eventCallback(appMentionEvent({ channel: 'C1', user: HUMAN, text: 'hi' })),
    );
    expect(ack.envelope_id).toEqual(expect.any(String));
  });
});
