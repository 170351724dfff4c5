import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { ChannelRef, ChatUser } from '../../src/domain/chat.ts';
import { ensureChannel } from '../../src/store/repositories/channels.ts';
import {
  advanceWindow,
  countUnread,
  findWindow,
  touchWindow,
} from '../../src/store/repositories/listen-windows.ts';
import { saveMessage } from '../../src/store/repositories/messages.ts';
import { createTestDatabase, engineUnderTest, type TestDatabase } from '../helpers/database.ts';

// The ingest path's listening bookkeeping: one upsert that answers with the window, and a count of
// unread messages that stops at the burst limit however large the backlog.
const channel: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const CHANNEL_ID = 'slack:T1:C1';
const ada: ChatUser = { id: 'slack:U1', name: 'ada', trust: 'trusted', isBot: false };
const bot: ChatUser = {
  id: 'slack:UBOT',
  name: 'bot',
  trust: 'untrusted',
  untrustedReason: 'bot',
  isBot: true,
};

const say = (seconds: number, author = ada) =>
  saveMessage(t.store.db, {
    ref: { channel, messageId: `${seconds}.000001` },
    author,
    text: `message at ${seconds}`,
    mentionsBot: false,
    at: new Date(seconds * 1_000),
  });

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await ensureChannel(t.store.db, channel);
});
afterEach(async () => t.dispose());

describe(`listen windows on ${engineUnderTest()}`, () => {
  test('touchWindow creates the window, keeps the latest message time and answers with the stored row', async () => {
    const first = await touchWindow(t.store.db, CHANNEL_ID, new Date(2_000));
    expect(first).toMatchObject({
      channel_id: CHANNEL_ID,
      last_message_at: new Date(2_000),
      summarized_until: null,
    });
    // An older arrival never moves the burst back.
    const again = await touchWindow(t.store.db, CHANNEL_ID, new Date(1_000));
    expect(again.last_message_at).toEqual(new Date(2_000));
    expect(await advanceWindow(t.store.db, CHANNEL_ID, null, new Date(1_500), 'summary')).toBe(true);
    const afterRead = await touchWindow(t.store.db, CHANNEL_ID, new Date(3_000));
    expect(afterRead.summarized_until).toEqual(new Date(1_500));
    expect(afterRead).toEqual(await findWindow(t.store.db, CHANNEL_ID));
  });

  test('countUnread counts people’s messages after the read position, no further than the limit', async () => {
    for (const seconds of [1, 2, 3, 4, 5, 6]) await say(seconds);
    await say(7, bot);
    expect(await countUnread(t.store.db, CHANNEL_ID, null, 100)).toBe(6);
    expect(await countUnread(t.store.db, CHANNEL_ID, new Date(2_000), 100)).toBe(4);
    expect(await countUnread(t.store.db, CHANNEL_ID, null, 3)).toBe(3);
    expect(await countUnread(t.store.db, CHANNEL_ID, new Date(6_000), 3)).toBe(0);
  });
});
