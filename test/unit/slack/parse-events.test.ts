import { describe, expect, test } from 'vitest';
import { parseEnvelope } from '../../../adapters/slack/parse.ts';
import type { ParsedInbound } from '../../../adapters/slack/parsed.ts';
import type { ChatUser } from '../../../src/domain/chat.ts';
import {
  eventCallback,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  memberJoinedChannelEvent,
  messageEvent,
  reactionAddedEvent,
  reactionRemovedEvent,
} from '../../fakes/slack/index.ts';

const ctx = { teamId: FAKE_TEAM_ID, botUserId: FAKE_BOT_USER_ID };
const alice: ChatUser = { id: 'slack:U0ALICE', name: 'alice', trust: 'trusted', isBot: false };
const channel = { platform: 'slack', workspaceId: FAKE_TEAM_ID, channelId: 'C0GENERAL' };

function completed(parsed: ParsedInbound) {
  if (parsed.kind === 'ready') return parsed.event;
  if (parsed.kind === 'needs_author') return parsed.complete(alice);
  throw new Error(`expected an event, got ${parsed.kind}: ${parsed.reason}`);
}

describe('parseEnvelope: reactions, joins, unknown and malformed', () => {
  const reaction = {
    user: 'U0ALICE',
    reaction: 'white_check_mark',
    channel: 'C0GENERAL',
    ts: '1712000000.000100',
    itemUser: 'U0BOB',
  };

  test('reactions added and removed name the reactor, the platform emoji and the target', () => {
    const added = completed(parseEnvelope(eventCallback(reactionAddedEvent(reaction)), ctx));
    const removed = completed(parseEnvelope(eventCallback(reactionRemovedEvent(reaction)), ctx));
    expect(added).toMatchObject({
      type: 'reaction_added',
      emoji: 'white_check_mark',
      user: alice,
      target: { channel, messageId: reaction.ts },
    });
    expect(removed).toMatchObject({ type: 'reaction_removed', emoji: 'white_check_mark' });
  });

  test('a reaction on a file is not about a message and is ignored', () => {
    const onFile = { ...reactionAddedEvent(reaction), item: { type: 'file', file: 'F0ABC' } };
    expect(parseEnvelope(eventCallback(onFile), ctx)).toMatchObject({ kind: 'ignored' });
  });

  test('the bot joining a channel is bot_joined; someone else joining is ignored', () => {
    const bot = parseEnvelope(
      eventCallback(memberJoinedChannelEvent({ user: FAKE_BOT_USER_ID, channel: 'C0NEW' })),
      ctx,
    );
    expect(completed(bot)).toMatchObject({ type: 'bot_joined', channel: { ...channel, channelId: 'C0NEW' } });
    const other = parseEnvelope(
      eventCallback(memberJoinedChannelEvent({ user: 'U0ALICE', channel: 'C0NEW' })),
      ctx,
    );
    expect(other).toMatchObject({ kind: 'ignored', unknown: false });
  });

  test('an event type Codecot never subscribed to is ignored and marked unknown', () => {
    const parsed = parseEnvelope(
      eventCallback({ type: 'pin_added', user: 'U0ALICE', channel_id: 'C0GENERAL' }),
      ctx,
    );
    expect(parsed).toEqual({
      kind: 'ignored',
      eventType: 'pin_added',
      reason: expect.any(String),
      unknown: true,
    });
  });

  test.each([
    [
      'no event id',
      { ...eventCallback(messageEvent({ channel: 'C0G', user: 'U0A', text: 'x' })), event_id: undefined },
      /event_id/,
    ],
    [
      'no channel',
      eventCallback({ ...messageEvent({ channel: 'C0G', user: 'U0A', text: 'x' }), channel: undefined }),
      /channel/,
    ],
    [
      'a forged ts',
      eventCallback(messageEvent({ channel: 'C0G', user: 'U0A', text: 'x', ts: '1; drop table' })),
      /ts/,
    ],
    [
      'no author',
      eventCallback({ ...messageEvent({ channel: 'C0G', user: 'U0A', text: 'x' }), user: undefined }),
      /user or bot_id/,
    ],
    ['a bad emoji', eventCallback({ ...reactionAddedEvent(reaction), reaction: 'x y' }), /reaction/],
    ['not an object', 'just text', /body|expected/],
  ])('a payload with %s is malformed with a reason', (_name, body, reason) => {
    const parsed = parseEnvelope(body, ctx);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(reason);
  });
});
