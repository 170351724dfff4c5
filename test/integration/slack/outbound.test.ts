import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderMessage } from '../../../adapters/slack/format.ts';
import { createSlackAdapter } from '../../../adapters/slack/index.ts';
import type { ChannelRef, RichMessage } from '../../../src/domain/chat.ts';
import { CodecotError } from '../../../src/errors.ts';
import { FAKE_BOT_TOKEN, FAKE_BOT_USER_ID, FAKE_SIGNING_SECRET } from '../../fakes/slack/index.ts';
import { type SlackHarness, startSlackHarness } from './harness.ts';
import { captureLogger } from './log-capture.ts';
import { CHANNEL } from './personas.ts';

const spec: RichMessage = {
  text: 'Spec v1: add retries',
  title: 'Spec v1: Add retries',
  sections: [{ heading: 'Acceptance criteria', items: ['retries 3 times'] }],
  context: 'React :white_check_mark: to approve',
};

describe('Slack outbound through the real WebClient', () => {
  let h: SlackHarness;
  const log = captureLogger();
  beforeAll(async () => {
    h = await startSlackHarness(log.logger);
  });
  afterAll(() => h.close());

  test('a message posted while rate limited waits out Retry-After and is delivered exactly once', async () => {
    h.fake.rateLimitNext('chat.postMessage', { times: 1, retryAfterSeconds: 1 });
    const posted = await h.platform.post(h.channel, { text: 'delivered once despite a 429' });
    const attempts = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.text === 'delivered once despite a 429');
    expect(attempts.map((c) => c.httpStatus)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(
      h.fake
        .messages(CHANNEL)
        .filter((m) => m.text === 'delivered once despite a 429')
        .map((m) => m.ts),
    ).toEqual([posted.messageId]);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        msg: 'slack rate limited a call; retrying after the delay',
        retryAfterSeconds: 1,
      }),
    );
  });

  test('a spec is posted in the thread as Block Kit with the plain-text fallback', async () => {
    const root = await h.userSays('please draft a spec');
    const posted = await h.platform.post(h.channel, spec, root);
    expect(posted).toEqual({ channel: h.channel, messageId: expect.any(String), threadId: root.messageId });
    const stored = h.fake.messages(CHANNEL).find((m) => m.ts === posted.messageId);
    expect(stored).toMatchObject({
      text: 'Spec v1: add retries',
      thread_ts: root.messageId,
      blocks: renderMessage(spec).blocks,
    });
  });

  test('a reply to a message inside a thread (as a reaction names it) goes under the thread root', async () => {
    const root = await h.userSays('root of a thread');
    const inThread = await h.userSays('a reply the bot will answer', { threadOf: root });
    const asReactionTarget = { channel: h.channel, messageId: inThread.messageId };
    const known = await h.platform.post(h.channel, { text: 'answer' }, asReactionTarget);
    expect(known.threadId).toBe(root.messageId);

    // Never seen by this adapter: it asks Slack once, then remembers.
    const parent = h.fake.seedMessage(CHANNEL, { user: 'U0MEMBER', text: 'older root' });
    const child = h.fake.seedMessage(CHANNEL, {
      user: 'U0MEMBER',
      text: 'older reply',
      thread_ts: parent.ts,
    });
    const lookups = () =>
      h.fake.callsTo('conversations.replies').filter((c) => c.args.ts === child.ts).length;
    const first = await h.platform.post(
      h.channel,
      { text: 'late answer' },
      { channel: h.channel, messageId: child.ts },
    );
    const second = await h.platform.post(
      h.channel,
      { text: 'another' },
      { channel: h.channel, messageId: child.ts },
    );
    expect([first.threadId, second.threadId]).toEqual([parent.ts, parent.ts]);
    expect(h.fake.messages(CHANNEL).find((m) => m.ts === second.messageId)?.thread_ts).toBe(parent.ts);
    expect(lookups()).toBe(1);
  });

  test('an update edits in place, dropping blocks the new content does not have', async () => {
    const posted = await h.platform.post(h.channel, spec);
    await h.platform.update(posted, { text: 'Running… :hourglass_flowing_sand:' });
    const stored = h.fake.messages(CHANNEL).find((m) => m.ts === posted.messageId);
    expect(stored).toMatchObject({ text: 'Running… :hourglass_flowing_sand:', blocks: [] });
    expect(stored?.edited).toBeDefined();
  });

  test('pre-adding approve and reject is idempotent, and removing a missing reaction is not an error', async () => {
    const posted = await h.platform.post(h.channel, spec);
    for (const emoji of ['white_check_mark', 'x', 'white_check_mark'])
      await h.platform.addReaction(posted, emoji);
    await h.platform.removeReaction(posted, 'tada');
    expect(h.fake.reactions(CHANNEL, posted.messageId)).toEqual([
      { name: 'white_check_mark', users: [FAKE_BOT_USER_ID], count: 1 },
      { name: 'x', users: [FAKE_BOT_USER_ID], count: 1 },
    ]);
  });

  test('ephemeral replies go to one user in the thread; permalinks point at the thread reply', async () => {
    const root = await h.userSays('thread for a note');
    await h.platform.postEphemeral?.(h.channel, 'slack:U0MEMBER', 'only for <!here> you', root.messageId);
    expect(h.fake.ephemerals(CHANNEL).at(-1)).toMatchObject({
      user: 'U0MEMBER',
      thread_ts: root.messageId,
      text: 'only for &lt;!here&gt; you',
    });
    const reply = await h.platform.post(h.channel, { text: 'reply' }, root);
    expect(await h.platform.permalink(reply)).toMatch(
      new RegExp(`/archives/${CHANNEL}/p\\d+\\?thread_ts=${root.messageId}`),
    );
  });

  test('thread history keeps the root and the latest replies when the thread is longer than the limit', async () => {
    const root = await h.userSays('long thread root');
    for (let i = 1; i <= 6; i++) await h.userSays(`reply ${i}`, { threadOf: root });
    const history = await h.platform.threadHistory(root, 3);
    expect(history.map((m) => m.text)).toEqual(['long thread root', 'reply 5', 'reply 6']);
    expect(history[0]?.author).toMatchObject({ id: 'slack:U0MEMBER', trust: 'trusted' });
  });

  test('a Slack error becomes a CodecotError naming the Slack code, never the token', async () => {
    const elsewhere: ChannelRef = { ...h.channel, channelId: 'C0NOWHERE' };
    const failure = await h.platform.post(elsewhere, { text: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CodecotError);
    expect(failure).toMatchObject({
      code: 'platform_error',
      platform: 'slack',
      retryable: false,
      message: 'Slack chat.postMessage failed: channel_not_found',
    });
  });
});

test('start() fails with a clear error when the bot token is refused', async () => {
  const h = await startSlackHarness();
  try {
    const adapter = createSlackAdapter({
      botToken: 'xoxb-revoked-token-123',
      signingSecret: FAKE_SIGNING_SECRET,
      apiUrl: h.fake.apiUrl,
      logger: pino({ level: 'silent' }),
    });
    const failure = await adapter.start(async () => ({})).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'platform_error',
      message: 'Slack auth.test failed: invalid_auth',
    });
    expect(String((failure as Error).message)).not.toContain(FAKE_BOT_TOKEN);
  } finally {
    await h.close();
  }
});
