import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCodecotError } from '../../../src/errors.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type DiscordHarness, makeDiscordHarness } from './harness.ts';
import { visibleText } from './world.ts';

let h: DiscordHarness;
beforeAll(async () => {
  h = await makeDiscordHarness();
});
afterAll(async () => h?.close());

const stored = (messageId: string) => h.world.fake.store.message(messageId);
const restCallsTo = (method: string, path: string) =>
  h.world.fake.restCalls.filter((c) => c.method === method && c.path === path);

describe('threads', () => {
  test('a reply starts a thread on the message, named after the title, and later replies stay in it', async () => {
    const root = await h.userSays('can we get retries on uploads?');
    const title = `Spec v1: ${'retries '.repeat(20)}`;
    const first = await h.platform.post(h.channel, { text: 'spec', title }, root);
    expect(first.threadId).toBe(root.messageId);
    const thread = h.world.fake.store.channels.get(root.messageId);
    expect(thread).toMatchObject({ parent_id: h.world.channelId, type: 11 });
    expect(thread && 'name' in thread && thread.name).toBe(`${title.slice(0, 99).trimEnd()}…`);
    expect(stored(first.messageId)?.channel_id).toBe(root.messageId);

    // The core rebuilds refs from keys: the root without a thread id must still land in its thread.
    const again = await h.platform.post(h.channel, { text: 'status: drafting' }, root);
    expect(again.threadId).toBe(root.messageId);
    expect(
      restCallsTo('POST', `/channels/${h.world.channelId}/messages/${root.messageId}/threads`),
    ).toHaveLength(1);
  });

  test('update, reactions and permalink work on a message inside a thread', async () => {
    const root = await h.userSays('status please');
    const status = await h.platform.post(h.channel, { text: 'queued' }, root);
    await h.platform.update(status, { text: 'running', title: 'Run 7', sections: [{ body: 'step 2 of 5' }] });
    expect(visibleText(stored(status.messageId) ?? ({} as never))).toContain('step 2 of 5');
    await h.platform.addReaction(status, '⏳');
    expect(await h.botReactions(status)).toEqual(['⏳']);
    expect(await h.platform.permalink(status)).toBe(
      `https://discord.com/channels/${h.world.guildId}/${root.messageId}/${status.messageId}`,
    );
    // Reactions on the thread's starter message go to the parent channel.
    await h.platform.addReaction({ ...root, threadId: root.messageId }, '🤖');
    expect(await h.botReactions(root)).toEqual(['🤖']);
  });

  test('thread history from the root: the starter first, then the replies, at most `limit`', async () => {
    const root = await h.userSays('history root');
    for (const n of [1, 2, 3])
      await h.userSays(`reply ${n}`, { threadOf: root, persona: n === 2 ? 'guest' : 'member' });
    await h.platform.post(h.channel, { text: 'bot reply' }, root);
    const full = await h.platform.threadHistory(root, 50);
    expect(full.map((m) => m.text)).toEqual(['history root', 'reply 1', 'reply 2', 'reply 3', 'bot reply']);
    expect(full[0]?.ref).toEqual({ channel: h.channel, messageId: root.messageId });
    expect(full[1]?.ref.threadId).toBe(root.messageId);
    expect(full[2]?.author).toMatchObject({ trust: 'untrusted', untrustedReason: 'no-trusted-role' });
    expect(full[4]?.author).toMatchObject({ id: h.platform.botUserId(), isBot: true });
    const short = await h.platform.threadHistory(root, 3);
    expect(short.map((m) => m.text)).toEqual(['history root', 'reply 3', 'bot reply']);
  });

  test('a message without a thread is a thread of one', async () => {
    const lone = await h.userSays('nobody replied');
    expect((await h.platform.threadHistory(lone, 10)).map((m) => m.text)).toEqual(['nobody replied']);
  });

  test('a reply to a deleted message goes to the channel instead of failing', async () => {
    const gone = await h.userSays('soon deleted');
    await h.userDeletes(gone);
    await waitFor(() =>
      h.events.some((e) => e.type === 'message_deleted' && e.ref.messageId === gone.messageId),
    );
    const posted = await h.platform.post(h.channel, { text: 'answer' }, gone);
    expect(posted.threadId).toBeUndefined();
    expect(stored(posted.messageId)?.channel_id).toBe(h.world.channelId);
  });
});

describe('REST behaviour', () => {
  test('a 429 is waited out by discord.js: the message is posted exactly once', async () => {
    const path = `/channels/${h.world.channelId}/messages`;
    h.world.fake.rateLimitNext((c) => c.method === 'POST' && c.path === path, {
      times: 2,
      retryAfterSeconds: 0.2,
    });
    const before = restCallsTo('POST', path).length;
    const posted = await h.platform.post(h.channel, { text: 'after the rate limit' });
    expect(
      restCallsTo('POST', path)
        .slice(before)
        .map((c) => c.status),
    ).toEqual([429, 429, 200]);
    expect(
      h.world.fake.store.messagesIn(h.world.channelId).filter((m) => m.content === 'after the rate limit'),
    ).toHaveLength(1);
    expect(stored(posted.messageId)?.content).toBe('after the rate limit');
  });

  test('outbound text is redacted, pings only users, and carries an enforced nonce', async () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const posted = await h.platform.post(h.channel, { text: `@everyone the token is ${token}` });
    expect(stored(posted.messageId)?.content).toBe('@everyone the token is [REDACTED]');
    const call = h.world.fake.restCalls.findLast((c) => c.method === 'POST');
    expect(call?.body).toMatchObject({
      allowed_mentions: { parse: ['users'] },
      // Discord drops a second create with the same nonce: a retried request cannot post twice.
      nonce: expect.stringMatching(/^[0-9a-f]{24}$/),
      enforce_nonce: true,
    });
  });

  test('a failure is a CodecotError naming Discord, without the token', async () => {
    const ghost = { channel: h.channel, messageId: '1234567890123456789' };
    const error = await h.platform.update(ghost, { text: 'x' }).catch((e: unknown) => e);
    expect(isCodecotError(error, 'platform_error')).toBe(true);
    expect(error).toMatchObject({ platform: 'discord', retryable: false });
    expect((error as Error).message).toMatch(/HTTP 404, code 10008/);
    expect((error as Error).message).not.toContain(h.world.fake.token);
  });
});
