import { describe, expect, test } from 'vitest';
import { parseEnvelope } from '../../../adapters/slack/parse.ts';
import type { ParsedInbound } from '../../../adapters/slack/parsed.ts';
import type { ChatUser } from '../../../src/domain/chat.ts';
import {
  appMentionEvent,
  eventCallback,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
} from '../../fakes/slack/index.ts';

const ctx = { teamId: FAKE_TEAM_ID, botUserId: FAKE_BOT_USER_ID };
const alice: ChatUser = { id: 'slack:U0ALICE', name: 'alice', trust: 'trusted', isBot: false };
const channel = { platform: 'slack', workspaceId: FAKE_TEAM_ID, channelId: 'C0GENERAL' };

function completed(parsed: ParsedInbound) {
  if (parsed.kind === 'ready') return parsed.event;
  if (parsed.kind === 'needs_author') return parsed.complete(alice);
  throw new Error(`expected an event, got ${parsed.kind}: ${parsed.reason}`);
}

describe('parseEnvelope: messages', () => {
  test('a channel message becomes a message event with a canonical ref and the envelope event id', () => {
    const event = messageEvent({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'add retries &amp; backoff',
      ts: '1712000000.000100',
    });
    const parsed = parseEnvelope(eventCallback(event, { eventId: 'Ev0ABC' }), ctx);
    expect(parsed).toMatchObject({
      kind: 'needs_author',
      author: { userId: 'U0ALICE', teamId: FAKE_TEAM_ID },
    });
    expect(completed(parsed)).toEqual({
      eventId: 'slack:Ev0ABC',
      type: 'message',
      message: {
        ref: { channel, messageId: '1712000000.000100' },
        author: alice,
        text: 'add retries & backoff',
        mentionsBot: false,
        at: new Date(1712000000000),
      },
    });
  });

  test('a thread reply carries the root ts as its thread id', () => {
    const event = messageEvent({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text: 'reply',
      threadTs: '1712000000.000100',
    });
    const result = completed(parseEnvelope(eventCallback(event), ctx));
    expect(result).toMatchObject({
      message: { ref: { threadId: '1712000000.000100', messageId: event.ts } },
    });
  });

  test('a message naming the bot is a message that mentions it; app_mention is a mention event', () => {
    const text = `<@${FAKE_BOT_USER_ID}> please add a flag`;
    const message = completed(
      parseEnvelope(eventCallback(messageEvent({ channel: 'C0GENERAL', user: 'U0ALICE', text })), ctx),
    );
    const mention = completed(
      parseEnvelope(eventCallback(appMentionEvent({ channel: 'C0GENERAL', user: 'U0ALICE', text })), ctx),
    );
    expect(message).toMatchObject({ type: 'message', message: { mentionsBot: true } });
    expect(mention).toMatchObject({ type: 'mention', message: { mentionsBot: true, text } });
  });

  test('a bot message hints a bot author (bot_id, subtype) so no lookup is needed', () => {
    const event = {
      ...messageEvent({ channel: 'C0GENERAL', user: 'U0CI', text: 'build passed', botId: 'B0CI' }),
      subtype: 'bot_message',
      username: 'CI',
    };
    expect(parseEnvelope(eventCallback(event), ctx)).toMatchObject({
      kind: 'needs_author',
      author: { userId: 'U0CI', botId: 'B0CI', subtype: 'bot_message', username: 'CI' },
    });
  });

  test('an external author is hinted by the team on the message', () => {
    const event = messageEvent({ channel: 'C0GENERAL', user: 'U0EXT', text: 'hi', team: 'T0OTHER' });
    expect(parseEnvelope(eventCallback(event), ctx)).toMatchObject({ author: { teamId: 'T0OTHER' } });
  });

  test('an edit becomes message_edited; a change that keeps the words (unfurl) is ignored', () => {
    const edit = messageChangedEvent({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      ts: '1712000000.000100',
      text: 'second',
      previousText: 'first',
    });
    expect(completed(parseEnvelope(eventCallback(edit, { eventId: 'Ev0EDIT' }), ctx))).toMatchObject({
      eventId: 'slack:Ev0EDIT',
      type: 'message_edited',
      ref: { channel, messageId: '1712000000.000100' },
      text: 'second',
    });
    const unfurl = messageChangedEvent({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      ts: '1712000000.000100',
      text: 'same',
      previousText: 'same',
    });
    expect(parseEnvelope(eventCallback(unfurl), ctx)).toMatchObject({ kind: 'ignored', unknown: false });
  });

  test('a deletion becomes message_deleted naming the deleted ts and its thread', () => {
    const deletion = messageDeletedEvent({
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      ts: '1712000000.000200',
      previousText: 'x',
      threadTs: '1712000000.000100',
    });
    expect(completed(parseEnvelope(eventCallback(deletion), ctx))).toMatchObject({
      type: 'message_deleted',
      ref: { channel, messageId: '1712000000.000200', threadId: '1712000000.000100' },
    });
  });

  test('other subtypes (a join notice) are ignored as known events', () => {
    const join = {
      ...messageEvent({ channel: 'C0GENERAL', user: 'U0ALICE', text: '<@U0ALICE> has joined' }),
      subtype: 'channel_join',
    };
    expect(parseEnvelope(eventCallback(join), ctx)).toMatchObject({ kind: 'ignored', unknown: false });
  });
});
