import pino from 'pino';
import { describe, expect, test, vi } from 'vitest';
import { classifyAuthor, type SlackUserRecord, toChatUser } from '../../../adapters/slack/trust.ts';
import { createUserDirectory } from '../../../adapters/slack/user-directory.ts';

const TEAM = 'T0HOME';
const member: SlackUserRecord = { id: 'U0ALICE', name: 'alice', real_name: 'Alice A', team_id: TEAM };

describe('classifyAuthor', () => {
  test.each([
    ['a workspace member', {}, member, { trust: 'trusted', isBot: false }],
    [
      'a message with a bot_id',
      { botId: 'B0CI' },
      member,
      { trust: 'untrusted', untrustedReason: 'bot', isBot: true },
    ],
    [
      'a bot_message subtype',
      { subtype: 'bot_message' },
      member,
      { trust: 'untrusted', untrustedReason: 'bot', isBot: true },
    ],
    [
      'a bot user',
      {},
      { ...member, is_bot: true },
      { trust: 'untrusted', untrustedReason: 'bot', isBot: true },
    ],
    [
      'an app user (profile bot_id)',
      {},
      { ...member, profile: { bot_id: 'B0APP' } },
      { trust: 'untrusted', untrustedReason: 'bot', isBot: true },
    ],
    [
      'a multi-channel guest',
      {},
      { ...member, is_restricted: true },
      { trust: 'untrusted', untrustedReason: 'guest', isBot: false },
    ],
    [
      'a single-channel guest',
      {},
      { ...member, is_ultra_restricted: true },
      { trust: 'untrusted', untrustedReason: 'guest', isBot: false },
    ],
    [
      'a Slack Connect user',
      {},
      { ...member, team_id: 'T0OTHER' },
      { trust: 'untrusted', untrustedReason: 'external', isBot: false },
    ],
    [
      'a message from another team',
      { teamId: 'T0OTHER' },
      member,
      { trust: 'untrusted', untrustedReason: 'external', isBot: false },
    ],
    [
      'an author nobody could look up',
      {},
      undefined,
      { trust: 'untrusted', untrustedReason: 'unverified', isBot: false },
    ],
  ] as const)('%s', (_name, hint, record, verdict) => {
    expect(classifyAuthor({ userId: 'U0ALICE', ...hint }, record, TEAM)).toEqual(verdict);
  });

  test('the canonical user carries the slack: id and the best display name', () => {
    expect(toChatUser({ userId: 'U0ALICE' }, { ...member, profile: { display_name: 'ali' } }, TEAM)).toEqual({
      id: 'slack:U0ALICE',
      name: 'ali',
      trust: 'trusted',
      isBot: false,
    });
    expect(toChatUser({ botId: 'B0HOOK', username: 'deploys' }, undefined, TEAM)).toMatchObject({
      id: 'slack:B0HOOK',
      name: 'deploys',
      untrustedReason: 'bot',
    });
  });
});

describe('createUserDirectory', () => {
  function directory(lookup: (id: string) => Promise<SlackUserRecord>, now = () => 0) {
    return createUserDirectory({
      lookup,
      workspaceTeamId: () => TEAM,
      logger: pino({ level: 'silent' }),
      now,
    });
  }

  test('looks a user up once per ten minutes, sharing a lookup in flight', async () => {
    let clock = 0;
    const lookup = vi.fn(async () => member);
    const users = directory(lookup, () => clock);
    await Promise.all([users.resolve({ userId: 'U0ALICE' }), users.resolve({ userId: 'U0ALICE' })]);
    clock = 9 * 60 * 1000;
    await users.resolve({ userId: 'U0ALICE' });
    expect(lookup).toHaveBeenCalledTimes(1);
    clock = 10 * 60 * 1000 + 1;
    expect(await users.resolve({ userId: 'U0ALICE' })).toMatchObject({ trust: 'trusted', name: 'Alice A' });
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  test('judges bots on the payload without a lookup', async () => {
    const lookup = vi.fn(async () => member);
    expect(await directory(lookup).resolve({ userId: 'U0CI', botId: 'B0CI' })).toMatchObject({ isBot: true });
    expect(lookup).not.toHaveBeenCalled();
  });

  test('a failed lookup labels the author untrusted and is not remembered', async () => {
    const lookup = vi
      .fn<(id: string) => Promise<SlackUserRecord>>()
      .mockRejectedValueOnce(new Error('ratelimited'))
      .mockResolvedValue(member);
    const users = directory(lookup);
    expect(await users.resolve({ userId: 'U0ALICE' })).toMatchObject({
      trust: 'untrusted',
      untrustedReason: 'unverified',
    });
    expect(await users.resolve({ userId: 'U0ALICE' })).toMatchObject({ trust: 'trusted' });
    expect(lookup).toHaveBeenCalledTimes(2);
  });
});
