import { describe, expect, test } from 'vitest';
import { parseSlashCommand, splitCommandText } from '../../../adapters/slack/parse-command.ts';
import type { ChatUser } from '../../../src/domain/chat.ts';
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID, slashCommand } from '../../fakes/slack/index.ts';

const ctx = { teamId: FAKE_TEAM_ID, botUserId: FAKE_BOT_USER_ID };
const alice: ChatUser = { id: 'slack:U0ALICE', name: 'alice', trust: 'trusted', isBot: false };

describe('splitCommandText', () => {
  test.each([
    ['status', { subcommand: 'status', args: '' }],
    ['  Repo   acme/widgets ', { subcommand: 'repo', args: 'acme/widgets' }],
    ['watch on', { subcommand: 'watch', args: 'on' }],
    [
      'approvers add <@U0BOB|bob>  <@U0CAROL>',
      { subcommand: 'approvers', args: 'add <@U0BOB|bob>  <@U0CAROL>' },
    ],
    ['digest schedule 0 9 * * 1', { subcommand: 'digest', args: 'schedule 0 9 * * 1' }],
    ['', { subcommand: 'help', args: '' }],
    ['frobnicate now', { subcommand: 'frobnicate', args: 'now' }],
  ])('%j -> %j', (text, expected) => {
    expect(splitCommandText(text)).toEqual(expected);
  });
});

describe('parseSlashCommand', () => {
  test('a slash command becomes a command event keyed by its trigger id', () => {
    const fields = slashCommand({
      command: '/codecot',
      text: 'watch ON',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
      triggerId: '123.456.abc',
    });
    const parsed = parseSlashCommand(fields, ctx);
    expect(parsed).toMatchObject({ kind: 'needs_author', author: { userId: 'U0ALICE' } });
    if (parsed.kind !== 'needs_author') throw new Error('expected needs_author');
    expect(parsed.complete(alice)).toEqual({
      eventId: 'slack:command:123.456.abc',
      type: 'command',
      channel: { platform: 'slack', workspaceId: FAKE_TEAM_ID, channelId: 'C0GENERAL' },
      user: alice,
      subcommand: 'watch',
      args: 'ON',
    });
  });

  test('missing fields make it malformed', () => {
    const fields = slashCommand({
      command: '/codecot',
      text: 'status',
      userId: 'U0ALICE',
      channelId: 'C0GENERAL',
    });
    const { channel_id: _dropped, ...withoutChannel } = fields;
    expect(parseSlashCommand(withoutChannel, ctx)).toMatchObject({
      kind: 'malformed',
      reason: expect.stringMatching(/channel_id/),
    });
  });
});
