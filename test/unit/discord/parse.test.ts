import { describe, expect, test } from 'vitest';
import {
  cleanText,
  deleteEvent,
  editEvent,
  isConversation,
  messageEvent,
  reactionEvent,
  reactorOf,
} from '../../../adapters/discord/parse.ts';
import {
  interactionSchema,
  messageSchema,
  messageUpdateSchema,
  reactionSchema,
} from '../../../adapters/discord/schemas.ts';
import { messageUpdate, reactionAdd, reactionRemove } from '../../fakes/discord/index.ts';
import {
  ADA,
  BOT,
  BOT_ROLE,
  CI_BOT,
  ctx,
  GENERAL,
  GUILD,
  gatewayMessage,
  inChannel,
  inThread,
  THREAD,
  TRUSTED_ROLE,
  WEBHOOK,
} from './fixtures.ts';

describe('MESSAGE_CREATE', () => {
  test('a member message in a channel becomes a canonical message event', () => {
    const facts = gatewayMessage({ id: '1200000000000000001', content: 'we should add retries' });
    expect(messageEvent(facts, inChannel, facts.member?.roles, ctx())).toEqual({
      type: 'message',
      eventId: 'discord:MESSAGE_CREATE:1200000000000000001',
      message: {
        ref: {
          channel: { platform: 'discord', workspaceId: GUILD, channelId: GENERAL },
          messageId: '1200000000000000001',
        },
        author: { id: `discord:${ADA.id}`, name: 'Ada Lovelace', trust: 'trusted', isBot: false },
        text: 'we should add retries',
        mentionsBot: false,
        at: new Date(facts.timestamp),
      },
    });
  });

  test('a message in a thread keeps the parent channel and carries the thread id', () => {
    const facts = gatewayMessage({ channelId: THREAD, content: 'in the thread' });
    const event = messageEvent(facts, inThread, [], ctx());
    expect(event.type === 'message' && event.message.ref).toMatchObject({
      channel: { channelId: GENERAL },
      threadId: THREAD,
    });
  });

  test('mentioning the bot, by user or by its managed role, is a mention with the mention removed', () => {
    const byUser = gatewayMessage({ content: `<@${BOT}> add a --dry-run flag`, mentions: [{ id: BOT }] });
    const byRole = gatewayMessage({ content: `<@&${BOT_ROLE}>  add a flag`, mentionRoles: [BOT_ROLE] });
    for (const facts of [byUser, byRole]) {
      const event = messageEvent(facts, inChannel, [], ctx());
      expect(event.type).toBe('mention');
      expect(event.type === 'mention' && event.message.text).toMatch(/^add a( --dry-run)? flag$/);
    }
  });

  test("the bot's own message mentioning itself stays a plain message", () => {
    const facts = gatewayMessage({
      author: { id: BOT, bot: true },
      content: `<@${BOT}>`,
      mentions: [{ id: BOT }],
    });
    expect(messageEvent(facts, inChannel, [], ctx()).type).toBe('message');
  });

  test('other mentions stay in the text as <@id> for the core to read', () => {
    expect(cleanText(`<@!${BOT}> approvers add <@${ADA.id}>`, ctx())).toBe(`approvers add <@${ADA.id}>`);
  });

  test('system messages (thread created, member joined) are not conversation', () => {
    expect(isConversation({ type: 18 })).toBe(false);
    expect(isConversation({ type: 7 })).toBe(false);
    expect(isConversation({ type: 19 })).toBe(true);
    expect(isConversation({ type: undefined })).toBe(true);
  });

  test('authors: webhook, bot, and member without the trusted role are untrusted', () => {
    const label = (facts: ReturnType<typeof gatewayMessage>, roles: string[] | undefined) => {
      const event = messageEvent(facts, inChannel, roles, ctx(TRUSTED_ROLE));
      return event.type === 'message' ? event.message.author : undefined;
    };
    const webhook = gatewayMessage({ content: 'deploy done', webhookId: WEBHOOK, author: CI_BOT });
    expect(label(webhook, undefined)).toMatchObject({ trust: 'untrusted', untrustedReason: 'webhook' });
    const bot = gatewayMessage({ content: 'beep', author: CI_BOT });
    expect(label(bot, [])).toMatchObject({ trust: 'untrusted', untrustedReason: 'bot', isBot: true });
    const member = gatewayMessage({ content: 'hi' });
    expect(label(member, [])).toMatchObject({ untrustedReason: 'no-trusted-role', isBot: false });
    expect(label(member, undefined)).toMatchObject({ untrustedReason: 'no-trusted-role' });
    expect(label(member, [TRUSTED_ROLE])).toMatchObject({ trust: 'trusted' });
  });
});

