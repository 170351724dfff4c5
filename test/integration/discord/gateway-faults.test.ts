import { GatewayDispatchEvents as E } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatEvent } from '../../../src/domain/chat-events.ts';
import { messageCreate, reactionAdd } from '../../fakes/discord/index.ts';
import { waitFor } from '../../helpers/wait.ts';
import { type DiscordHarness, makeDiscordHarness } from './harness.ts';

// The real discord.js client against the fake gateway: a dropped socket RESUMEs and gets what it
// missed replayed; an invalidated session re-IDENTIFYs and the adapter re-reads recent history.
let h: DiscordHarness;

beforeAll(async () => {
  h = await makeDiscordHarness();
});
afterAll(async () => h?.close());

const deliveriesOf = (messageId: string): ChatEvent[] =>
  h.events.filter(
    (e) => (e.type === 'message' || e.type === 'mention') && e.message.ref.messageId === messageId,
  );

/** Dispatches a marker and waits for it: gateway order means anything sent before it has arrived too. */
async function settle(): Promise<void> {
  const marker = await h.userSays(`marker ${Date.now()}`);
  await waitFor(() => deliveriesOf(marker.messageId).length > 0);
  await waitFor(() => h.world.fake.connectedClients === 1);
}

describe('gateway faults', () => {
  test('a dropped connection RESUMEs: a message and a reaction sent meanwhile reach the sink exactly once', async () => {
    const { fake, guildId, channelId, users } = h.world;
    const target = await h.userSays('react to me later');
    await waitFor(() => deliveriesOf(target.messageId).length === 1);

    fake.dropConnection();
    const missed = messageCreate({ guildId, channelId, author: users.member, content: 'sent while away' });
    // The session is alive but has no socket: the fake keeps the dispatch for the RESUME.
    expect(fake.dispatch(E.MessageCreate, missed)).toBe(1);
    fake.dispatch(
      E.MessageReactionAdd,
      reactionAdd({
        guildId,
        channelId,
        messageId: target.messageId,
        user: users.member,
        roles: [h.world.trustedRoleId],
      }),
    );
    await fake.waitForResume(1, 10_000);
    await settle();

    expect(fake.identifyCount).toBe(1);
    expect(deliveriesOf(missed.id)).toHaveLength(1);
    expect(deliveriesOf(target.messageId)).toHaveLength(1);
    const reactions = h.events.filter(
      (e) => e.type === 'reaction_added' && e.target.messageId === target.messageId,
    );
    expect(reactions).toHaveLength(1);
  });

  test('an invalidated session re-IDENTIFYs and the messages missed meanwhile are re-read once', async () => {
    const { fake, guildId, channelId, users } = h.world;
    const before = await h.userSays('said before the outage');
    const root = await h.userSays('a thread with activity');
    const reply = await h.userSays('a reply in it', { threadOf: root });
    await waitFor(() => deliveriesOf(reply.messageId).length === 1);

    const identifies = fake.identifyCount;
    fake.invalidateSessions();
    fake.dropConnection();
    // Stored only, never dispatched: Discord does not replay events of a session it forgot.
    const inChannel = fake.addMessage({
      guildId,
      channelId,
      author: users.member,
      content: 'missed in the channel',
    });
    const inThread = fake.addMessage({
      guildId,
      channelId: reply.threadId ?? '',
      author: users.guest,
      content: 'missed in the thread',
    });
    await fake.waitForIdentify(identifies + 1, 15_000);
    await waitFor(
      () => deliveriesOf(inThread.id).length > 0 && deliveriesOf(inChannel.id).length > 0,
      10_000,
    );
    await settle();

    const [channelEvent] = deliveriesOf(inChannel.id);
    expect(channelEvent?.type === 'message' && channelEvent.message).toMatchObject({
      text: 'missed in the channel',
      author: { trust: 'trusted' },
      ref: { channel: h.channel },
    });
    const [threadEvent] = deliveriesOf(inThread.id);
    expect(threadEvent?.type === 'message' && threadEvent.message).toMatchObject({
      ref: { channel: h.channel, threadId: reply.threadId },
      author: { trust: 'untrusted', untrustedReason: 'no-trusted-role' },
    });
    // Re-read once, with the id a live delivery would have had; what had arrived is not read again.
    expect(deliveriesOf(inChannel.id).map((e) => e.eventId)).toEqual([
      `discord:MESSAGE_CREATE:${inChannel.id}`,
    ]);
    expect(deliveriesOf(inThread.id)).toHaveLength(1);
    expect(deliveriesOf(before.messageId)).toHaveLength(1);
    expect(deliveriesOf(reply.messageId)).toHaveLength(1);
    expect(h.logs.some((l) => l.msg.includes('recent history re-read') && l.recovered === 2)).toBe(true);
  }, 30_000);
});