describe('schemas reject malformed dispatches', () => {
  test.each([
    ['an id that is not a snowflake', { ...gatewayMessage({ content: 'x' }), id: '../../etc' }],
    ['no author', { ...gatewayMessage({ content: 'x' }), author: undefined }],
    ['a timestamp that is not a date', { ...gatewayMessage({ content: 'x' }), timestamp: 'yesterday' }],
    ['not an object', 'MESSAGE_CREATE'],
  ])('MESSAGE_CREATE with %s', (_name, payload) => {
    expect(messageSchema.safeParse(payload).success).toBe(false);
  });

  test('a reaction without an emoji, and an interaction without a token', () => {
    const reaction = reactionAdd({ guildId: GUILD, channelId: GENERAL, messageId: THREAD, user: ADA });
    expect(reactionSchema.safeParse({ ...reaction, emoji: { id: null, name: null } }).success).toBe(false);
    expect(interactionSchema.safeParse({ id: THREAD, application_id: BOT, type: 2 }).success).toBe(false);
  });
});

describe('MESSAGE_UPDATE and MESSAGE_DELETE', () => {
  test('an edit has one event id per edited timestamp', () => {
    const edit = (at: string) =>
      editEvent(
        messageUpdateSchema.parse(
          messageUpdate({
            id: THREAD,
            guildId: GUILD,
            channelId: GENERAL,
            author: ADA,
            content: 'v2',
            editedTimestamp: at,
          }),
        ),
        inChannel,
        ctx(),
      );
    const first = edit('2026-01-01T10:00:00.000000+00:00');
    expect(first).toMatchObject({ type: 'message_edited', text: 'v2', ref: { messageId: THREAD } });
    expect(first?.eventId).toBe(`discord:MESSAGE_UPDATE:${THREAD}:2026-01-01T10:00:00.000000+00:00`);
    expect(edit('2026-01-01T10:05:00.000000+00:00')?.eventId).not.toBe(first?.eventId);
  });

  test('an update without an edited timestamp (a link preview resolved) is no edit', () => {
    const unfurl = messageUpdateSchema.parse({
      id: THREAD,
      channel_id: GENERAL,
      guild_id: GUILD,
      embeds: [],
    });
    expect(editEvent(unfurl, inChannel, ctx())).toBeNull();
  });

  test('a deletion in a thread keeps the thread', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(deleteEvent('1200000000000000009', inThread, at)).toEqual({
      type: 'message_deleted',
      eventId: 'discord:MESSAGE_DELETE:1200000000000000009',
      ref: {
        channel: { platform: 'discord', workspaceId: GUILD, channelId: GENERAL },
        messageId: '1200000000000000009',
        threadId: THREAD,
      },
      at,
    });
  });
});

describe('reactions', () => {
  const at = new Date('2026-01-01T00:00:00Z');

  test('an added reaction carries the member from the payload and an id of message, user and emoji', () => {
    const facts = reactionSchema.parse(
      reactionAdd({
        guildId: GUILD,
        channelId: GENERAL,
        messageId: THREAD,
        user: ADA,
        roles: [TRUSTED_ROLE],
      }),
    );
    const event = reactionEvent(true, facts, inChannel, reactorOf(facts), at, ctx(TRUSTED_ROLE), 'sess1:42');
    expect(event).toMatchObject({
      type: 'reaction_added',
      eventId: `discord:REACTION_ADD:${THREAD}:${ADA.id}:✅:sess1:42`,
      emoji: '✅',
      user: { id: `discord:${ADA.id}`, trust: 'trusted', name: 'Ada Lovelace' },
    });
  });

  test('a custom emoji is name:id, the form the reaction routes take', () => {
    const facts = reactionSchema.parse(
      reactionRemove({
        guildId: GUILD,
        channelId: GENERAL,
        messageId: THREAD,
        user: ADA,
        emoji: { id: WEBHOOK, name: 'shipit' },
      }),
    );
    const event = reactionEvent(false, facts, inChannel, { id: ADA.id }, at, ctx(), 'sess1:43');
    expect(event).toMatchObject({ type: 'reaction_removed', emoji: `shipit:${WEBHOOK}` });
    expect(event.eventId).toBe(`discord:REACTION_REMOVE:${THREAD}:${ADA.id}:shipit:${WEBHOOK}:sess1:43`);
  });
});
